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
