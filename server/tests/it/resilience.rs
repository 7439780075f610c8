//! The `ioc` process when things go wrong around it: a stalled client at shutdown, half a
//! request, a database that cannot be written, two copies starting at once, a database
//! that is not there or goes away.

use super::common::{self, health, ioc, request, serve_process};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn temp_db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("r.db").display());
    (dir, url)
}

fn sigterm(child: &Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
}

/// Waits for the process to exit; how long it took, or None past `limit`.
fn exits_within(child: &mut Child, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn half_a_request_is_cut_off_and_shutdown_is_bounded() {
    let (_d, db) = temp_db();
    let mut srv = serve_process(
        &db,
        &[
            "--header-timeout-seconds",
            "2",
            "--shutdown-grace-seconds",
            "2",
        ],
    );
    // Half a request line and headers, then silence: disconnected after the header time.
    let mut half = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: loc")
        .unwrap();
    half.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let start = Instant::now();
    let mut buf = Vec::new();
    let _ = half.read_to_end(&mut buf);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(10),
        "cut off after {waited:?}"
    );
    // A body that never comes, and a half request: SIGTERM ends the process within the
    // grace period all the same.
    let mut slow = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    slow.write_all(
        b"POST /api/v1/feedback/photos HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n0123456789",
    )
    .unwrap();
    let mut stalled = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    stalled.write_all(b"GET /api/v1/departm").unwrap();
    // A request answered on a later connection: the two above have been accepted.
    assert!(health(srv.port).is_some());
    sigterm(&srv.child);
    let took = exits_within(&mut srv.child, Duration::from_secs(15));
    let took = took.expect("ioc exits after SIGTERM");
    assert!(took < Duration::from_secs(6), "took {took:?}");
}

#[test]
fn a_database_that_cannot_be_written_is_not_healthy() {
    let (dir, db) = temp_db();
    let out = ioc(&db).arg("migrate").output().unwrap();
    assert!(out.status.success());
    let ro = format!("sqlite://{}?mode=ro", dir.path().join("r.db").display());
    let srv = serve_process(&ro, &[]);
    let (status, body) = health(srv.port).unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("read_only"), "{body}");
    // A write that fails there is "come back later" (503 with Retry-After), not a 500.
    let report = r#"{"report":{"service_code":"road","description":"Ổ gà lớn trước cổng chợ","address":"Chợ Bà Rịa"}}"#;
    let (status, raw) = request(
        srv.port,
        &format!(
            "POST /api/feedback/file HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{report}",
            report.len()
        ),
    )
    .unwrap();
    assert_eq!(status, 503, "{raw}");
    drop(srv);
    let srv = serve_process(&db, &[]);
    let (status, body) = health(srv.port).unwrap();
    assert_eq!(status, 200, "{body}");
}

/// Three `ioc migrate` at once on one database: every one succeeds.
fn migrate_three_at_once(db: &str) {
    let children: Vec<Child> = (0..3)
        .map(|_| {
            ioc(db)
                .arg("migrate")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn two_copies_starting_together_take_turns() {
    let (_d, db) = temp_db();
    migrate_three_at_once(&db);
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let (url, _guard) = fresh_pg(&admin);
    migrate_three_at_once(&url);
}

#[test]
fn an_unreachable_postgresql_is_named_quickly() {
    // A port the system just handed out and took back: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    let out = ioc(&format!("postgres://ioc:ioc@127.0.0.1:{port}/ioc"))
        .arg("migrate")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(stderr.to_lowercase().contains("refused"), "{stderr}");
}

/// A PostgreSQL database of its own, dropped with the guard.
fn fresh_pg(admin_url: &str) -> (String, PgGuard) {
    let name = format!(
        "ioc_r_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    psql(admin_url, &format!("CREATE DATABASE {name}"));
    let base = admin_url.rsplit_once('/').unwrap().0;
    (
        format!("{base}/{name}"),
        PgGuard {
            admin: admin_url.to_string(),
            name,
        },
    )
}

fn psql(url: &str, sql: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(url).await.unwrap();
        db.execute_unprepared(sql).await.unwrap();
        db.close().await.ok();
    });
}

struct PgGuard {
    admin: String,
    name: String,
}

impl Drop for PgGuard {
    fn drop(&mut self) {
        psql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// PostgreSQL goes away under a running server (its connections cut, new ones refused):
/// answers are 503 with Retry-After at once, /healthz says so, and all is well again
/// once it is back.
#[test]
fn a_database_that_goes_away_gets_503_at_once() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let (url, guard) = fresh_pg(&admin);
    let srv = serve_process(&url, &[]);
    assert_eq!(health(srv.port).unwrap().0, 200);
    psql(
        &admin,
        &format!("ALTER DATABASE {} CONNECTION LIMIT 0", guard.name),
    );
    psql(
        &admin,
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'",
            guard.name
        ),
    );
    // Within a few seconds the server knows; from then on every answer is immediate.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, _) = health(srv.port).unwrap();
        if status == 503 {
            break;
        }
        assert!(Instant::now() < deadline, "healthz still 200");
        std::thread::sleep(Duration::from_millis(100));
    }
    let start = Instant::now();
    let (status, raw) = request(
        srv.port,
        "GET /api/v1/departments HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(status, 503, "{raw}");
    assert!(raw.to_lowercase().contains("retry-after: 5"), "{raw}");
    psql(
        &admin,
        &format!("ALTER DATABASE {} CONNECTION LIMIT -1", guard.name),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, _) = request(
            srv.port,
            "GET /api/v1/departments HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not come back");
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(srv);
}
