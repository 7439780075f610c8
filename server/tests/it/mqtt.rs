//! MQTT ingestion against a real Mosquitto (Debian's, started here on a free port): readings
//! published by a real MQTT client land in the database, and after the broker restarts the
//! server reconnects, subscribes again and goes on. Skipped, saying so, where Mosquitto is
//! not installed (`./x test` installs it).

use super::common;

use common::{Engine, TestServer};
use rumqttc::{AsyncClient, MqttOptions, QoS};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Broker {
    child: Child,
    port: u16,
    conf: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn mosquitto() -> Option<&'static str> {
    ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

impl Broker {
    fn start() -> Option<Broker> {
        let bin = mosquitto()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n\
                 max_inflight_messages 1000\nmax_queued_messages 100000\n"
            ),
        )
        .unwrap();
        let child = spawn(bin, &conf);
        let broker = Broker {
            child,
            port,
            conf,
            _dir: dir,
        };
        broker.wait_listening();
        Some(broker)
    }

    fn wait_listening(&self) {
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("mosquitto did not start on port {}", self.port);
    }

    fn restart(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        // The old process is gone (waited for): its port is free again.
        self.child = spawn(mosquitto().unwrap(), &self.conf);
        self.wait_listening();
    }
}

fn spawn(bin: &str, conf: &std::path::Path) -> Child {
    Command::new(bin)
        .arg("-c")
        .arg(conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mosquitto")
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A publisher as a station's logger would be: its own client and event loop.
async fn publisher(port: u16, id: &str) -> AsyncClient {
    let mut opts = MqttOptions::new(id, "127.0.0.1", port);
    opts.set_keep_alive(Duration::from_secs(5));
    let (client, mut events) = AsyncClient::new(opts, 1_000);
    tokio::spawn(async move {
        loop {
            if events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });
    client
}

async fn stored(srv: &TestServer, code: &str) -> usize {
    let res = reqwest::get(srv.url(&format!(
        "/api/v1/environment/stations/{code}/readings?from=2024-06-01&to=2024-06-03&limit=10000"
    )))
    .await
    .unwrap();
    res.json::<serde_json::Value>()
        .await
        .unwrap()
        .as_array()
        .map(|a| a.len())
        .unwrap_or(0)
}

async fn wait_for(srv: &TestServer, code: &str, n: usize) -> usize {
    let mut got = 0;
    for _ in 0..150 {
        got = stored(srv, code).await;
        if got >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    got
}

fn hour_readings(day: u32, hours: std::ops::Range<u32>) -> serde_json::Value {
    let list: Vec<serde_json::Value> = hours
        .flat_map(|h| {
            ["pm25", "pm10"].into_iter().map(move |p| {
                json!({"parameter": p, "time": format!("2024-06-{day:02}T{h:02}:00:00+07:00"), "value": 20 + h, "unit": "ug/m3"})
            })
        })
        .collect();
    json!(list)
}

async fn readings_arrive_over_mqtt_and_survive_a_broker_restart(srv: &TestServer) {
    let Some(mut broker) = Broker::start() else {
        common::skipped("MQTT", "mosquitto is not installed");
        return;
    };
    let key = srv.ingest_key("stnmt", "STNMT").await;
    let res = reqwest::Client::new()
        .post(srv.url("/api/v1/environment/stations"))
        .bearer_auth(&key)
        .json(&json!({"code": "MQ-1", "name": "Trạm MQTT", "kind": "air", "lat": 10.35, "lon": 107.07, "parameters": ["pm25", "pm10"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);

    let worker = tokio::spawn(server::modules::environment::mqtt::run(
        srv.db.clone(),
        server::modules::environment::mqtt::MqttConfig {
            url: format!("mqtt://127.0.0.1:{}", broker.port),
            topic: "ioc/env/+".into(),
            client_id: format!("ioc-test-{}", broker.port),
        },
    ));
    // The first hour, published until the server has subscribed and stored it (a
    // message sent before the subscription is not delivered to it).
    let station = publisher(broker.port, "logger-mq-1").await;
    common::wait_until(
        Duration::from_secs(30),
        "the server's subscription",
        || async {
            station
                .publish(
                    "ioc/env/MQ-1",
                    QoS::AtLeastOnce,
                    false,
                    hour_readings(1, 0..1).to_string(),
                )
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(100)).await;
            stored(srv, "MQ-1").await >= 2
        },
    )
    .await;
    // One message per hour of readings, and one message with a bad unit for one reading.
    for h in 1..12 {
        let payload = hour_readings(1, h..h + 1).to_string();
        station
            .publish("ioc/env/MQ-1", QoS::AtLeastOnce, false, payload)
            .await
            .unwrap();
    }
    let bad = json!([{"parameter": "pm25", "time": "2024-06-01T13:00:00+07:00", "value": 1, "unit": "mg/L"},
                     {"parameter": "pm25", "time": "2024-06-01T14:00:00+07:00", "value": 21}]);
    station
        .publish("ioc/env/MQ-1", QoS::AtLeastOnce, false, bad.to_string())
        .await
        .unwrap();
    // The same hour sent again is stored once.
    station
        .publish(
            "ioc/env/MQ-1",
            QoS::AtLeastOnce,
            false,
            hour_readings(1, 0..1).to_string(),
        )
        .await
        .unwrap();
    // Then one last hour: messages on a topic arrive in order, so once it is stored
    // everything before it has been handled.
    station
        .publish(
            "ioc/env/MQ-1",
            QoS::AtLeastOnce,
            false,
            hour_readings(1, 20..21).to_string(),
        )
        .await
        .unwrap();
    assert_eq!(
        wait_for(srv, "MQ-1", 27).await,
        27,
        "12 hours × 2 + the good reading + the last hour"
    );
    assert_eq!(
        stored(srv, "MQ-1").await,
        27,
        "nothing twice, the bad unit refused"
    );

    // The indices followed: an hourly VN_AQI exists for the hours received.
    let aqi: serde_json::Value = reqwest::get(
        srv.url("/api/v1/environment/stations/MQ-1/aqi?kind=hourly&from=2024-06-01&to=2024-06-02"),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(aqi.as_array().unwrap().len() >= 11, "{aqi}");

    // The broker restarts (its sessions gone): the server reconnects and subscribes again.
    broker.restart();
    let station = publisher(broker.port, "logger-mq-1b").await;
    let mut attempt = 0;
    common::wait_until(
        Duration::from_secs(30),
        "readings after the restart",
        || {
            attempt += 1;
            let hour = attempt % 24;
            let station = station.clone();
            async move {
                // Publish until the server is back (its backoff decides when).
                station
                    .publish(
                        "ioc/env/MQ-1",
                        QoS::AtLeastOnce,
                        false,
                        hour_readings(2, hour..hour + 1).to_string(),
                    )
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(100)).await;
                stored(srv, "MQ-1").await > 27
            }
        },
    )
    .await;
    worker.abort();
}

mod mqtt_ingestion {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
        readings_arrive_over_mqtt_and_survive_a_broker_restart(&srv).await;
        srv.finish().await;
    }
}

/// Frigate's events through a real Mosquitto: a person entering a zone on an important
/// camera becomes a critical intrusion with its alert; the same object's update and a
/// second delivery change one row; a crowd review and a speeding car are rated by the
/// rules; a false positive and an unknown camera are dropped. Over HTTP, the same JSON.
async fn frigate_events_become_ioc_events(srv: &TestServer) {
    let Some(broker) = Broker::start() else {
        common::skipped("MQTT", "mosquitto is not installed");
        return;
    };
    let worker = tokio::spawn(server::modules::cameras::mqtt::run(
        srv.db.clone(),
        server::modules::cameras::mqtt::Config {
            url: format!("mqtt://127.0.0.1:{}", broker.port),
            prefix: "frigate".into(),
            client_id: format!("ioc-cam-test-{}", broker.port),
        },
    ));
    let frigate = publisher(broker.port, "frigate").await;
    let official = srv.browser();
    assert_eq!(
        srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
            .await,
        200
    );
    // This test's events (in 2024; the demo's are of today).
    let events = || async {
        let res = official
            .get(srv.url("/api/v1/cameras/events?limit=50"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let all = res.json::<Vec<serde_json::Value>>().await.unwrap();
        all.into_iter()
            .filter(|e| e["start"].as_str().unwrap().starts_with("2024"))
            .collect::<Vec<_>>()
    };
    let event_alerts = || async {
        let mut out: Vec<(String, String, String)> = srv
            .open_alerts(&official, "cameras")
            .await
            .iter()
            .filter(|a| a["kind"].as_str().unwrap().starts_with("event-"))
            .map(|a| {
                (
                    a["kind"].as_str().unwrap().to_string(),
                    a["subject"].as_str().unwrap().to_string(),
                    a["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let demo_alerts = event_alerts().await;
    let start = 1_733_300_000.5;
    // ql51-km20 has importance 3 in the demo.
    let person = |kind: &str, zones: serde_json::Value, end: serde_json::Value| {
        json!({"type": kind, "before": {}, "after": {"id": "1733300000.5-p1", "camera": "ql51-km20",
            "label": "person", "top_score": 0.91, "start_time": start, "end_time": end,
            "entered_zones": zones, "current_zones": zones, "false_positive": false,
            "has_snapshot": true}})
    };
    common::wait_until(Duration::from_secs(30), "the first event", || async {
        frigate
            .publish(
                "frigate/events",
                QoS::AtLeastOnce,
                false,
                person("new", json!(["lan-dung-xe"]), json!(null)).to_string(),
            )
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        !events().await.is_empty()
    })
    .await;
    // The end of the same object, twice, and the others.
    for _ in 0..2 {
        frigate
            .publish(
                "frigate/events",
                QoS::AtLeastOnce,
                false,
                person("end", json!([]), json!(start + 12.0)).to_string(),
            )
            .await
            .unwrap();
    }
    let others = [
        (
            "frigate/reviews",
            json!({"type": "new", "after": {"id": "r-crowd", "camera": "bb-long-hai",
            "start_time": start + 60.0, "end_time": null, "severity": "alert",
            "data": {"objects": ["person"], "zones": [], "sub_labels": [],
                     "detections": (0..24).map(|i| format!("d{i}")).collect::<Vec<_>>()}}}),
        ),
        (
            "frigate/events",
            json!({"type": "end", "after": {"id": "c-fast", "camera": "ql51-km35",
            "label": "car", "top_score": 0.88, "start_time": start + 120.0, "end_time": start + 125.0,
            "average_estimated_speed": 104.0, "entered_zones": [], "current_zones": []}}),
        ),
        (
            "frigate/events",
            json!({"type": "new", "after": {"id": "fp", "camera": "ql51-km35",
            "label": "person", "top_score": 0.7, "start_time": start + 130.0,
            "false_positive": true, "entered_zones": ["x"]}}),
        ),
        (
            "frigate/events",
            json!({"type": "new", "after": {"id": "nowhere", "camera": "not-ours",
            "label": "person", "start_time": start + 140.0}}),
        ),
        ("frigate/events", json!("not an event")),
    ];
    for (topic, body) in &others {
        frigate
            .publish(*topic, QoS::AtLeastOnce, false, body.to_string())
            .await
            .unwrap();
    }
    common::wait_until(Duration::from_secs(30), "the events", || async {
        let e = events().await;
        e.len() >= 3
            && e.iter()
                .any(|x| x["id"].is_number() && x["kind"] == "intrusion" && !x["end"].is_null())
    })
    .await;
    let list = events().await;
    assert_eq!(list.len(), 3, "{list:?}");
    let by = |kind: &str| list.iter().find(|e| e["kind"] == kind).unwrap();
    let intrusion = by("intrusion");
    assert_eq!(intrusion["camera"], "ql51-km20");
    assert_eq!(intrusion["severity"], "critical", "importance 3");
    assert_eq!(intrusion["zones"], json!([]), "its last update");
    assert_eq!(by("crowd")["camera"], "bb-long-hai");
    assert_eq!(by("crowd")["severity"], "warning");
    assert_eq!(by("speeding")["speed"], 104.0);

    let kinds: Vec<(String, String, String)> = event_alerts()
        .await
        .into_iter()
        .filter(|a| !demo_alerts.contains(a))
        .collect();
    let want = |k: &str, c: &str, s: &str| (k.to_string(), c.to_string(), s.to_string());
    assert_eq!(
        kinds,
        [
            want("event-crowd", "bb-long-hai", "warning"),
            want("event-intrusion", "ql51-km20", "critical"),
            // QL51 Km35 is of importance 3 too.
            want("event-speeding", "ql51-km35", "critical"),
        ]
    );

    // Over HTTP with an ingest key: the same JSON; errors name the field.
    let key = srv.ingest_key("frigate", "CAT").await;
    let http = reqwest::Client::new();
    let res = http
        .post(srv.url("/api/v1/cameras/events"))
        .bearer_auth(&key)
        .json(
            &json!({"after": {"id": "h-1", "camera": "vt-nga-5", "label": "car", "top_score": 0.6,
            "start_time": start + 200.0}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let stored: serde_json::Value = res.json().await.unwrap();
    assert_eq!(stored["kind"], "detection");
    assert_eq!(stored["severity"], "none");
    for (body, field) in [
        (
            json!({"after": {"id": "h-2", "camera": "no-such", "start_time": start}}),
            "camera",
        ),
        (
            json!({"after": {"id": "h-3", "camera": "vt-nga-5"}}),
            "start_time",
        ),
        // A picture that is not one refuses the whole message.
        (
            json!({"after": {"id": "h-4", "camera": "vt-nga-5", "label": "car",
                "start_time": start + 210.0}, "snapshot": "bm90IGFuIGltYWdl"}),
            "snapshot",
        ),
        (
            json!({"after": {"id": "h-5", "camera": "vt-nga-5", "label": "car",
                "start_time": start + 220.0}, "snapshot": "%%%"}),
            "snapshot",
        ),
    ] {
        let res = http
            .post(srv.url("/api/v1/cameras/events"))
            .bearer_auth(&key)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["error"]["detail"]["field"], field, "{err}");
    }
    assert_eq!(events().await.len(), 4, "nothing refused was stored");
    // A snapshot comes along over HTTP (base64): the camera's privacy mask (its left half)
    // is black in what is kept; the picture is for those who may watch the camera.
    let admin = srv.browser();
    assert_eq!(
        srv.login(&admin, "admin@demo.ioc.vn", "demo-admin-2024")
            .await,
        200
    );
    let res = admin
        .post(srv.url("/api/v1/cameras"))
        .json(
            &json!({"code": "mask-cam", "name": "Che nửa trái", "lat": 10.35, "lon": 107.08,
            "privacy_masks": [[[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]]]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let white = image::RgbImage::from_pixel(64, 32, image::Rgb([255, 255, 255]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&white)
        .unwrap();
    use base64::Engine as _;
    let res = http
        .post(srv.url("/api/v1/cameras/events"))
        .bearer_auth(&key)
        .json(
            &json!({"after": {"id": "m-1", "camera": "mask-cam", "label": "person",
            "top_score": 0.9, "start_time": start + 300.0},
            "snapshot": base64::engine::general_purpose::STANDARD.encode(&jpeg)}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let ev: serde_json::Value = res.json().await.unwrap();
    let url = ev["snapshot_url"].as_str().unwrap().to_string();
    let res = official.get(srv.url(&url)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let kept = image::load_from_memory(&res.bytes().await.unwrap())
        .unwrap()
        .to_rgb8();
    assert!(kept.get_pixel(5, 16)[0] < 40, "the mask is painted");
    assert!(kept.get_pixel(58, 16)[0] > 215, "the rest is kept");
    // Over MQTT, Frigate's snapshot topic joins the camera's latest event of that label.
    frigate
        .publish(
            "frigate/ql51-km20/person/snapshot",
            QoS::AtLeastOnce,
            false,
            jpeg.clone(),
        )
        .await
        .unwrap();
    common::wait_until(
        Duration::from_secs(20),
        "the snapshot over MQTT",
        || async {
            events()
                .await
                .iter()
                .any(|e| e["camera"] == "ql51-km20" && e["snapshot_url"].is_string())
        },
    )
    .await;
    // Retention: past it, pictures go and events stay.
    let purged = server::modules::cameras::snapshot::purge(
        &srv.db,
        chrono::Utc::now().timestamp_micros() + 1,
    )
    .await
    .unwrap();
    assert_eq!(purged, 2);
    assert_eq!(
        official
            .get(srv.url(&url))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    assert!(events().await.iter().all(|e| e["snapshot_url"].is_null()));
    // Officials may not post events.
    let res = official
        .post(srv.url("/api/v1/cameras/events"))
        .json(&json!({"after": {"id": "o-1", "camera": "vt-nga-5", "start_time": start}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    worker.abort();
}

mod frigate {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
        frigate_events_become_ioc_events(&srv).await;
        srv.finish().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(srv) = TestServer::start(Engine::Postgres).await else {
            return;
        };
        frigate_events_become_ioc_events(&srv).await;
        srv.finish().await;
    }
}
