//! Module 7 through its REST API and server functions, on SQLite and PostgreSQL: stations,
//! readings (dedup, late and out-of-order, units, implausible values), VN_AQI and VN_WQI
//! against values worked by hand, chart series from the rollups, alerts.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};

/// A time in the province (UTC+7) as RFC 3339.
fn at(day: &str, hour: u32) -> String {
    format!("{day}T{hour:02}:00:00+07:00")
}

async fn post(srv: &TestServer, key: &str, path: &str, body: Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(srv.url(path))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn get(srv: &TestServer, path: &str) -> (u16, Value) {
    let res = reqwest::get(srv.url(path)).await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn air_station(code: &str) -> Value {
    json!({
        "code": code, "name": format!("Trạm {code}"), "kind": "air",
        "lat": 10.3462, "lon": 107.0728,
        "parameters": ["pm25", "pm10", "o3", "no2", "so2", "co"]
    })
}

async fn stations_are_registered_updated_and_checked(srv: &TestServer) {
    let key = srv.ingest_key("stnmt-system", "STNMT").await;
    let other = srv.ingest_key("tourism-system", "SDL").await;
    // Created, with its district found from the position (Vũng Tàu).
    let (s, body) = post(
        srv,
        &key,
        "/api/v1/environment/stations",
        air_station("T-A1"),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["district_code"], "747");
    assert_eq!(body["department"], "STNMT");
    assert_eq!(body["interval_minutes"], 60);
    assert_eq!(
        body["limits"]["no2"], 200.0,
        "the default limit is in force"
    );
    // The same code again updates it.
    let mut changed = air_station("T-A1");
    changed["name"] = json!("Trạm đổi tên");
    changed["limits"] = json!({ "no2": 150 });
    let (s, body) = post(srv, &key, "/api/v1/environment/stations", changed).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["name"], "Trạm đổi tên");
    assert_eq!(body["limits"]["no2"], 150.0);
    let (_, list) = get(srv, "/api/v1/environment/stations").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Another department's key may not touch it.
    let (s, _) = post(
        srv,
        &other,
        "/api/v1/environment/stations",
        air_station("T-A1"),
    )
    .await;
    assert_eq!(s, 403, "a station of STNMT");
    // Bad input names its field.
    let mut bad = air_station("T-A2");
    bad["parameters"] = json!(["pm25", "ozone"]);
    let (s, body) = post(srv, &key, "/api/v1/environment/stations", bad).await;
    assert_eq!(
        (s, body["error"]["detail"]["field"].as_str()),
        (422, Some("parameters"))
    );
    assert!(body["error"]["detail"]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("ozone"));
    let mut bad = air_station("T-A2");
    bad["parameters"] = json!(["o3", "no2"]);
    let (s, body) = post(srv, &key, "/api/v1/environment/stations", bad).await;
    assert_eq!(s, 422);
    assert!(body["error"]["detail"]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("pm25 or pm10"));
    let mut bad = air_station("T-A2");
    bad["district_code"] = json!("999");
    let (s, body) = post(srv, &key, "/api/v1/environment/stations", bad).await;
    assert_eq!(
        (s, body["error"]["detail"]["field"].as_str()),
        (422, Some("district_code"))
    );
    let (s, _) = reqwest::Client::new()
        .post(srv.url("/api/v1/environment/stations"))
        .json(&air_station("T-A3"))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(s, 401, "writing needs a key or a session");
}
both_engines!(stations_are_registered_updated_and_checked);

async fn count_readings(srv: &TestServer, code: &str, from: &str, to: &str) -> Vec<Value> {
    let (s, body) = get(
        srv,
        &format!(
            "/api/v1/environment/stations/{code}/readings?from={}&to={}&limit=10000",
            urlencode(from),
            urlencode(to)
        ),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    body.as_array().unwrap().clone()
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

async fn readings_are_deduplicated_corrected_checked_and_flagged(srv: &TestServer) {
    let key = srv.ingest_key("stnmt", "STNMT").await;
    post(
        srv,
        &key,
        "/api/v1/environment/stations",
        air_station("T-B1"),
    )
    .await;
    let day = "2024-03-01";
    let first: Vec<Value> = (0..3)
        .map(|h| json!({"station_code": "T-B1", "parameter": "pm25", "time": at(day, h), "value": 10.0 * (h + 1) as f64, "unit": "µg/m³"}))
        .collect();
    let (s, r) = post(srv, &key, "/api/v1/environment/readings", json!(first)).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["inserted"].as_u64(), r["unchanged"].as_u64()),
        (Some(3), Some(0))
    );
    // Sent twice: stored once.
    let (_, r) = post(srv, &key, "/api/v1/environment/readings", json!(first)).await;
    assert_eq!(
        (r["inserted"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(3))
    );
    // A correction replaces the value; the same key twice in one batch, the later wins.
    let fix = json!([
        {"station_code": "T-B1", "parameter": "pm25", "time": at(day, 2), "value": 33.0},
        {"station_code": "T-B1", "parameter": "pm25", "time": at(day, 2), "value": 36.0},
    ]);
    let (_, r) = post(srv, &key, "/api/v1/environment/readings", fix).await;
    assert_eq!(r["updated"].as_u64(), Some(1), "{r}");
    let stored = count_readings(srv, "T-B1", &at(day, 0), &at(day, 3)).await;
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[2]["value"], 36.0);
    // Units convert (mg/m³ → µg/m³); a unit that does not fit refuses the whole batch.
    let batch = json!([
        {"station_code": "T-B1", "parameter": "pm10", "time": at(day, 0), "value": 0.05, "unit": "mg/m3"},
        {"station_code": "T-B1", "parameter": "pm10", "time": at(day, 1), "value": 50, "unit": "mg/L"},
    ]);
    let (s, r) = post(srv, &key, "/api/v1/environment/readings", batch.clone()).await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(r["committed"], false);
    assert_eq!(r["rejected"][0]["index"], 1);
    assert_eq!(r["rejected"][0]["field"], "unit");
    assert!(r["rejected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("mg/L"));
    let stored = count_readings(srv, "T-B1", &at(day, 0), &at(day, 3)).await;
    assert_eq!(stored.len(), 3, "nothing of a refused batch is stored");
    let (s, r) = post(
        srv,
        &key,
        "/api/v1/environment/readings?partial=true",
        batch,
    )
    .await;
    assert_eq!((s, r["inserted"].as_u64()), (200, Some(1)), "{r}");
    let stored = count_readings(srv, "T-B1", &at(day, 0), &at(day, 3)).await;
    let pm10 = stored.iter().find(|x| x["parameter"] == "pm10").unwrap();
    assert!((pm10["value"].as_f64().unwrap() - 50.0).abs() < 1e-9);
    // Every field is named when wrong.
    let bad = json!([
        {"station_code": "NOPE", "parameter": "pm25", "time": at(day, 4), "value": 1},
        {"station_code": "T-B1", "parameter": "ph", "time": at(day, 4), "value": 7},
        {"station_code": "T-B1", "parameter": "pm25", "time": "2024-03-01 04:00", "value": 1},
        {"station_code": "T-B1", "parameter": "pm25", "time": "2999-01-01T00:00:00+07:00", "value": 1},
    ]);
    let (_, r) = post(srv, &key, "/api/v1/environment/readings", bad).await;
    let fields: Vec<&str> = r["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["station_code", "parameter", "time", "time"], "{r}");
    // Implausible: stored, flagged, left out of the hourly mean.
    let glitch = json!([
        {"station_code": "T-B1", "parameter": "pm25", "time": "2024-03-01T00:30:00+07:00", "value": 5000.0},
    ]);
    let (s, r) = post(srv, &key, "/api/v1/environment/readings", glitch).await;
    assert_eq!(s, 200);
    assert_eq!(r["flagged"][0]["parameter"], "pm25");
    assert!(r["flagged"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("range"));
    let stored = count_readings(srv, "T-B1", &at(day, 0), &at(day, 1)).await;
    assert!(stored
        .iter()
        .any(|x| x["flagged"] == true && x["value"] == 5000.0));
    // Another department's key may not write to STNMT's station.
    let other = srv.ingest_key("sdl", "SDL").await;
    let (s, r) = post(
        srv,
        &other,
        "/api/v1/environment/readings",
        json!([{"station_code": "T-B1", "parameter": "pm25", "time": at(day, 5), "value": 1}]),
    )
    .await;
    assert_eq!(s, 422);
    assert!(r["rejected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("STNMT"));
}
both_engines!(readings_are_deduplicated_corrected_checked_and_flagged);

fn aqi_at<'a>(list: &'a Value, time: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|p| p["time"] == time)
        .unwrap_or_else(|| panic!("no index at {time}: {list}"))
}

async fn aqi_follows_the_decision_with_late_readings(srv: &TestServer) {
    let key = srv.ingest_key("stnmt", "STNMT").await;
    post(
        srv,
        &key,
        "/api/v1/environment/stations",
        air_station("T-C1"),
    )
    .await;
    let day = "2024-03-01";
    // PM2.5 at 10:00, 11:00, 12:00: 10, 20, 30. O3 180 at 12:00.
    let readings = json!([
        {"station_code": "T-C1", "parameter": "pm25", "time": at(day, 10), "value": 10},
        {"station_code": "T-C1", "parameter": "pm25", "time": at(day, 12), "value": 30},
        {"station_code": "T-C1", "parameter": "pm25", "time": at(day, 11), "value": 20},
        {"station_code": "T-C1", "parameter": "o3", "time": at(day, 12), "value": 180},
    ]);
    post(srv, &key, "/api/v1/environment/readings", readings).await;
    let path =
        format!("/api/v1/environment/stations/T-C1/aqi?kind=hourly&from={day}&to=2024-03-02");
    let (s, list) = get(srv, &path).await;
    assert_eq!(s, 200, "{list}");
    // 12:00: Nowcast (30 + 20/2 + 10/4)/(1.75) = 24.2857 → 48.57; O3 180 → 75: AQI 75, O3.
    let noon = aqi_at(&list, "2024-03-01T12:00:00+07:00");
    assert_eq!(noon["value"], 75);
    assert_eq!(noon["dominant"], "o3");
    assert_eq!(noon["label_vi"], "Trung bình");
    assert_eq!(noon["colour"], "#ffff00");
    assert!((noon["sub_indices"]["pm25"].as_f64().unwrap() - 48.57).abs() < 0.01);
    // 11:00: Nowcast (20 + 10/2)/1.5 = 16.667 → 33.33 → 33. 10:00 alone: no Nowcast yet.
    assert_eq!(aqi_at(&list, "2024-03-01T11:00:00+07:00")["value"], 33);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["time"] != "2024-03-01T10:00:00+07:00"));
    // Nothing after the latest reading: 13:00 has not happened for this station.
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["time"] != "2024-03-01T13:00:00+07:00"));
    // A late reading for 09:00 (40) changes the hours after it.
    post(
        srv,
        &key,
        "/api/v1/environment/readings",
        json!([{"station_code": "T-C1", "parameter": "pm25", "time": at(day, 9), "value": 40}]),
    )
    .await;
    let (_, list) = get(srv, &path).await;
    // 12:00: c = 30, 20, 10, 40: w = 10/40 → ½: (30 + 10 + 2.5 + 5)/(1 + ½ + ¼ + ⅛) = 25.333 → 50.67;
    // still O3 75 dominant; 10:00 now has a Nowcast: (10 + 20)/1.5 = 20 → 40.
    let noon = aqi_at(&list, "2024-03-01T12:00:00+07:00");
    assert!(
        (noon["sub_indices"]["pm25"].as_f64().unwrap() - 50.67).abs() < 0.01,
        "{noon}"
    );
    assert_eq!(aqi_at(&list, "2024-03-01T10:00:00+07:00")["value"], 40);

    // A whole day: PM2.5 20 every hour, O3 100 with a 1-hour 180 and an 8-hour 136.25 peak.
    let day2 = "2024-03-05";
    let mut all = Vec::new();
    for h in 0..24u32 {
        all.push(
            json!({"station_code": "T-C1", "parameter": "pm25", "time": at(day2, h), "value": 20}),
        );
        let o3 = match h {
            12 => 180.0,
            13..=19 => 130.0,
            _ => 100.0,
        };
        all.push(
            json!({"station_code": "T-C1", "parameter": "o3", "time": at(day2, h), "value": o3}),
        );
    }
    post(srv, &key, "/api/v1/environment/readings", json!(all)).await;
    let (s, daily) = get(
        srv,
        "/api/v1/environment/stations/T-C1/aqi?kind=daily&from=2024-03-01&to=2024-03-07",
    )
    .await;
    assert_eq!(s, 200);
    let d = aqi_at(&daily, "2024-03-05T00:00:00+07:00");
    // O3 8-hour max (180 + 7 × 130)/8 = 136.25 → 116.25; PM2.5 mean 20 → 40: 116, O3.
    assert_eq!(d["value"], 116, "{d}");
    assert_eq!(d["dominant"], "o3");
    assert_eq!(d["label_vi"], "Kém");
    let (s, err) = get(srv, "/api/v1/environment/stations/T-C1/aqi?kind=weekly").await;
    assert_eq!(
        (s, err["error"]["detail"]["field"].as_str()),
        (422, Some("kind"))
    );
    let (s, _) = get(srv, "/api/v1/environment/stations/NOPE/aqi").await;
    assert_eq!(s, 404);
}
both_engines!(aqi_follows_the_decision_with_late_readings);

async fn wqi_of_a_sample(srv: &TestServer) {
    let key = srv.ingest_key("stnmt", "STNMT").await;
    let station = json!({
        "code": "T-W1", "name": "Sông thử", "kind": "water", "mode": "periodic",
        "lat": 10.4988, "lon": 107.1502,
        "parameters": ["ph", "temp", "do", "bod5", "cod", "nh4", "as", "pb", "coliform"]
    });
    let (s, body) = post(srv, &key, "/api/v1/environment/stations", station).await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["interval_minutes"], 31 * 24 * 60);
    let t = "2024-04-10T09:00:00+07:00";
    let sample: Vec<Value> = [
        ("ph", 7.0, ""),
        ("temp", 25.0, "°C"),
        ("do", 8.175_656_25, "mg/L"),
        ("bod5", 10.0, "mg/L"),
        ("cod", 20.0, "mg/L"),
        ("nh4", 450.0, "µg/L"),
        ("as", 0.035, "mg/L"),
        ("pb", 0.01, "mg/L"),
        ("coliform", 6000.0, "MPN/100mL"),
    ]
    .iter()
    .map(|(p, v, u)| json!({"station_code": "T-W1", "parameter": p, "time": t, "value": v, "unit": u}))
    .collect();
    let (s, r) = post(srv, &key, "/api/v1/environment/readings", json!(sample)).await;
    assert_eq!(s, 200, "{r}");
    let (s, list) = get(
        srv,
        "/api/v1/environment/stations/T-W1/wqi?from=2024-04-01&to=2024-05-01",
    )
    .await;
    assert_eq!(s, 200);
    // Worked by hand in app::modules::environment::wqi: 55.655 → 56, "Trung bình".
    let w = &list[0];
    assert_eq!(w["value"], 56, "{list}");
    assert_eq!(w["label_vi"], "Trung bình");
    assert_eq!(w["dominant"], "as");
    assert_eq!(w["time"], "2024-04-10T09:00:00+07:00");
    assert!((w["sub_indices"]["nh4"].as_f64().unwrap() - 62.5).abs() < 1e-9);
}
both_engines!(wqi_of_a_sample);

async fn series_come_from_the_rollups_for_each_range(srv: &TestServer) {
    let key = srv.ingest_key("stnmt", "STNMT").await;
    post(
        srv,
        &key,
        "/api/v1/environment/stations",
        air_station("T-D1"),
    )
    .await;
    // 40 days of hourly PM2.5 (value = hour of the day), two readings an hour.
    let start = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+07:00")
        .unwrap()
        .timestamp();
    let mut all = Vec::new();
    for h in 0..(40 * 24) {
        for m in [0, 30] {
            let t = start + h * 3600 + m * 60;
            let time = chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339();
            all.push(json!({"station_code": "T-D1", "parameter": "pm25", "time": time, "value": (h % 24) as f64 + if m == 0 { 0.0 } else { 1.0 }}));
        }
    }
    let (s, r) = post(srv, &key, "/api/v1/environment/readings", json!(all)).await;
    assert_eq!((s, r["inserted"].as_u64()), (200, Some(40 * 24 * 2)));
    let browser = srv.browser();
    for (range, n) in [("day", 24), ("week", 168), ("month", 720), ("year", 365)] {
        let (s, body) = get(
            srv,
            &format!("/api/v1/environment/stations/T-D1/series?range={range}"),
        )
        .await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(body["times"].as_array().unwrap().len(), n, "{range}");
        let pm = body["params"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["parameter"] == "pm25")
            .unwrap();
        let mean = pm["mean"].as_array().unwrap();
        assert_eq!(mean.len(), n);
        if range == "day" {
            // The last hour is 23:00 of the 40th day: mean of 23 and 24.
            assert_eq!(mean[23], 23.5);
            assert_eq!(mean[0], 0.5);
        }
        if range == "year" {
            // The daily mean of hourly means 0.5 … 23.5 is 12.
            assert_eq!(mean[n - 1], 12.0);
            assert_eq!(mean.iter().filter(|v| !v.is_null()).count(), 40);
        }
        // The server function the page calls answers the same, to anyone (as REST does).
        let (status, same) = srv
            .call(
                &browser,
                "environment/series",
                &[("code", "T-D1"), ("range", range)],
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(same["times"].as_array().unwrap().len(), n);
    }
    srv.login(&browser, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    let (status, body) = srv
        .call(
            &browser,
            "environment/series",
            &[("code", "T-D1"), ("range", "week")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["times"].as_array().unwrap().len(), 168);
    let (s, err) = get(srv, "/api/v1/environment/stations/T-D1/series?range=decade").await;
    assert_eq!(
        (s, err["error"]["detail"]["field"].as_str()),
        (422, Some("range"))
    );
    // The public map's answer needs no account.
    let (status, now) = srv
        .call(&reqwest::Client::new(), "environment/now", &[])
        .await;
    assert_eq!(status, 200);
    assert_eq!(now["stations"][0]["station"]["code"], "T-D1");
}
both_engines!(series_come_from_the_rollups_for_each_range);

async fn alerts_are_raised_acknowledged_and_cleared(srv: &TestServer) {
    let key = srv.ingest_key("stnmt", "STNMT").await;
    post(
        srv,
        &key,
        "/api/v1/environment/stations",
        air_station("T-E1"),
    )
    .await;
    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    // Hours in the past: readings from the future are refused.
    let now = chrono::Utc::now().timestamp() / 3600 * 3600 - 6 * 3600;
    let iso = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339();
    // PM2.5 90 for three hours: Nowcast 90 → 50/70 × 10 + 150 = 157 ("Xấu"); NO2 250 > 200.
    let mut readings = Vec::new();
    for k in 0..3 {
        readings.push(json!({"station_code": "T-E1", "parameter": "pm25", "time": iso(now - k * 3600), "value": 90}));
    }
    readings
        .push(json!({"station_code": "T-E1", "parameter": "no2", "time": iso(now), "value": 250}));
    post(srv, &key, "/api/v1/environment/readings", json!(readings)).await;
    let alerts = srv.open_alerts(&official, "environment").await;
    let aqi = alerts
        .iter()
        .find(|a| a["kind"] == "aqi")
        .expect("AQI alert");
    assert_eq!(aqi["subject"], "T-E1");
    assert!(aqi["value"].as_str().unwrap().contains("157"), "{aqi}");
    assert!(aqi["title_vi"].as_str().unwrap().contains("Xấu"));
    let limit = alerts
        .iter()
        .find(|a| a["kind"] == "limit:no2")
        .expect("limit alert");
    assert!(limit["value"].as_str().unwrap().contains("250"), "{limit}");
    // The public may not read or acknowledge alerts.
    let (s, _) = srv
        .call(
            &reqwest::Client::new(),
            "alerts/ack",
            &[("id", &aqi["id"].to_string())],
        )
        .await;
    assert_eq!(s, 401);
    let (s, acked) = srv
        .call(&official, "alerts/ack", &[("id", &aqi["id"].to_string())])
        .await;
    assert_eq!(s, 200, "{acked}");
    assert_eq!(acked["acknowledged_by"], "official@demo.ioc.vn");
    // Cleaner air next hour: the AQI alert ends; NO2 back under its limit ends that one.
    let next = now + 3600;
    let readings = json!([
        {"station_code": "T-E1", "parameter": "pm25", "time": iso(next), "value": 5},
        {"station_code": "T-E1", "parameter": "pm25", "time": iso(next + 1), "value": 5},
        {"station_code": "T-E1", "parameter": "no2", "time": iso(next), "value": 40},
    ]);
    post(srv, &key, "/api/v1/environment/readings", readings).await;
    let alerts = srv.open_alerts(&official, "environment").await;
    // Nowcast of 5, 90, 90, 90 with w = ½: (5 + 45 + 22.5 + 11.25)/1.875 = 44.67 → 89: below "Kém".
    assert!(alerts.iter().all(|a| a["kind"] != "aqi"), "{alerts:?}");
    assert!(
        alerts.iter().all(|a| a["kind"] != "limit:no2"),
        "{alerts:?}"
    );
    // Silent past the interval: a "Sống" alert; a reading ends it.
    let later = next + 3 * 3600;
    let raised = server::modules::environment::alerting::silence_round(&srv.db, later)
        .await
        .unwrap();
    assert_eq!(raised, 1);
    let alerts = srv.open_alerts(&official, "environment").await;
    assert!(alerts
        .iter()
        .any(|a| a["kind"] == "silence" && a["subject"] == "T-E1"));
    // Twice raised, one alert.
    server::modules::environment::alerting::silence_round(&srv.db, later)
        .await
        .unwrap();
    let alerts = srv.open_alerts(&official, "environment").await;
    assert_eq!(alerts.iter().filter(|a| a["kind"] == "silence").count(), 1);
    post(
        srv,
        &key,
        "/api/v1/environment/readings",
        json!([{"station_code": "T-E1", "parameter": "pm25", "time": iso(next + 2 * 3600), "value": 5}]),
    )
    .await;
    let alerts = srv.open_alerts(&official, "environment").await;
    assert!(alerts.iter().all(|a| a["kind"] != "silence"), "{alerts:?}");
    // Ended alerts are kept for the record.
    let res = official
        .post(srv.url("/api/alerts/list"))
        .json(&json!({"query": {"module": "environment", "include_cleared": true}}))
        .send()
        .await
        .unwrap();
    let all: Value = res.json().await.unwrap();
    assert!(all.as_array().unwrap().len() >= 3);
}
both_engines!(alerts_are_raised_acknowledged_and_cleared);

async fn the_demo_network_loads_through_the_ingest_path(srv: &TestServer) {
    let end = chrono::Utc::now().timestamp();
    let n = server::modules::environment::demo::seed(&srv.db, end, 10)
        .await
        .unwrap();
    assert!(n > 10 * 24 * 6 * 6 / 2, "{n} readings");
    // Seeding again does nothing.
    assert_eq!(
        server::modules::environment::demo::seed(&srv.db, end, 10)
            .await
            .unwrap(),
        0
    );
    let (_, list) = get(srv, "/api/v1/environment/stations").await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10);
    let air_with_index = list
        .iter()
        .filter(|s| s["station"]["kind"] == "air" && s["index"]["value"].is_u64())
        .count();
    assert_eq!(air_with_index, 6);
    // Two of the three sampled rivers and the lake have a VN_WQI; the automatic river
    // measures two groups only, so it has none.
    let water: Vec<&Value> = list
        .iter()
        .filter(|s| s["station"]["kind"] == "water")
        .collect();
    assert_eq!(water.len(), 4);
    let tv = water
        .iter()
        .find(|s| s["station"]["code"] == "NM-TV01")
        .unwrap();
    assert!(tv["index"].is_null());
    // The Phú Mỹ episode raises an AQI alert.
    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    let alerts = srv.open_alerts(&official, "environment").await;
    assert!(
        alerts
            .iter()
            .any(|a| a["kind"] == "aqi" && a["subject"] == "KK-PM01"),
        "{alerts:?}"
    );
}
both_engines!(the_demo_network_loads_through_the_ingest_path);
