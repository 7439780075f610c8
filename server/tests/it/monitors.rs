//! Module 2's site monitors against servers made here: up, down, slow, a wrong status, a
//! missing keyword, a redirect, a TCP port; expired, self-signed and CA-signed certificates
//! made in the test (rcgen). Incidents open and close with the state, alerts follow,
//! maintenance is not counted, and the public status page shows it all without addresses.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};
use server::modules::security::monitors;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const ADMIN: (&str, &str) = ("admin@demo.ioc.vn", "demo-admin-2024");
const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");

async fn client(srv: &TestServer, who: (&str, &str)) -> reqwest::Client {
    let c = srv.browser();
    assert_eq!(srv.login(&c, who.0, who.1).await, 200);
    c
}

/// A site with pages that answer, fail, hang, redirect, and one that can be switched off.
async fn site(healthy: Arc<AtomicBool>) -> String {
    use axum::routing::get;
    let app = axum::Router::new()
        .route("/", get(|| async { "Cổng dịch vụ công – hoạt động" }))
        .route(
            "/error",
            get(|| async { (http::StatusCode::INTERNAL_SERVER_ERROR, "lỗi") }),
        )
        .route(
            "/slow",
            get(|| async {
                std::future::pending::<()>().await;
                ""
            }),
        )
        .route(
            "/moved",
            get(|| async { axum::response::Redirect::temporary("/") }),
        )
        .route(
            "/flaky",
            get(move || {
                let healthy = healthy.clone();
                async move {
                    if healthy.load(Ordering::SeqCst) {
                        (http::StatusCode::OK, "hoạt động")
                    } else {
                        (http::StatusCode::SERVICE_UNAVAILABLE, "bảo trì")
                    }
                }
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    format!("http://{addr}")
}

/// An HTTPS server answering 200 with this certificate chain; its port.
async fn tls_site(chain: Vec<rcgen::Certificate>, key: &rcgen::KeyPair) -> u16 {
    use tokio_rustls::rustls;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain.iter().map(|c| c.der().clone()).collect(), key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = l.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut s) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = s
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                    )
                    .await;
                let _ = s.shutdown().await;
            });
        }
    });
    port
}

/// A leaf certificate for localhost valid between two days from now, self-signed or
/// signed by `ca`.
fn leaf(
    cn: &str,
    from: i64,
    to: i64,
    ca: Option<(&rcgen::Certificate, &rcgen::KeyPair)>,
) -> (rcgen::Certificate, rcgen::KeyPair) {
    // Midnight (UTC) of the day `days` from today.
    let days_from_now = |days: i64| {
        use chrono::Datelike as _;
        let d = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
        rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
    };
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p =
        rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, cn);
    p.not_before = days_from_now(from);
    p.not_after = days_from_now(to);
    let cert = match ca {
        Some((c, k)) => p.signed_by(&key, c, k).unwrap(),
        None => p.self_signed(&key).unwrap(),
    };
    (cert, key)
}

async fn save(srv: &TestServer, c: &reqwest::Client, m: Value) -> (u16, Value) {
    let res = c
        .post(srv.url("/api/v1/security/monitors"))
        .json(&m)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn check(srv: &TestServer, c: &reqwest::Client, code: &str) -> Value {
    let res = c
        .post(srv.url(&format!("/api/v1/security/monitors/{code}/check")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "check {code}");
    res.json().await.unwrap()
}

async fn incidents(srv: &TestServer, c: &reqwest::Client) -> Vec<Value> {
    let res = c
        .get(srv.url("/api/v1/security/incidents"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The field an error answer names.
fn field(err: &Value) -> Option<&str> {
    err["error"]["detail"]["field"].as_str()
}

fn monitor(code: &str, url: &str) -> Value {
    json!({"code": code, "name": format!("Hệ thống {code}"), "department": "VPUBND",
           "url": url, "interval": 20, "timeout": 2, "retries": 0})
}

/// UP → PENDING → DOWN (incident and alert) → UP (both closed), availability, the
/// monthly figures and the public status page; failures of every kind; who may do what.
async fn monitors_follow_their_sites(srv: &TestServer) {
    let healthy = Arc::new(AtomicBool::new(true));
    let base = site(healthy.clone()).await;
    let admin = client(srv, ADMIN).await;
    let official = client(srv, OFFICIAL).await;

    let mut flaky = monitor("t-flaky", &format!("{base}/flaky"));
    flaky["retries"] = json!(1);
    flaky["keyword"] = json!("hoạt động");
    let (status, saved) = save(srv, &admin, flaky.clone()).await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["state"], "unknown");
    assert_eq!(saved["accepted_status"], json!(["200-299"]));

    let m = check(srv, &admin, "t-flaky").await;
    assert_eq!(
        (m["state"].as_str(), m["status_code"].as_u64()),
        (Some("up"), Some(200))
    );
    assert!(m["response_ms"].is_u64());

    healthy.store(false, Ordering::SeqCst);
    let m = check(srv, &admin, "t-flaky").await;
    assert_eq!(m["state"], "pending", "{m}");
    assert!(m["error"].as_str().unwrap().contains("503"), "{m}");
    assert!(incidents(srv, &official)
        .await
        .iter()
        .all(|i| i["subject"] != "t-flaky"));
    let m = check(srv, &admin, "t-flaky").await;
    assert_eq!(m["state"], "down", "{m}");
    let open: Vec<Value> = incidents(srv, &official)
        .await
        .into_iter()
        .filter(|i| i["subject"] == "t-flaky")
        .collect();
    assert_eq!(open.len(), 1, "one incident for one outage");
    assert_eq!(
        (open[0]["status"].as_str(), open[0]["source"].as_str()),
        (Some("new"), Some("monitor"))
    );
    assert_eq!(m["incident"], open[0]["id"]);
    let down_alert = |alerts: &[Value]| {
        alerts
            .iter()
            .any(|a| a["kind"] == "down" && a["subject"] == "t-flaky")
    };
    assert!(down_alert(&srv.open_alerts(&official, "security").await));
    // Still down: no second incident.
    check(srv, &admin, "t-flaky").await;

    healthy.store(true, Ordering::SeqCst);
    let m = check(srv, &admin, "t-flaky").await;
    assert_eq!(m["state"], "up");
    assert!(m["incident"].is_null());
    let closed: Vec<Value> = incidents(srv, &official)
        .await
        .into_iter()
        .filter(|i| i["subject"] == "t-flaky")
        .collect();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0]["status"], "closed");
    assert_eq!(
        closed[0]["log"].as_array().unwrap().len(),
        2,
        "{}",
        closed[0]
    );
    assert!(!down_alert(&srv.open_alerts(&official, "security").await));
    // Up, pending (not yet counted as down), down, down, up: 3 of 5.
    assert_eq!(m["availability_30d"].as_f64(), Some(60.0), "{m}");

    let res = admin
        .get(srv.url("/api/v1/security/availability"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let months: Vec<Value> = res.json().await.unwrap();
    let row = months.iter().find(|r| r["monitor"] == "t-flaky").unwrap();
    assert_eq!(
        (row["checks"].as_u64(), row["failed"].as_u64()),
        (Some(5), Some(2))
    );

    // The public status page: the state and outages, never the address.
    let anon = reqwest::Client::new();
    let page: Value = anon
        .get(srv.url("/api/v1/security/status/VPUBND"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown = page["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "t-flaky")
        .unwrap();
    assert_eq!(shown["state"], "up");
    assert_eq!(shown["days"].as_array().unwrap().len(), 30);
    assert!(
        !page.to_string().contains(&base),
        "the address stays private"
    );
    let outage = page["outages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["monitor"] == "t-flaky")
        .unwrap();
    assert!(outage["ended_at"].is_string());
    let index: Vec<Value> = anon
        .get(srv.url("/api/v1/security/status"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(index.iter().any(|d| d["department"] == "VPUBND"));

    // A wrong status, a missing keyword, no answer in time, a redirect, TCP ports.
    save(srv, &admin, monitor("t-error", &format!("{base}/error"))).await;
    let m = check(srv, &admin, "t-error").await;
    assert_eq!(
        (m["state"].as_str(), m["status_code"].as_u64()),
        (Some("down"), Some(500)),
        "{m}"
    );
    let mut kw = monitor("t-keyword", &format!("{base}/"));
    kw["keyword"] = json!("Bảo trì hệ thống");
    save(srv, &admin, kw).await;
    let m = check(srv, &admin, "t-keyword").await;
    assert_eq!(m["state"], "down");
    assert!(
        m["error"].as_str().unwrap().contains("Bảo trì hệ thống"),
        "{m}"
    );
    let mut slow = monitor("t-slow", &format!("{base}/slow"));
    slow["timeout"] = json!(1);
    save(srv, &admin, slow).await;
    let m = check(srv, &admin, "t-slow").await;
    assert_eq!(m["state"], "down");
    assert!(m["error"].as_str().unwrap().contains("1 s"), "{m}");
    save(srv, &admin, monitor("t-moved", &format!("{base}/moved"))).await;
    assert_eq!(check(srv, &admin, "t-moved").await["state"], "up");
    let port = base.rsplit(':').next().unwrap();
    save(
        srv,
        &admin,
        monitor("t-tcp", &format!("tcp://127.0.0.1:{port}")),
    )
    .await;
    assert_eq!(check(srv, &admin, "t-tcp").await["state"], "up");
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    save(
        srv,
        &admin,
        monitor("t-closed", &format!("tcp://127.0.0.1:{closed_port}")),
    )
    .await;
    let m = check(srv, &admin, "t-closed").await;
    assert_eq!(m["state"], "down");
    assert!(
        m["error"].as_str().unwrap().contains("cannot connect"),
        "{m}"
    );

    // Bad definitions are refused by field; roles.
    let mut bad = monitor("t-bad", &format!("{base}/"));
    bad["interval"] = json!(10);
    let (status, err) = save(srv, &admin, bad.clone()).await;
    assert_eq!((status, field(&err)), (422, Some("interval")), "{err}");
    bad["interval"] = json!(60);
    bad["url"] = json!("ftp://example.vn");
    assert_eq!(field(&save(srv, &admin, bad.clone()).await.1), Some("url"));
    bad["url"] = json!("https://example.vn");
    bad["accepted_status"] = json!(["2xx"]);
    assert_eq!(
        field(&save(srv, &admin, bad).await.1),
        Some("accepted_status")
    );
    assert_eq!(
        reqwest::Client::new()
            .get(srv.url("/api/v1/security/monitors"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    assert_eq!(save(srv, &official, monitor("t-x", &base)).await.0, 403);
    let steward = client(srv, ("steward@demo.ioc.vn", "demo-steward-2024")).await;
    let (status, err) = save(srv, &steward, monitor("t-x", &base)).await;
    assert_eq!((status, field(&err)), (422, Some("department")), "{err}");
    let list: Vec<Value> = steward
        .get(srv.url("/api/v1/security/monitors"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list.iter().all(|m| m["department"] == "SDL"),
        "a steward sees their own"
    );

    // Two copies of the server never take the same check.
    let m = monitors::load(&srv.db, "t-moved").await.unwrap().unwrap();
    let next = m.next_check_at + 1;
    assert!(monitors::claim(&srv.db, "t-moved", m.next_check_at, next)
        .await
        .unwrap());
    assert!(!monitors::claim(&srv.db, "t-moved", m.next_check_at, next)
        .await
        .unwrap());
}
both_engines!(monitors_follow_their_sites);

/// The worker checks what is due, each check once, even with two workers on one database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_checks_due_monitors_once() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    let base = site(Arc::new(AtomicBool::new(true))).await;
    let admin = client(&srv, ADMIN).await;
    assert_eq!(
        save(&srv, &admin, monitor("t-worker", &format!("{base}/")))
            .await
            .0,
        201
    );
    tokio::spawn(monitors::run_forever(srv.db.clone(), None));
    tokio::spawn(monitors::run_forever(srv.db.clone(), None));
    common::wait_until(
        Duration::from_secs(20),
        "the first scheduled check",
        || async {
            monitors::load(&srv.db, "t-worker")
                .await
                .unwrap()
                .unwrap()
                .last_check_at
                .is_some()
        },
    )
    .await;
    let list = monitors::month(
        &srv.db,
        &monitors::this_month(chrono::Utc::now().timestamp_micros()),
    )
    .await
    .unwrap();
    let row = list.iter().find(|r| r.monitor == "t-worker").unwrap();
    assert_eq!(
        row.checks, 1,
        "one check for one round, whichever worker took it"
    );
    let m = monitors::load(&srv.db, "t-worker").await.unwrap().unwrap();
    assert_eq!(m.state, app::modules::security::model::MonitorState::Up);
    srv.finish().await;
}

/// Checks inside a maintenance window neither count nor open incidents.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maintenance_is_not_counted() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    let admin = client(&srv, ADMIN).await;
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    save(
        &srv,
        &admin,
        monitor("t-maint", &format!("tcp://127.0.0.1:{closed_port}")),
    )
    .await;
    let now = chrono::Utc::now();
    let window = json!({
        "title": "Nâng cấp máy chủ",
        "monitors": ["t-maint"],
        "starts_at": (now - chrono::Duration::minutes(5)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::hours(1)).to_rfc3339(),
    });
    let res = admin
        .post(srv.url("/api/v1/security/maintenance"))
        .json(&window)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let saved: Value = res.json().await.unwrap();
    let m = check(&srv, &admin, "t-maint").await;
    assert_eq!(m["state"], "maintenance", "{m}");
    assert!(m["availability_30d"].is_null(), "nothing counted: {m}");
    let official = client(&srv, OFFICIAL).await;
    assert!(incidents(&srv, &official)
        .await
        .iter()
        .all(|i| i["subject"] != "t-maint"));

    let mut bad = window.clone();
    bad["ends_at"] = bad["starts_at"].clone();
    let res = admin
        .post(srv.url("/api/v1/security/maintenance"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(field(&res.json::<Value>().await.unwrap()), Some("ends_at"));

    // Ended: the next failure counts and opens an incident.
    let res = admin
        .delete(srv.url(&format!("/api/v1/security/maintenance/{}", saved["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let m = check(&srv, &admin, "t-maint").await;
    assert_eq!(m["state"], "down");
    assert_eq!(m["availability_30d"].as_f64(), Some(0.0));
    assert!(incidents(&srv, &official)
        .await
        .iter()
        .any(|i| i["subject"] == "t-maint"));

    // Down, then a window, then up: the one outage's incident closes.
    let res = admin
        .post(srv.url("/api/v1/security/maintenance"))
        .json(&window)
        .send()
        .await
        .unwrap();
    let again: Value = res.json().await.unwrap();
    assert_eq!(check(&srv, &admin, "t-maint").await["state"], "maintenance");
    admin
        .delete(srv.url(&format!("/api/v1/security/maintenance/{}", again["id"])))
        .send()
        .await
        .unwrap();
    let _listening = std::net::TcpListener::bind(("127.0.0.1", closed_port)).unwrap();
    let m = check(&srv, &admin, "t-maint").await;
    assert_eq!(m["state"], "up", "{m}");
    let mine: Vec<Value> = incidents(&srv, &official)
        .await
        .into_iter()
        .filter(|i| i["subject"] == "t-maint")
        .collect();
    assert_eq!(mine.len(), 1, "one outage, one incident");
    assert_eq!(mine[0]["status"], "closed");
    srv.finish().await;
}

/// Certificates are read from the handshake whatever their state: expired and
/// self-signed ones are shown with why they fail, a CA-signed one that expires soon is up
/// with a warning in the feed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_are_read_even_when_they_fail() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    let admin = client(&srv, ADMIN).await;
    let official = client(&srv, OFFICIAL).await;

    let (expired, key) = leaf("expired.test", -400, -35, None);
    let port = tls_site(vec![expired], &key).await;
    save(
        &srv,
        &admin,
        monitor("t-expired", &format!("https://localhost:{port}/")),
    )
    .await;
    let m = check(&srv, &admin, "t-expired").await;
    assert_eq!(m["state"], "down", "{m}");
    let left = m["cert_days_left"].as_i64().unwrap();
    assert!((-36..=-34).contains(&left), "{m}");
    assert!(
        m["cert_error"].is_string() && m["error"].as_str().unwrap().contains("certificate"),
        "{m}"
    );
    let alerts = srv.open_alerts(&official, "security").await;
    let cert = alerts
        .iter()
        .find(|a| a["kind"] == "cert" && a["subject"] == "t-expired")
        .expect("an expired certificate raises an alert");
    assert_eq!(cert["severity"], "critical");

    let (selfsigned, key) = leaf("self.test", -1, 60, None);
    let port = tls_site(vec![selfsigned], &key).await;
    let mut m = monitor("t-self", &format!("https://localhost:{port}/"));
    m["ignore_tls"] = json!(true);
    save(&srv, &admin, m).await;
    let m = check(&srv, &admin, "t-self").await;
    assert_eq!(m["state"], "up", "{m}");
    assert!(
        (59..=60).contains(&m["cert_days_left"].as_i64().unwrap()),
        "{m}"
    );
    assert_eq!(m["cert_issuer"], "self.test");
    assert!(m["cert_error"].as_str().unwrap().contains("issuer"), "{m}");

    // The province's CA, given to the monitors: trusted; ten days left warns.
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "BR-VT Root CA");
    let ca = ca.self_signed(&ca_key).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    let (site_cert, key) = leaf("dvc.test", -1, 10, Some((&ca, &ca_key)));
    let port = tls_site(vec![site_cert], &key).await;
    save(
        &srv,
        &admin,
        monitor("t-ca", &format!("https://localhost:{port}/")),
    )
    .await;
    let m = monitors::check_now(&srv.db, "t-ca", Some(ca_file))
        .await
        .unwrap();
    assert_eq!(
        m.state,
        app::modules::security::model::MonitorState::Up,
        "{m:?}"
    );
    assert_eq!(
        (m.cert_error.as_deref(), m.cert_issuer.as_deref()),
        (None, Some("BR-VT Root CA"))
    );
    assert!((9..=10).contains(&m.cert_days_left.unwrap()), "{m:?}");
    let alerts = srv.open_alerts(&official, "security").await;
    let warn = alerts
        .iter()
        .find(|a| a["kind"] == "cert" && a["subject"] == "t-ca")
        .expect("ten days left warns");
    assert_eq!(warn["severity"], "warning");
    assert_eq!(warn["value"], "14");
    srv.finish().await;
}

/// The workflow: officials move an incident a step at a time; a false alarm needs a
/// reason; a step from a status someone already left is refused.
async fn incidents_follow_their_workflow(srv: &TestServer) {
    let official = client(srv, OFFICIAL).await;
    let res = official
        .post(srv.url("/api/v1/security/incidents"))
        .json(&json!({"title": "Dò quét cổng từ 203.0.113.7", "subject": "fw-core", "severity": "warning"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let inc: Value = res.json().await.unwrap();
    assert_eq!(inc["status"], "new");
    let id = inc["id"].as_i64().unwrap();
    let step = |to: &'static str, note: Option<&'static str>| {
        let official = &official;
        async move {
            let res = official
                .post(srv.url(&format!("/api/v1/security/incidents/{id}/status")))
                .json(&json!({"to": to, "note": note}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (s, e) = step("closed", None).await;
    assert_eq!((s, field(&e)), (422, Some("to")), "no skipping: {e}");
    assert_eq!(step("acknowledged", None).await.0, 200);
    let (s, e) = step("false_alarm", None).await;
    assert_eq!((s, field(&e)), (422, Some("note")), "{e}");
    assert_eq!(
        step("in_progress", Some("Chặn địa chỉ trên tường lửa"))
            .await
            .0,
        200
    );
    assert_eq!(step("resolved", None).await.0, 200);
    let (s, done) = step("closed", Some("Đã chặn, không tái diễn")).await;
    assert_eq!(s, 200);
    assert_eq!(done["status"], "closed");
    assert!(done["closed_at"].is_string());
    assert_eq!(done["summary"], "Đã chặn, không tái diễn");
    let log = done["log"].as_array().unwrap();
    assert_eq!(log.len(), 5);
    assert_eq!(log[2]["note"], "Chặn địa chỉ trên tường lửa");
    assert_eq!(log[2]["actor"], "Cán bộ (demo)");
    // Closed is final.
    let (s, _) = step("in_progress", None).await;
    assert_eq!(s, 422);
    assert_eq!(
        reqwest::Client::new()
            .get(srv.url("/api/v1/security/incidents"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
}
both_engines!(incidents_follow_their_workflow);
