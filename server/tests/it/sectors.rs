//! Modules 4–6 (health, education, tourism) through HTTP on both engines: their datasets
//! fed through the public ingestion API by their departments, the epidemic threshold and
//! its alert, the demo's totals against the published facts, and who may send figures.

use super::common;

use common::{Engine, TestServer};
use serde_json::Value;

const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");
const HEALTH_STEWARD: (&str, &str) = ("steward.health@demo.ioc.vn", "demo-health-2024");

async fn signed_in(srv: &TestServer, who: (&str, &str)) -> reqwest::Client {
    let c = srv.browser();
    assert_eq!(srv.login(&c, who.0, who.1).await, 200);
    c
}

async fn push_csv(srv: &TestServer, key: &str, code: &str, csv: &str) -> (u16, Value) {
    let res = srv
        .browser()
        .post(srv.url(&format!("/api/v1/datasets/{code}/records")))
        .bearer_auth(key)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

/// (row, column) of each rejection in an ingestion report.
fn rejections(report: &Value) -> Vec<(u64, String)> {
    report["rejections"]
        .as_array()
        .expect("a report with rejections")
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap_or(0),
                r["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

async fn sector(
    srv: &TestServer,
    c: &reqwest::Client,
    dept: &str,
    year: &str,
    unit: Option<&str>,
) -> Value {
    let mut form = vec![("department", dept), ("year", year)];
    if let Some(u) = unit {
        form.push(("unit", u));
    }
    let (s, v) = srv.call(c, "indicators/sector", &form).await;
    assert_eq!(s, 200, "{v}");
    v
}

fn indicator<'a>(board: &'a Value, code: &str) -> &'a Value {
    board["board"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["def"]["code"] == code)
        .unwrap_or_else(|| panic!("no indicator {code}"))
}

async fn each_module_is_fed_by_its_department(srv: &TestServer) {
    let syt = srv.ingest_key("syt-system", "SYT").await;
    let sgd = srv.ingest_key("sgd-system", "SGDDT").await;
    let sdl = srv.ingest_key("sdl-system", "SDL").await;
    let cases = "week,unit,disease,cases,deaths\n2024-W30,748,testpox,12,0\n";
    let schools = "school_code,name,level,district_code,school_year,classes,pupils,teachers\n\
                   TEST-1,Trường thử,primary,748,2024,10,320,15\n";
    let rooms =
        "district_code,month,rooms,room_nights_available,room_nights_sold,international_guests\n\
                 748,2024-12,900,27900,15000,300\n";
    for (code, key, good) in [
        ("disease-cases-weekly", &syt, cases),
        ("schools", &sgd, schools),
        ("tourism-accommodation-monthly", &sdl, rooms),
    ] {
        let (s, v) = push_csv(srv, key, code, good).await;
        assert_eq!(s, 200, "{code}: {v}");
        // Another department's system may not send these figures.
        let other = if key == &syt { &sdl } else { &syt };
        let (s, _) = push_csv(srv, other, code, good).await;
        assert_eq!(s, 403, "{code}");
    }
    // Bad rows are named by row and column, and nothing of the batch is kept.
    let (s, v) = push_csv(
        srv,
        &syt,
        "disease-cases-weekly",
        "week,unit,disease,cases,deaths\n2024-W31,748,testpox,5,0\n2024-W99,748,testpox,4,0\n2024-W32,748,testpox,-3,0\n",
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let r = rejections(&v);
    assert!(r.contains(&(3, "week".to_string())), "{v}");
    assert!(r.contains(&(4, "cases".to_string())), "{v}");
    let (s, v) = push_csv(
        srv,
        &sgd,
        "schools",
        "school_code,name,level,district_code,school_year,classes,pupils\nX,Y,university,748,2024,1,2\n",
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(rejections(&v), [(2, "level".to_string())]);
    let c = signed_in(srv, OFFICIAL).await;
    let (_, rows) = srv
        .call(&c, "health/board", &[("year", "2024"), ("unit", "748")])
        .await;
    let pox = rows["diseases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["disease"] == "testpox" && d["unit"] == "748")
        .unwrap();
    assert_eq!(pox["cases"][29], 12.0, "the accepted week is on the board");
    assert_eq!(
        pox["cases"][30],
        Value::Null,
        "the refused batch left nothing"
    );
}
both_engines!(each_module_is_fed_by_its_department);

async fn a_health_steward_manages_health_data_only(srv: &TestServer) {
    let c = signed_in(srv, HEALTH_STEWARD).await;
    let health = sector(srv, &c, "SYT", "2024", None).await;
    let education = sector(srv, &c, "SGDDT", "2024", None).await;
    let may = |b: &Value| -> Vec<bool> {
        b["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["may_upload"].as_bool().unwrap())
            .collect()
    };
    assert!(!may(&health).is_empty() && may(&health).iter().all(|m| *m));
    assert!(!may(&education).is_empty() && may(&education).iter().all(|m| !*m));
    let csv = "school_code,name,level,district_code,school_year,classes,pupils\nT,T,primary,748,2024,1,30\n";
    let (s, v) = srv
        .call(&c, "data/upload", &[("code", "schools"), ("csv", csv)])
        .await;
    assert_eq!(s, 403, "{v}");
    let (s, v) = srv
        .call(
            &c,
            "data/upload",
            &[
                ("code", "vaccination-monthly"),
                (
                    "csv",
                    "district_code,month,cohort,fully_immunised\n748,2024-12,100,97\n",
                ),
            ],
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["committed"], true, "{v}");
    // The public may not read the boards.
    let (s, _) = srv
        .call(
            &srv.browser(),
            "indicators/sector",
            &[("department", "SYT"), ("year", "2024")],
        )
        .await;
    assert_eq!(s, 401);
}
both_engines!(a_health_steward_manages_health_data_only);

async fn open_alerts(srv: &TestServer, c: &reqwest::Client, subject: &str) -> Vec<Value> {
    let (s, v) = srv
        .call_json(
            c,
            "alerts/list",
            serde_json::json!({"query": {"module": "health", "include_cleared": false}}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    v.as_array()
        .unwrap()
        .iter()
        .filter(|a| a["subject"] == subject)
        .cloned()
        .collect()
}

/// Five past years of week 10 (16, 10, 14, 20, 12): median 14, threshold (Q3) 16. A week
/// of 17 raises one alert, however often it is sent; a quiet week ends it.
async fn epidemic_threshold_and_its_alert(srv: &TestServer) {
    let key = srv.ingest_key("syt-surveillance", "SYT").await;
    let c = signed_in(srv, OFFICIAL).await;
    // 2023's 12 is under the channel of the four years before it: no alert yet.
    let past = "week,unit,disease,cases,deaths\n\
                2019-W10,748,testfever,16,0\n2020-W10,748,testfever,10,0\n2021-W10,748,testfever,14,0\n\
                2022-W10,748,testfever,20,0\n2023-W10,748,testfever,12,0\n";
    assert_eq!(
        push_csv(srv, &key, "disease-cases-weekly", past).await.0,
        200
    );
    assert!(open_alerts(srv, &c, "testfever:748").await.is_empty());
    let week = "week,unit,disease,cases,deaths\n2024-W10,748,testfever,17,0\n";
    for _ in 0..2 {
        assert_eq!(
            push_csv(srv, &key, "disease-cases-weekly", week).await.0,
            200
        );
        let (s, board) = srv.call(&c, "health/board", &[("year", "2024")]).await;
        assert_eq!(s, 200);
        let fever = board["diseases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["disease"] == "testfever" && d["unit"] == "748")
            .unwrap()
            .clone();
        assert_eq!(fever["median"][9], 14.0);
        assert_eq!(fever["threshold"][9], 16.0);
        assert_eq!(fever["above"], serde_json::json!([9]));
        let open = open_alerts(srv, &c, "testfever:748").await;
        assert_eq!(open.len(), 1, "one alert per crossing: {open:?}");
        assert!(open[0]["title_vi"].as_str().unwrap().contains("2024-W10"));
    }
    // A week with no case in any year before has a threshold of 0: one case would be
    // above it; none is not.
    let quiet = "week,unit,disease,cases,deaths\n2024-W11,748,testfever,0,0\n";
    assert_eq!(
        push_csv(srv, &key, "disease-cases-weekly", quiet).await.0,
        200
    );
    assert!(open_alerts(srv, &c, "testfever:748").await.is_empty());
    // The demo's late dengue season in Châu Đức is above its threshold.
    let dengue = open_alerts(srv, &c, "dengue:750").await;
    assert_eq!(dengue.len(), 1, "{dengue:?}");
}
both_engines!(epidemic_threshold_and_its_alert);

async fn demo_totals_are_the_published_facts(srv: &TestServer) {
    let c = signed_in(srv, OFFICIAL).await;
    for (year, visitors, overnight, international, revenue) in [
        ("2023", 14_110_000.0, 4_350_000.0, 200_000.0, Some(14_678.0)),
        ("2024", 16_120_000.0, 4_965_000.0, 260_000.0, None),
    ] {
        let b = sector(srv, &c, "SDL", year, None).await;
        assert_eq!(indicator(&b, "tourist-visits")["value"], visitors, "{year}");
        assert_eq!(
            indicator(&b, "overnight-guests")["value"],
            overnight,
            "{year}"
        );
        assert_eq!(
            indicator(&b, "international-guests")["value"],
            international,
            "{year}"
        );
        if let Some(r) = revenue {
            let v = indicator(&b, "tourism-revenue")["value"].as_f64().unwrap();
            assert!((v - r).abs() < 0.01, "{v}");
        }
        assert!(
            !b["previous"].as_array().unwrap().is_empty(),
            "growth needs the year before"
        );
    }
    let (s, e) = srv.call(&c, "education/board", &[("year", "2024")]).await;
    assert_eq!(s, 200, "{e}");
    let level = |code: &str| -> Value {
        e["levels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["level"] == code)
            .cloned()
            .unwrap()
    };
    let schools: i64 = ["preschool", "primary", "lower_secondary", "upper_secondary"]
        .iter()
        .map(|l| level(l)["schools"].as_i64().unwrap())
        .sum();
    assert_eq!(schools, 463);
    for (code, schools, classes, pupils) in [
        ("preschool", Some(195), 2_509, 68_407),
        ("nursery", None, 581, 12_988),
        ("kindergarten", None, 1_928, 55_419),
        ("primary", Some(139), 3_164, 113_168),
        ("lower_secondary", Some(91), 2_118, 86_297),
        ("upper_secondary", Some(38), 1_012, 39_948),
    ] {
        let l = level(code);
        assert_eq!(l["schools"].as_i64(), schools, "{code}");
        assert_eq!(l["classes"], classes, "{code}");
        assert_eq!(l["pupils"], pupils, "{code}");
    }
    assert_eq!(e["schools"].as_array().unwrap().len(), 463);
    // A district: its schools only, and the same totals as the by-district chart.
    let (_, d) = srv
        .call(&c, "education/board", &[("year", "2024"), ("unit", "755")])
        .await;
    let con_dao: i64 = d["levels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["schools"].is_number())
        .map(|l| l["pupils"].as_i64().unwrap())
        .sum();
    let chart: i64 = e["by_district"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["unit"] == "755")
        .unwrap()["pupils"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(con_dao, chart);
    assert!(d["schools"].as_array().unwrap().len() < 40);
    // Health: facilities by type, the hospitals from OpenStreetMap.
    let (_, h) = srv.call(&c, "health/board", &[("year", "2024")]).await;
    let f = h["facilities"].as_array().unwrap();
    let real = f.iter().filter(|x| x["synthetic"] == false).count();
    assert_eq!(real, 14);
    assert!(f
        .iter()
        .any(|x| x["kind"] == "commune_station" && x["synthetic"] == true));
    let (s, v) = srv
        .call(&c, "health/board", &[("year", "2024"), ("unit", "999")])
        .await;
    assert_eq!(s, 422, "{v}");
    // Tourism per district, with the year before.
    let (s, t) = srv
        .call(
            &c,
            "tourism/board",
            &[("year", "2024"), ("through_month", "6"), ("unit", "747")],
        )
        .await;
    assert_eq!(s, 200, "{t}");
    let vt = &t["by_district"][0];
    assert_eq!(vt["unit"], "747");
    assert!(
        vt["visitors"].as_f64().unwrap() > 0.0 && vt["visitors_before"].as_f64().unwrap() > 0.0
    );
    assert!(t["places"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["unit"] == "747"));
}
both_engines!(demo_totals_are_the_published_facts);

/// The rows behind a figure of a sector page: a district's dengue cases in 2024 are the
/// weekly rows of that disease there, adding up to the page's figure, with the batches
/// that brought them; a span of months is those months; a wrong field or dataset is
/// named, and the public gets nothing.
async fn a_figure_opens_its_rows(srv: &TestServer) {
    let c = signed_in(srv, OFFICIAL).await;
    let (s, board) = srv.call(&c, "health/board", &[("year", "2024")]).await;
    assert_eq!(s, 200, "{board}");
    let dengue = board["diseases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["disease"] == "dengue" && d["unit"] == "750")
        .unwrap()
        .clone();
    let weeks: Vec<f64> = dengue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    let ask = serde_json::json!({"ask": {"dataset": "disease-cases-weekly", "unit": "750",
        "from": "2024", "until": "2025", "filters": [["disease", "dengue"]]}});
    let (s, rows) = srv.call_json(&c, "data/rows", ask.clone()).await;
    assert_eq!(s, 200, "{rows}");
    assert_eq!(rows["row_count"].as_u64().unwrap() as usize, weeks.len());
    let fields: Vec<&str> = rows["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[0].as_str().unwrap())
        .collect();
    let at = |name: &str| fields.iter().position(|f| *f == name).unwrap();
    let (cases, disease, week) = (at("cases"), at("disease"), at("week"));
    let listed = rows["rows"].as_array().unwrap();
    assert_eq!(listed.len(), weeks.len());
    let sum: f64 = listed
        .iter()
        .map(|r| r["values"][cases].as_f64().unwrap())
        .sum();
    assert_eq!(sum, weeks.iter().sum::<f64>());
    assert!(listed.iter().all(|r| r["values"][disease] == "dengue"
        && r["values"][week].as_str().unwrap().starts_with("2024-W")
        && r["unit_name"]
            .as_str()
            .is_some_and(|n| n.contains("Châu Đức"))));
    let batches = rows["batches"].as_array().unwrap();
    assert!(!batches.is_empty());
    assert_eq!(
        batches
            .iter()
            .map(|b| b["rows"].as_u64().unwrap())
            .sum::<u64>() as usize,
        weeks.len(),
        "every row's batch: {batches:?}"
    );

    // Months 1 to 6 of one district's visits: six rows.
    let (s, months) = srv
        .call_json(
            &c,
            "data/rows",
            serde_json::json!({"ask": {"dataset": "tourism-monthly", "unit": "747",
                "from": "2024", "until": "2024-07"}}),
        )
        .await;
    assert_eq!(s, 200, "{months}");
    assert_eq!(months["row_count"], 6);

    // What is wrong is named; nothing is shown to the public.
    let mut bad = ask.clone();
    bad["ask"]["filters"] = serde_json::json!([["illness", "dengue"]]);
    let (s, body) = srv.call_json(&c, "data/rows", bad).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["detail"]["field"], "filters");
    let mut bad = ask.clone();
    bad["ask"]["unit"] = serde_json::json!("nowhere");
    let (s, body) = srv.call_json(&c, "data/rows", bad).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["detail"]["field"], "unit");
    let mut bad = ask.clone();
    bad["ask"]["dataset"] = serde_json::json!("no-such-dataset");
    assert_eq!(srv.call_json(&c, "data/rows", bad).await.0, 404);
    let (s, _) = srv.call_json(&srv.browser(), "data/rows", ask).await;
    assert!(s == 401 || s == 403, "{s}");
}
both_engines!(a_figure_opens_its_rows);
