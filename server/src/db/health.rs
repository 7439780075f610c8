//! Whether the database answers and takes writes, kept current by a worker: while it does
//! not, requests get 503 with Retry-After at once instead of waiting on the pool, and
//! `/healthz` says why.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a check may take before the database counts as away.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(1);
/// Seconds a client is told to wait while the database is away.
pub const RETRY_AFTER_SECS: u64 = 5;

pub struct Health {
    up: AtomicBool,
    writable: AtomicBool,
}

impl Default for Health {
    fn default() -> Self {
        Self {
            up: AtomicBool::new(true),
            writable: AtomicBool::new(true),
        }
    }
}

impl Health {
    pub fn up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    pub fn writable(&self) -> bool {
        self.writable.load(Ordering::Relaxed)
    }

    pub fn set_up(&self, up: bool) {
        flip(
            &self.up,
            up,
            "the database answers again",
            "the database does not answer: requests get 503 until it does",
        );
    }

    pub fn set_writable(&self, writable: bool) {
        flip(
            &self.writable,
            writable,
            "the database takes writes again",
            "the database cannot be written (disk full or read-only?)",
        );
    }
}

/// Sets a flag, logging only when it changes.
fn flip(flag: &AtomicBool, to: bool, now_true: &str, now_false: &str) {
    if flag.swap(to, Ordering::Relaxed) != to {
        if to {
            tracing::info!("{now_true}");
        } else {
            tracing::error!("{now_false}");
        }
    }
}

/// True when the database answers a trivial query within [`CHECK_TIMEOUT`].
pub async fn answers(db: &DatabaseConnection) -> bool {
    matches!(
        tokio::time::timeout(CHECK_TIMEOUT, db.ping()).await,
        Ok(Ok(()))
    )
}

/// What a write probe found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Written,
    /// Locked, busy or slow: fine once, not for long.
    Busy,
    /// Refused for good: read-only, disk full.
    Refused,
}

/// Writes this server's row of `health_probe`: false when the database refused the write
/// for good (read-only, disk full); a busy database or a slow answer is not that.
pub async fn probe_write(db: &DatabaseConnection, instance: &str) -> bool {
    probe(db, instance).await != Probe::Refused
}

async fn probe(db: &DatabaseConnection, instance: &str) -> Probe {
    let backend = db.get_database_backend();
    let (a, b) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?1", "?2"),
    };
    let stmt = Statement::from_sql_and_values(
        backend,
        format!(
            "INSERT INTO health_probe (instance, checked_at) VALUES ({a}, {b}) \
             ON CONFLICT (instance) DO UPDATE SET checked_at = excluded.checked_at"
        ),
        [instance.into(), chrono::Utc::now().timestamp().into()],
    );
    match tokio::time::timeout(Duration::from_secs(5), db.execute_raw(stmt)).await {
        Ok(Ok(_)) => Probe::Written,
        Err(_) => Probe::Busy,
        Ok(Err(e)) => {
            let text = e.to_string().to_lowercase();
            if text.contains("locked") || text.contains("busy") || text.contains("timed out") {
                Probe::Busy
            } else {
                tracing::warn!(error = %e, "health write probe failed");
                Probe::Refused
            }
        }
    }
}

/// Busy probes in a row (five seconds apart) after which the database counts as not
/// taking writes: no batch holds the write lock for half a minute, a stuck one does.
const BUSY_LIMIT: u32 = 6;

/// A connection of the watcher's own (a pool of one): a busy main pool is not a database
/// that is away, so the question "does it answer" must not queue behind the requests.
async fn own_connection(url: &str) -> Option<DatabaseConnection> {
    let mut opts = sea_orm::ConnectOptions::new(url.to_owned());
    opts.max_connections(1)
        .min_connections(0)
        .connect_timeout(CHECK_TIMEOUT)
        .acquire_timeout(CHECK_TIMEOUT)
        .sqlx_logging(false);
    tokio::time::timeout(CHECK_TIMEOUT * 2, sea_orm::Database::connect(opts))
        .await
        .ok()?
        .ok()
}

/// Checks every second whether the database answers (on a connection of its own), and
/// every five seconds whether it takes a write (through the server's pool), for as long
/// as the server runs.
pub async fn watch(
    db: DatabaseConnection,
    url: String,
    health: std::sync::Arc<Health>,
    instance: String,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let (mut n, mut busy): (u64, u32) = (0, 0);
    let mut own: Option<DatabaseConnection> = None;
    loop {
        tick.tick().await;
        if own.is_none() {
            own = own_connection(&url).await;
        }
        let up = match &own {
            Some(c) => answers(c).await,
            None => false,
        };
        health.set_up(up);
        if up && n.is_multiple_of(5) {
            match probe(&db, &instance).await {
                Probe::Written => {
                    busy = 0;
                    health.set_writable(true);
                }
                Probe::Busy => {
                    busy += 1;
                    if busy >= BUSY_LIMIT {
                        tracing::error!(
                            probes = busy,
                            "the database has taken no write for half a minute"
                        );
                        health.set_writable(false);
                    }
                }
                Probe::Refused => health.set_writable(false),
            }
        }
        n = n.wrapping_add(1);
    }
}
