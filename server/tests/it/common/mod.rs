//! Test harness: a real `ioc` router on a real database (an SQLite file, or a fresh
//! PostgreSQL database when IOC_TEST_POSTGRES_URL is set), served on a loopback port.
#![allow(dead_code)]

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::Settings;
use server::state::AppState;
use server::web::static_files::IndexPage;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const INDEX_HTML: &str = r#"<!DOCTYPE html><html lang="vi"><head><script type="module">import init from '/frontend-0123456789abcdef.js'; await init();</script></head><body></body></html>"#;

pub struct TestServer {
    pub base: String,
    pub db: DatabaseConnection,
    /// The database's URL: another copy of the server can be started on it.
    pub db_url: String,
    pub static_dir: tempfile::TempDir,
    _db_dir: Option<tempfile::TempDir>,
    pg_cleanup: Option<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl TestServer {
    pub async fn start(engine: Engine) -> Option<TestServer> {
        Self::start_with(engine, Settings::default()).await
    }

    /// `None` when the engine is not available here (PostgreSQL without its URL).
    pub async fn start_with(engine: Engine, mut settings: Settings) -> Option<TestServer> {
        let (url, db_dir, pg_cleanup) = match engine {
            Engine::Sqlite => {
                let template = sqlite_template().await;
                let dir = tempfile::tempdir().unwrap();
                let file = dir.path().join("ioc.db");
                std::fs::copy(template, &file).expect("copy the seeded template");
                let url = format!("sqlite://{}?mode=rwc", file.display());
                (url, Some(dir), None)
            }
            Engine::Postgres => {
                let admin_url = postgres_admin_url()?;
                let template = postgres_template(&admin_url).await;
                let name = format!("ioc_t_{}", hex_id());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("PostgreSQL reachable");
                wait_until(
                    Duration::from_secs(30),
                    "copy of the seeded template",
                    || async {
                        admin
                            .execute_unprepared(&format!(
                                "CREATE DATABASE {name} TEMPLATE {template}"
                            ))
                            .await
                            .is_ok()
                    },
                )
                .await;
                admin.close().await.ok();
                let base = admin_url.rsplit_once('/').unwrap().0;
                (format!("{base}/{name}"), None, Some((admin_url, name)))
            }
        };
        let db = server::db::connect(&url).await.expect("connect");
        // Copies of the template are already migrated and seeded; a no-op that keeps the
        // path tested.
        server::db::migrate(&db).await.expect("migrate");

        let static_dir = tempfile::tempdir().unwrap();
        std::fs::write(static_dir.path().join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(
            static_dir.path().join("frontend-0123456789abcdef.js"),
            "export default 1;",
        )
        .unwrap();
        std::fs::write(
            static_dir.path().join("frontend-0123456789abcdef.js.br"),
            b"\x0b\x07\x80export default 1;\x03",
        )
        .unwrap();
        std::fs::write(static_dir.path().join("favicon.ico"), b"ico").unwrap();
        settings.static_dir = Some(static_dir.path().to_path_buf());

        let state = AppState::new(
            db.clone(),
            settings,
            Some(IndexPage::from_html(INDEX_HTML.to_string())),
        );
        let base = serve(state).await;
        Some(TestServer {
            base,
            db,
            db_url: url,
            static_dir,
            _db_dir: db_dir,
            pg_cleanup,
        })
    }

    /// Starts another copy of the server on the same database (as behind a load
    /// balancer): its own connection pool, limits and workers' state. Its base URL.
    pub async fn another_copy(&self, settings: Settings) -> String {
        let db = server::db::connect(&self.db_url).await.expect("connect");
        serve(AppState::new(db, settings, None)).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies, like a browser.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }

    /// Calls a server function as the Leptos client does (form-encoded POST).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let res = client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, json)
    }

    /// Calls a server function that takes JSON (a struct argument), as the client does.
    pub async fn call_json(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let res = client
            .post(self.url(&format!("/api/{endpoint}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A new key with scope `ingest` for a department's system: the key's secret.
    pub async fn ingest_key(&self, name: &str, department: &str) -> String {
        server::auth::api_keys::create(&self.db, "test", name, &["ingest".into()], Some(department))
            .await
            .unwrap()
            .1
    }

    pub async fn login(&self, client: &reqwest::Client, email: &str, password: &str) -> u16 {
        self.call(
            client,
            "auth/login",
            &[("email", email), ("password", password)],
        )
        .await
        .0
    }

    /// A module's open alerts in the shared feed, as `client` reads them.
    pub async fn open_alerts(
        &self,
        client: &reqwest::Client,
        module: &str,
    ) -> Vec<serde_json::Value> {
        let res = client
            .post(self.url("/api/alerts/list"))
            .json(&serde_json::json!({"query": {"module": module, "include_cleared": false}}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let list: serde_json::Value = res.json().await.unwrap();
        list.as_array().unwrap().clone()
    }

    pub async fn finish(self) {
        self.db.clone().close().await.ok();
        if let Some((admin_url, name)) = &self.pg_cleanup {
            if let Ok(admin) = Database::connect(admin_url).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
    }
}

/// Serves a router on a free loopback port with the server's own loop; its base URL.
pub async fn serve(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::web::serve::run(
        listener,
        server::router(state),
        std::future::pending(),
        server::web::serve::ServeOptions::default(),
    ));
    format!("http://{addr}")
}

/// The modules whose demo data the test template holds: all but the environment's
/// network (700,000 readings, 100 MB: its tests register the stations they need, and one
/// loads a short demo network of its own).
pub fn template_modules() -> Vec<std::sync::Arc<dyn server::module::ServerModule>> {
    server::modules::all()
        .into_iter()
        .filter(|m| m.name() != "environment")
        .collect()
}

/// The demo province, migrated and seeded once per test process into a template that
/// every test copies (seeding takes seconds; copying a file, milliseconds).
async fn sqlite_template() -> &'static std::path::Path {
    static TEMPLATE: tokio::sync::OnceCell<(tempfile::TempDir, std::path::PathBuf)> =
        tokio::sync::OnceCell::const_new();
    let (_, path) = TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().unwrap();
            let work = dir.path().join("seeding.db");
            let db = server::db::connect(&format!("sqlite://{}?mode=rwc", work.display()))
                .await
                .expect("connect");
            server::db::migrate(&db).await.expect("migrate");
            server::seed::seed_demo_with(&db, &template_modules(), &|_| {})
                .await
                .expect("seed");
            // One self-contained file (no WAL beside it) to copy.
            let path = dir.path().join("template.db");
            db.execute_unprepared(&format!("VACUUM INTO '{}'", path.display()))
                .await
                .expect("write the template");
            db.close().await.ok();
            (dir, path)
        })
        .await;
    path
}

/// The PostgreSQL server's URL for tests, or `None` (said loudly) when there is none here.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("IOC_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            skipped("PostgreSQL", "IOC_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

/// Says loudly that a suite did not run here; where every suite must run (CI sets
/// `IOC_TEST_REQUIRE_ALL=1`, as `.ci/run` does) a skip fails the test instead.
pub fn skipped(suite: &str, why: &str) {
    let required = std::env::var("IOC_TEST_REQUIRE_ALL").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(!required, "{suite} tests cannot be skipped here: {why}");
    eprintln!("\n*** SKIPPED ({suite}): {why} ***\n");
}

/// The seeded PostgreSQL template of this process (created once; dropped by the next run).
async fn postgres_template(admin_url: &str) -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let admin = Database::connect(admin_url)
                .await
                .expect("PostgreSQL reachable");
            drop_stale_templates(&admin).await;
            let name = format!("ioc_tpl_{}_{}", std::process::id(), hex_id());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create the template database");
            let base = admin_url.rsplit_once('/').unwrap().0;
            let db = server::db::connect(&format!("{base}/{name}"))
                .await
                .expect("connect");
            server::db::migrate(&db).await.expect("migrate");
            server::seed::seed_demo_with(&db, &template_modules(), &|_| {})
                .await
                .expect("seed");
            // A template may have no connections while it is copied.
            db.close().await.ok();
            admin.close().await.ok();
            name
        })
        .await
}

/// Templates left by earlier test processes that have exited.
async fn drop_stale_templates(admin: &DatabaseConnection) {
    use sea_orm::{DbBackend, Statement};
    let Ok(rows) = admin
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'ioc\\_tpl\\_%'",
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let pid = name.split('_').nth(2).unwrap_or_default();
        if std::path::Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
}

/// Waits for a condition, checking every 25 ms, and fails the test naming it after
/// `deadline`. Tests wait for what they need this way, never for a fixed time.
pub async fn wait_until<F, Fut>(deadline: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let until = tokio::time::Instant::now() + deadline;
    loop {
        if check().await {
            return;
        }
        assert!(
            tokio::time::Instant::now() < until,
            "waited {deadline:?} for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The port in `ioc is serving at http://127.0.0.1:PORT`; the rest of the output is
/// drained so that the child never blocks on a full pipe.
pub fn served_port(child: &mut std::process::Child) -> u16 {
    use std::io::BufRead;
    let out = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(port) = line
                .strip_prefix("ioc is serving at http://")
                .and_then(|a| a.rsplit(':').next())
                .and_then(|p| p.trim().parse::<u16>().ok())
            {
                let _ = tx.send(port);
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(120))
        .expect("ioc said where it serves")
}

fn hex_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", nanos, std::process::id())
}

/// One test body (`async fn name(srv: &TestServer)`), run on SQLite always and on PostgreSQL when it is configured.
#[macro_export]
macro_rules! both_engines {
    ($name:ident) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
                super::$name(&srv).await;
                srv.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(srv) = TestServer::start(Engine::Postgres).await else {
                    return;
                };
                super::$name(&srv).await;
                srv.finish().await;
            }
        }
    };
}

/// The `ioc` binary on a database, for tests that run it as a process of its own.
pub fn ioc(db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ioc"));
    c.arg("--database")
        .arg(db)
        .env_remove("IOC_DATABASE_URL")
        .env("IOC_LOG", "warn")
        .stdin(Stdio::null());
    c
}

/// An `ioc` process of its own (killed when dropped).
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ioc serve` on a port the system picks (read from its first line of output), once
/// /healthz answers at all (any status).
pub fn serve_process(db: &str, extra: &[&str]) -> Server {
    let mut child = ioc(db)
        .arg("serve")
        .arg("--addr")
        .arg("127.0.0.1:0")
        .arg("--static-dir")
        .arg("/nonexistent")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let port = served_port(&mut child);
    let s = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    while health(port).is_none() {
        assert!(Instant::now() < deadline, "ioc did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    s
}

/// The status and body of /healthz, or None when nothing answers.
pub fn health(port: u16) -> Option<(u16, String)> {
    request(
        port,
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
}

pub fn request(port: u16, raw: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(raw.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, out))
}
