//! Module 2's intake with real senders: util-linux `logger` (RFC 5424 and RFC 3164, UDP and
//! TCP, with and without octet counting), Python's `SysLogHandler` (NUL-terminated over
//! TCP), CEF with its escapes, a Wazuh alert JSON; each read back through the API. Then a
//! flood and an oversize frame: counted, and the listener goes on.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};
use server::modules::security::intake::{self, Counters, IntakeConfig};
use std::io::Write as _;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");

struct Receiver {
    udp: std::net::SocketAddr,
    tcp: std::net::SocketAddr,
    counters: Arc<Counters>,
}

async fn receiver(srv: &TestServer, queue: usize) -> Receiver {
    let cfg = IntakeConfig {
        udp: Some("127.0.0.1:0".parse().unwrap()),
        tcp: Some("127.0.0.1:0".parse().unwrap()),
        tls: None,
        tls_cert: None,
        tls_key: None,
        max_frame: 65_536,
        max_connections: 64,
        idle: Duration::from_secs(30),
        queue,
        allow: Vec::new(),
    };
    let l = intake::bind(&cfg).await.unwrap();
    let (udp, tcp) = (l.udp_addr().unwrap(), l.tcp_addr().unwrap());
    let counters = Arc::new(Counters::default());
    tokio::spawn(intake::run(srv.db.clone(), cfg, l, counters.clone()));
    Receiver { udp, tcp, counters }
}

async fn official(srv: &TestServer) -> reqwest::Client {
    let c = srv.browser();
    assert_eq!(srv.login(&c, OFFICIAL.0, OFFICIAL.1).await, 200);
    c
}

async fn events(srv: &TestServer, c: &reqwest::Client, query: &str) -> Vec<Value> {
    let res = c
        .get(srv.url(&format!("/api/v1/security/events?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "GET events?{query}");
    res.json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The one event whose message contains `marker`, once it is stored.
async fn stored(srv: &TestServer, c: &reqwest::Client, marker: &str) -> Value {
    let until = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let mut found = events(srv, c, &format!("q={marker}")).await;
        if !found.is_empty() {
            assert_eq!(found.len(), 1, "{marker}: {found:?}");
            return found.remove(0);
        }
        assert!(
            tokio::time::Instant::now() < until,
            "waited 20 s for {marker}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn logger(args: &[&str]) {
    let st = Command::new("logger")
        .args(args)
        .status()
        .expect("logger (util-linux)");
    assert!(st.success(), "logger {args:?}");
}

async fn real_senders_end_as_parsed_events(srv: &TestServer) {
    let r = receiver(srv, 10_000).await;
    let c = official(srv).await;
    let (udp, tcp) = (r.udp.port().to_string(), r.tcp.port().to_string());
    let tag = format!("t{}", std::process::id());

    // RFC 5424 over UDP, with structured data.
    let m1 = format!("{tag}-5424-udp login failed");
    logger(&[
        "--rfc5424",
        "-d",
        "-n",
        "127.0.0.1",
        "-P",
        &udp,
        "-t",
        "sshd",
        "-p",
        "auth.err",
        "--sd-id",
        "origin@32473",
        "--sd-param",
        "ip=\"10.0.0.9\"",
        &m1,
    ]);
    let e = stored(srv, &c, &format!("{tag}-5424-udp")).await;
    assert_eq!(e["format"], "rfc5424");
    assert_eq!(e["app"], "sshd");
    assert_eq!(e["severity"], "high", "auth.err is an error");
    assert_eq!(e["message"], m1);
    assert_eq!(e["fields"]["origin@32473.ip"], "10.0.0.9");
    assert!(e["event_time"].as_str().is_some_and(|t| t.contains('T')));
    assert!(
        e["sender"].as_str().unwrap().starts_with("127.0.0.1:"),
        "{e}"
    );
    assert!(e["hostname"].is_string());

    // RFC 5424 over TCP with octet counting.
    let m2 = format!("{tag}-5424-octet disk full");
    logger(&[
        "--rfc5424",
        "-T",
        "--octet-count",
        "-n",
        "127.0.0.1",
        "-P",
        &tcp,
        "-t",
        "kernel",
        "-p",
        "kern.warning",
        &m2,
    ]);
    let e = stored(srv, &c, &format!("{tag}-5424-octet")).await;
    assert_eq!(
        (e["format"].as_str(), e["severity"].as_str()),
        (Some("rfc5424"), Some("medium"))
    );
    assert_eq!(e["message"], m2);

    // RFC 3164 over TCP (LF-terminated) and over UDP.
    let m3 = format!("{tag}-3164-tcp service restarted");
    logger(&[
        "--rfc3164",
        "-T",
        "-n",
        "127.0.0.1",
        "-P",
        &tcp,
        "-t",
        "nginx",
        "-p",
        "daemon.notice",
        &m3,
    ]);
    let e = stored(srv, &c, &format!("{tag}-3164-tcp")).await;
    assert_eq!(e["format"], "rfc3164");
    assert_eq!(e["app"], "nginx");
    assert_eq!(e["severity"], "low");
    assert_eq!(e["message"], m3);
    let m4 = format!("{tag}-3164-udp emergency");
    logger(&[
        "--rfc3164",
        "-d",
        "-n",
        "127.0.0.1",
        "-P",
        &udp,
        "-t",
        "ups",
        "-p",
        "daemon.emerg",
        &m4,
    ]);
    let e = stored(srv, &c, &format!("{tag}-3164-udp")).await;
    assert_eq!(
        (e["format"].as_str(), e["severity"].as_str()),
        (Some("rfc3164"), Some("very_high"))
    );

    // Python's SysLogHandler over TCP: "<PRI>message\0".
    let m5 = format!("{tag}-python upload refused");
    let script = format!(
        "import logging, logging.handlers, socket\n\
         h = logging.handlers.SysLogHandler(address=('127.0.0.1', {tcp}), socktype=socket.SOCK_STREAM)\n\
         h.setFormatter(logging.Formatter('portal: %(message)s'))\n\
         log = logging.getLogger('x'); log.addHandler(h)\n\
         log.error('{m5}')\nlog.warning('{tag}-python second')\nh.close()\n"
    );
    let st = Command::new("python3")
        .arg("-c")
        .arg(&script)
        .status()
        .expect("python3");
    assert!(st.success());
    let e = stored(srv, &c, &format!("{tag}-python upload")).await;
    assert_eq!(e["app"], "portal");
    assert_eq!(e["message"], m5);
    assert_eq!(e["severity"], "high");
    let e = stored(srv, &c, &format!("{tag}-python second")).await;
    assert_eq!(e["severity"], "medium");

    // CEF with escaped '|', '=' and '\' in a counted frame over TCP.
    let cef = format!(
        "<134>1 2024-06-01T10:00:00+07:00 fw01 - - - - CEF:0|Fortinet|FortiGate|7.2|13|\
         {tag}-cef scan \\| sweep|9|src=203.0.113.9 dst=10.10.1.5 msg=a\\=b c\\\\d act=blocked"
    );
    let mut s = std::net::TcpStream::connect(r.tcp).unwrap();
    s.write_all(format!("{} {cef}", cef.len()).as_bytes())
        .unwrap();
    drop(s);
    let e = stored(srv, &c, &format!("{tag}-cef")).await;
    assert_eq!(e["format"], "cef");
    assert_eq!(e["message"], format!("{tag}-cef scan | sweep"));
    assert_eq!(e["severity"], "very_high");
    assert_eq!(e["hostname"], "fw01");
    assert_eq!(e["event_time"], "2024-06-01T10:00:00+07:00");
    assert_eq!(e["fields"]["msg"], "a=b c\\d");
    assert_eq!(e["fields"]["act"], "blocked");
    assert_eq!(e["fields"]["device_vendor"], "Fortinet");

    // What fits no format is kept as raw.
    let mut s = std::net::TcpStream::connect(r.tcp).unwrap();
    s.write_all(format!("{tag}-raw just words\n").as_bytes())
        .unwrap();
    drop(s);
    let e = stored(srv, &c, &format!("{tag}-raw")).await;
    assert_eq!(
        (e["format"].as_str(), e["message"].as_str()),
        (Some("raw"), Some(&*format!("{tag}-raw just words")))
    );

    // A NUL inside a datagram (PostgreSQL text cannot hold one): stored all the same.
    let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    u.send_to(format!("<13>{tag}-nul a\0b").as_bytes(), r.udp)
        .unwrap();
    let e = stored(srv, &c, &format!("{tag}-nul")).await;
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{tag}-nul a")),
        "{e}"
    );

    // Filters: severity at least, and a time range.
    let high = events(srv, &c, &format!("q={tag}&severity=high")).await;
    assert!(high
        .iter()
        .all(|e| matches!(e["severity"].as_str(), Some("high" | "very_high"))));
    assert_eq!(high.len(), 4, "{high:?}");
    assert!(events(srv, &c, &format!("q={tag}&until=2020-01-01"))
        .await
        .is_empty());
    let bad = c
        .get(srv.url("/api/v1/security/events?severity=urgent"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 422);
    assert!(bad.text().await.unwrap().contains("severity"));
    // The public may not read them.
    let anon = srv
        .browser()
        .get(srv.url("/api/v1/security/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    assert_eq!(r.counters.snapshot().dropped_queue_full, 0);
}
both_engines!(real_senders_end_as_parsed_events);

async fn wazuh_alerts_attach_to_assets_and_raise_alerts(srv: &TestServer) {
    let key = srv.ingest_key("wazuh", "STTTT").await;
    let admin = srv.browser();
    assert_eq!(
        srv.login(&admin, "admin@demo.ioc.vn", "demo-admin-2024")
            .await,
        200
    );
    let asset = json!({"code": "cong-dvc", "name": "Cổng dịch vụ công tỉnh", "department": "STTTT",
        "level": 3, "unit": "747", "addresses": ["10.10.1.0/24", "dvc.baria-vungtau.gov.vn"]});
    let res = admin
        .post(srv.url("/api/v1/security/assets"))
        .json(&asset)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let bad = json!({"code": "x", "name": "x", "department": "STTTT", "level": 7});
    let res = admin
        .post(srv.url("/api/v1/security/assets"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("level"));

    let alert = |level: Value, desc: &str, ip: &str| {
        json!({"timestamp": "2024-06-01T10:00:00.000+0700",
            "rule": {"level": level, "description": desc, "id": "5712", "groups": ["sshd", "authentication_failures"]},
            "agent": {"id": "003", "name": "web-dvc", "ip": ip},
            "manager": {"name": "wazuh-manager"}, "decoder": {"name": "sshd"},
            "data": {"srcip": "203.0.113.9", "srcuser": "root"},
            "full_log": "Failed password for root from 203.0.113.9", "location": "/var/log/auth.log"})
    };
    let post = |body: String| {
        srv.browser()
            .post(srv.url("/api/v1/security/events"))
            .bearer_auth(&key)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // One alert, with a string level.
    let res = post(
        alert(
            json!("12"),
            "sshd: wz-brute force trying to get access",
            "10.10.1.5",
        )
        .to_string(),
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    // NDJSON, numeric levels; a bad one refuses the whole request and names it.
    let lines = [
        alert(json!(5), "wz-ndjson low", "192.0.2.1"),
        alert(json!("high"), "wz-bad", "192.0.2.1"),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let res = post(lines).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("[1].rule.level"));
    let c = official(srv).await;
    assert!(
        events(srv, &c, "q=wz-ndjson").await.is_empty(),
        "nothing of a refused request is stored"
    );
    let res = post(alert(json!(5), "wz-ndjson low", "192.0.2.1").to_string() + "\n")
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);

    let e = &events(srv, &c, "q=wz-brute").await[0];
    assert_eq!(e["format"], "wazuh");
    assert_eq!(e["severity"], "high");
    assert_eq!(e["hostname"], "web-dvc");
    assert_eq!(e["app"], "sshd");
    assert_eq!(
        e["asset"], "cong-dvc",
        "agent.ip 10.10.1.5 is in the asset's network"
    );
    assert_eq!(e["fields"]["data.srcip"], "203.0.113.9");
    assert_eq!(e["event_time"], "2024-06-01T10:00:00.000+0700");
    let by_asset = events(srv, &c, "asset=cong-dvc").await;
    assert_eq!(by_asset.len(), 1);
    assert_eq!(
        events(srv, &c, "q=wz-ndjson").await[0]["asset"],
        Value::Null
    );

    // The high event raised an alert in the shared feed (beside the demo's certificates).
    let alerts: Vec<Value> = srv
        .open_alerts(&c, "security")
        .await
        .into_iter()
        .filter(|a| a["kind"] == "event")
        .collect();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["subject"], "cong-dvc");
    assert!(alerts[0]["title_en"]
        .as_str()
        .unwrap()
        .contains("wz-brute force"));

    // A system quiet for a day ends its alert.
    let now = chrono::Utc::now().timestamp_micros();
    server::modules::security::quiet_round(&srv.db, now)
        .await
        .unwrap();
    let event_alerts = || async {
        srv.open_alerts(&c, "security")
            .await
            .into_iter()
            .filter(|a| a["kind"] == "event")
            .count()
    };
    assert_eq!(
        event_alerts().await,
        1,
        "an event of this minute keeps it open"
    );
    server::modules::security::quiet_round(&srv.db, now + server::modules::security::QUIET_US + 1)
        .await
        .unwrap();
    assert_eq!(event_alerts().await, 0);

    // A department's read key sees its own systems' events only.
    let read_key = |dept: &'static str| async move {
        server::auth::api_keys::create(
            &srv.db,
            "test",
            &format!("read-{dept}"),
            &["read".into()],
            Some(dept),
        )
        .await
        .unwrap()
        .1
    };
    for (dept, want) in [("STTTT", 1), ("SYT", 0)] {
        let key = read_key(dept).await;
        let res = srv
            .browser()
            .get(srv.url("/api/v1/security/events?q=wz-brute"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(
            res.json::<Value>().await.unwrap().as_array().unwrap().len(),
            want,
            "{dept}"
        );
    }

    // Keys without scope ingest, and officials, may not send.
    let res = c
        .post(srv.url("/api/v1/security/events"))
        .json(&alert(json!(3), "x", "1.1.1.1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
}
both_engines!(wazuh_alerts_attach_to_assets_and_raise_alerts);

/// 100,000 messages in a burst over TCP into a small queue: each stored or counted as
/// dropped; a 1 MB frame closes its own connection only; the listener goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flood_and_oversize_are_counted_and_survived() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    let r = receiver(&srv, 2_000).await;
    const N: u64 = 100_000;
    let sender = std::thread::spawn({
        let addr = r.tcp;
        move || {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            let mut buf = Vec::with_capacity(8 << 20);
            for i in 0..N {
                let m = format!("<13>1 - flood - - - - flood message {i}");
                write!(buf, "{} {m}", m.len()).unwrap();
            }
            s.write_all(&buf).unwrap();
        }
    });
    sender.join().unwrap();
    common::wait_until(
        Duration::from_secs(60),
        "every message stored or dropped",
        || async {
            let c = r.counters.snapshot();
            c.received == N && c.stored + c.dropped_queue_full == N
        },
    )
    .await;
    let c = r.counters.snapshot();
    println!(
        "flood: {N} sent, {} stored, {} dropped (queue full)",
        c.stored, c.dropped_queue_full
    );
    assert!(c.stored > 0);

    // A 1 MB frame: that connection is closed…
    let mut big = std::net::TcpStream::connect(r.tcp).unwrap();
    big.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let frame = format!("1048576 <13>{}", "x".repeat(1_048_572));
    let _ = big.write_all(frame.as_bytes());
    let mut one = [0u8; 1];
    let closed = matches!(std::io::Read::read(&mut big, &mut one), Ok(0) | Err(_));
    assert!(closed, "the oversize frame's connection is closed");
    assert_eq!(r.counters.snapshot().oversize, 1);
    // …and the listener still takes messages, over TCP and UDP.
    let mut s = std::net::TcpStream::connect(r.tcp).unwrap();
    s.write_all(b"<13>after the flood tcp\n").unwrap();
    drop(s);
    let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    u.send_to(b"<13>after the flood udp", r.udp).unwrap();
    let c = official(&srv).await;
    stored(&srv, &c, "after the flood tcp").await;
    stored(&srv, &c, "after the flood udp").await;
    srv.finish().await;
}

/// RFC 5425: syslog over TLS with a certificate made here, sent by Python's `ssl` as a
/// sender would; a client that does not speak TLS is counted and refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_receiver_takes_octet_counted_frames() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let st = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl");
    assert!(st.success());
    let cfg = IntakeConfig {
        udp: None,
        tcp: None,
        tls: Some("127.0.0.1:0".parse().unwrap()),
        tls_cert: Some(cert.clone()),
        tls_key: Some(key.clone()),
        max_frame: 65_536,
        max_connections: 64,
        idle: Duration::from_secs(10),
        queue: 1_000,
        allow: Vec::new(),
    };
    let l = intake::bind(&cfg).await.unwrap();
    let port = l.tls_addr().unwrap().port();
    let counters = Arc::new(Counters::default());
    tokio::spawn(intake::run(srv.db.clone(), cfg, l, counters.clone()));

    let script = format!(
        "import socket, ssl\n\
         ctx = ssl.create_default_context(cafile={cert:?})\n\
         s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', {port})), server_hostname='localhost')\n\
         for m in [b'<34>1 2024-06-01T10:00:00Z vpn01 openvpn - - - tls-sent one', b'<13>1 - vpn01 openvpn - - - tls-sent two']:\n\
         \x20   s.sendall(str(len(m)).encode() + b' ' + m)\n\
         s.close()\n",
        cert = cert.display().to_string()
    );
    let st = Command::new("python3")
        .arg("-c")
        .arg(&script)
        .status()
        .expect("python3");
    assert!(st.success());
    let c = official(&srv).await;
    let e = stored(&srv, &c, "tls-sent one").await;
    assert_eq!(
        (
            e["format"].as_str(),
            e["hostname"].as_str(),
            e["severity"].as_str()
        ),
        (Some("rfc5424"), Some("vpn01"), Some("high"))
    );
    stored(&srv, &c, "tls-sent two").await;

    // Plain text on the TLS port: no handshake, counted, nothing stored.
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"<13>plain text on the tls port\n").unwrap();
    drop(s);
    common::wait_until(
        Duration::from_secs(20),
        "the failed handshake counted",
        || async { counters.snapshot().tls_failed == 1 },
    )
    .await;
    assert!(events(&srv, &c, "q=plain text on the tls").await.is_empty());
    srv.finish().await;
}

/// Wazuh's vulnerability detector: an active CVE is counted on the board once per system,
/// however often it is reported; a solved one no longer is.
async fn vulnerabilities_open_and_close(srv: &TestServer) {
    let key = srv.ingest_key("wazuh-vd", "VPUBND").await;
    let c = official(srv).await;
    let board = || async {
        let (status, b) = srv
            .call_json(&c, "security/board", json!({"days": 7, "unit": null}))
            .await;
        assert_eq!(status, 200, "{b}");
        b
    };
    let count = |b: &Value, rank: usize| b["vulnerabilities"][rank].as_u64().unwrap();
    let before = board().await;
    // Attacks by type over time: the five most frequent types, day by day, adding up to
    // each type's count in the period.
    let series = before["kind_timeline"].as_array().unwrap();
    assert_eq!(series.len(), 5, "{series:?}");
    for (s, k) in series.iter().zip(before["kinds"].as_array().unwrap()) {
        assert_eq!(s["name"], k["name"]);
        let days = s["counts"].as_array().unwrap();
        assert_eq!(days.len(), 7);
        assert_eq!(
            days.iter().map(|c| c.as_u64().unwrap()).sum::<u64>(),
            k["count"].as_u64().unwrap()
        );
    }
    let alert = |status: &str| {
        json!({"rule": {"level": 10, "description": "CVE-2099-0001 affects openssl", "groups": ["vulnerability-detector"]},
               "agent": {"name": "dvc-app02", "ip": "10.10.1.10"},
               "data": {"vulnerability": {"cve": "CVE-2099-0001", "severity": "High",
                        "package": {"name": "openssl"}, "status": status}}})
    };
    for body in [json!([alert("Active"), alert("Active")]), alert("Active")] {
        let res = reqwest::Client::new()
            .post(srv.url("/api/v1/security/events"))
            .bearer_auth(&key)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 201);
    }
    let open = board().await;
    assert_eq!(
        count(&open, 2),
        count(&before, 2) + 1,
        "{}",
        open["vulnerabilities"]
    );
    let top: Vec<&str> = open["top_vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert!(top.contains(&"CVE-2099-0001 (openssl)"), "{top:?}");
    let res = reqwest::Client::new()
        .post(srv.url("/api/v1/security/events"))
        .bearer_auth(&key)
        .json(&alert("Solved"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    assert_eq!(count(&board().await, 2), count(&before, 2));
}
both_engines!(vulnerabilities_open_and_close);
