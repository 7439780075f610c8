//! Environment benchmark against a running `ioc` (see bench/environment.sh): sustained
//! ingest over HTTP and over MQTT (readings/s, with rollups and indices kept current),
//! and the year-long station chart at the server (p50/p95/p99).
//!
//! cargo run --release --example env_bench -- BASE_URL KEY MQTT_HOST:PORT DATABASE_URL

use rumqttc::{AsyncClient, MqttOptions, QoS};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const STATIONS: usize = 100;
const PARAMS: [&str; 6] = ["pm25", "pm10", "o3", "no2", "so2", "co"];

fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339()
}

/// One station's readings for minutes [from, from + minutes).
fn readings(station: usize, from: i64, minutes: i64, with_code: bool) -> Vec<Value> {
    let mut out = Vec::with_capacity(minutes as usize * PARAMS.len());
    for m in 0..minutes {
        let t = from + m * 60;
        for (i, p) in PARAMS.iter().enumerate() {
            let v = 10.0 + (station % 7) as f64 * 3.0 + i as f64 + ((t / 60) % 13) as f64;
            let mut r = json!({"parameter": p, "time": iso(t), "value": v, "unit": "ug/m3"});
            if with_code {
                r["station_code"] = json!(format!("BENCH-{station:03}"));
            }
            out.push(r);
        }
    }
    out
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p / 100.0) as usize).min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, key, mqtt, database] = [&args[0], &args[1], &args[2], &args[3]];
    let http = reqwest::Client::new();
    let db = sea_orm::Database::connect(database.as_str()).await.unwrap();

    for s in 0..STATIONS {
        let res = http
            .post(format!("{base}/api/v1/environment/stations"))
            .bearer_auth(key)
            .json(&json!({"code": format!("BENCH-{s:03}"), "name": format!("Bench {s}"), "kind": "air",
                          "lat": 10.4 + s as f64 * 0.001, "lon": 107.1, "parameters": PARAMS}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "station: {}", res.status());
    }
    // Minute readings from 20 days ago: every batch is a new span, as live data is.
    let t0 = (chrono::Utc::now().timestamp() - 20 * 86_400) / 3600 * 3600;

    // HTTP: batches of 100 stations × 10 minutes × 6 parameters = 6,000 readings, 4 clients.
    let batches = 60;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..4 {
        let (http, base, key) = (http.clone(), base.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            for b in (client..batches).step_by(4) {
                let from = t0 + b as i64 * 600;
                let body: Vec<Value> = (0..STATIONS)
                    .flat_map(|s| readings(s, from, 10, true))
                    .collect();
                let res = http
                    .post(format!("{base}/api/v1/environment/readings"))
                    .bearer_auth(&key)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 200);
                let r: Value = res.json().await.unwrap();
                n += r["inserted"].as_u64().unwrap();
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "HTTP ingest: {total} readings in {secs:.2} s = {:.0} readings/s (batches of 6,000, 4 clients)",
        total as f64 / secs
    );

    // MQTT: one message per station and 10 minutes (60 readings), QoS 1, after the HTTP span.
    let (host, port) = mqtt.split_once(':').unwrap();
    let mut opts = MqttOptions::new("env-bench", host, port.parse().unwrap());
    opts.set_keep_alive(Duration::from_secs(30))
        .set_inflight(1000)
        .set_max_packet_size(1 << 20, 1 << 20);
    let (client, mut events) = AsyncClient::new(opts, 10_000);
    tokio::spawn(async move { while events.poll().await.is_ok() {} });
    let mqtt_from = t0 + batches as i64 * 600;
    let spans = 60i64;
    let expected = (spans as usize * STATIONS * 10 * PARAMS.len()) as i64;
    let count = |from: i64, to: i64| {
        let db = db.clone();
        async move {
            let backend = db.get_database_backend();
            let sql = if backend == sea_orm::DbBackend::Postgres {
                "SELECT COUNT(*) FROM env_reading WHERE time >= $1 AND time < $2 \
                 AND station_id IN (SELECT id FROM env_station WHERE code LIKE 'BENCH-%')"
            } else {
                "SELECT COUNT(*) FROM env_reading WHERE time >= ? AND time < ? \
                 AND station_id IN (SELECT id FROM env_station WHERE code LIKE 'BENCH-%')"
            };
            let row = db
                .query_one_raw(Statement::from_sql_and_values(
                    backend,
                    sql,
                    [from.into(), to.into()],
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    let mqtt_to = mqtt_from + spans * 600;
    let started = Instant::now();
    for span in 0..spans {
        for s in 0..STATIONS {
            let payload = Value::Array(readings(s, mqtt_from + span * 600, 10, false)).to_string();
            client
                .publish(
                    format!("ioc/env/BENCH-{s:03}"),
                    QoS::AtLeastOnce,
                    false,
                    payload,
                )
                .await
                .unwrap();
        }
    }
    let published = started.elapsed().as_secs_f64();
    let mut stored = 0;
    while started.elapsed() < Duration::from_secs(300) {
        stored = count(mqtt_from, mqtt_to).await;
        if stored >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "MQTT ingest: {stored} of {expected} readings stored in {secs:.2} s = {:.0} readings/s ({} messages of 60 readings, published in {published:.2} s)",
        stored as f64 / secs,
        spans as usize * STATIONS
    );

    // The indices kept up: the last hour of a bench station has its VN_AQI.
    let last = mqtt_to - 3600;
    let url = format!(
        "{base}/api/v1/environment/stations/BENCH-042/aqi?kind=hourly&from={}&to={}",
        urlenc(&iso(last)),
        urlenc(&iso(last + 3600))
    );
    let aqi: Value = http.get(url).send().await.unwrap().json().await.unwrap();
    println!(
        "indices current: VN_AQI of BENCH-042 for its last hour = {}",
        aqi[0]["value"]
    );

    // The station chart over a year of hourly data (demo station, daily rollup).
    for range in ["year", "month"] {
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let res = http
                .get(format!(
                    "{base}/api/v1/environment/stations/KK-VT01/series?range={range}"
                ))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 200);
            let _ = res.bytes().await.unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "station chart, range {range}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms (200 requests)",
            pct(&times, 50.0),
            pct(&times, 95.0),
            pct(&times, 99.0)
        );
    }
}

fn urlenc(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
