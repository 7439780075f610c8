//! Database connection and migrations: SQLite by default, PostgreSQL through the same code.

pub mod entity;
pub mod health;
pub mod migration;

use anyhow::Context;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// A connection or a transaction that can open (nested) transactions: what a store takes
/// when its caller may already be inside a transaction (a module's demo seed).
pub trait Conn:
    sea_orm::ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>
{
}

impl<T> Conn for T where
    T: sea_orm::ConnectionTrait
        + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>
{
}

/// The default: a file under `data/`, created on first start.
pub const DEFAULT_URL: &str = "sqlite://data/ioc.db?mode=rwc";

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    connect_pool(url, None).await
}

/// SQLite only: a pool of one connection for the bulk writes (dataset batches). A
/// connection's page cache is dropped whenever another connection has written since its
/// last transaction, so batches taking turns over the main pool's connections each began
/// with a cold cache and re-read the indexes' inner pages: at 10 million rows a batch cost
/// 1.55× the first (issue 23). One connection that does the writing keeps its cache.
/// PostgreSQL: `None` (its buffers are shared by every connection).
pub async fn connect_writer(url: &str) -> anyhow::Result<Option<DatabaseConnection>> {
    // An in-memory database is one per connection options: a pool of its own would write
    // to another, empty database.
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(None);
    }
    connect_pool(url, Some(1)).await.map(Some)
}

async fn connect_pool(url: &str, size: Option<u32>) -> anyhow::Result<DatabaseConnection> {
    let is_sqlite = url.starts_with("sqlite:");
    if is_sqlite {
        ensure_sqlite_dir(url)?;
    } else if url.starts_with("postgres") {
        // One direct connection first: a wrong host, port or password is then reported as
        // such, not as a pool that timed out.
        use sea_orm::sqlx::Connection;
        let direct = tokio::time::timeout(
            Duration::from_secs(10),
            sea_orm::sqlx::PgConnection::connect(url),
        )
        .await
        .map_err(|_| anyhow::anyhow!("no answer within 10 s"))
        .and_then(|r| r.map_err(anyhow::Error::from))
        .with_context(|| format!("cannot connect to the database at {}", redact(url)))?;
        let _ = direct.close().await;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(size.unwrap_or(if is_sqlite { 8 } else { 16 }))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        // Short: while the database is away, answers say so (503) within seconds. The
        // writer's batches queue for its one connection as they would for SQLite's lock
        // (busy_timeout, 10 s).
        .acquire_timeout(Duration::from_secs(if size == Some(1) { 10 } else { 5 }))
        .sqlx_logging(false);
    if is_sqlite {
        // WAL lets readers work while one writer writes; busy_timeout waits for the lock
        // instead of failing at once.
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // A 10-million-row dataset's batches touch more pages than the default 2 MB
                // cache holds (issue 23: a batch cost 1.8× more at 10M rows than at the
                // start, SQLite alone). 32 MiB per connection at most, and reads served
                // from the OS's page cache through mmap instead of copied by read().
                .pragma("cache_size", "-32768")
                // SQLite's own ceiling (SQLITE_MAX_MMAP_SIZE): a larger value is cut to it.
                .pragma("mmap_size", "2147418112")
        });
        // A connection must never go back to the pool inside a transaction (a COMMIT that
        // failed on a full disk leaves one open): it would hold the write lock for ever
        // and every later write would find the database locked.
        opts.map_sqlx_sqlite_pool_opts(|p| {
            p.after_release(|conn, _| {
                Box::pin(async move {
                    use sea_orm::sqlx::Executor;
                    if conn.execute("ROLLBACK").await.is_ok() {
                        tracing::warn!(
                            "a database connection came back inside a transaction: rolled back"
                        );
                    }
                    Ok(true)
                })
            })
        });
    }
    let mut tries = 0;
    let db = loop {
        match Database::connect(opts.clone()).await {
            // Processes opening a new SQLite file together (three `ioc migrate` at once) may
            // find it locked, without waiting, while one of them turns on WAL: brief.
            Err(e) if is_sqlite && tries < 50 && e.to_string().contains("database is locked") => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => {
                break other
                    .with_context(|| format!("cannot open the database at {}", redact(url)))?
            }
        }
    };
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    migration::Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// Runs `work` (migrations, seeding) while holding a lock that every copy of the server
/// takes for the same: two copies starting together on one database take turns, and the
/// second finds the work done. PostgreSQL: a session advisory lock on a connection of its
/// own; SQLite: an exclusive lock on a file beside the database.
pub async fn exclusive<T, F>(db: &DatabaseConnection, url: &str, work: F) -> anyhow::Result<T>
where
    F: std::future::Future<Output = anyhow::Result<T>>,
{
    const KEY: i64 = 0x10c_5eed; // any constant the whole product agrees on
    match db.get_database_backend() {
        DbBackend::Postgres => {
            use sea_orm::sqlx::{Connection, Executor};
            let mut conn = sea_orm::sqlx::PgConnection::connect(url)
                .await
                .with_context(|| format!("cannot connect to {}", redact(url)))?;
            conn.execute(sea_orm::sqlx::query("SELECT pg_advisory_lock($1)").bind(KEY))
                .await
                .context("cannot take the migration lock")?;
            let out = work.await;
            let _ = conn
                .execute(sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)").bind(KEY))
                .await;
            let _ = conn.close().await;
            out
        }
        _ => {
            let path = sqlite_path(url);
            if path.is_empty() || path == ":memory:" {
                return work.await;
            }
            let lock_path = format!("{path}.lock");
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .with_context(|| format!("cannot open the lock file {lock_path}"))?;
            // Blocking: taken on a thread of its own while another copy works.
            let file = tokio::task::spawn_blocking(move || file.lock().map(|_| file))
                .await
                .context("lock task failed")?
                .with_context(|| format!("cannot lock {lock_path}"))?;
            let out = work.await;
            let _ = file.unlock();
            out
        }
    }
}

fn sqlite_path(url: &str) -> &str {
    url.trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default()
}

/// True when the database answers a trivial query (within a second).
pub async fn ping(db: &DatabaseConnection) -> bool {
    health::answers(db).await
}

/// Creates the folder of an SQLite file so that a fresh checkout just works.
fn ensure_sqlite_dir(url: &str) -> anyhow::Result<()> {
    let path = sqlite_path(url);
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        }
    }
    Ok(())
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

/// Connections in use and idle, for /metrics.
pub fn pool_stats(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle())
        }
        DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle())
        }
        _ => (0, 0),
    }
}

/// `(?, …), (?, …)`: `rows` tuples of `width` placeholders (`$1…` on PostgreSQL), for a
/// multi-row `VALUES`.
pub fn tuples(backend: DbBackend, rows: usize, width: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(rows * width * 4);
    let mut n = 0;
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..width {
            n += 1;
            if c > 0 {
                out.push(',');
            }
            match backend {
                DbBackend::Postgres => {
                    let _ = write!(out, "${n}");
                }
                _ => out.push('?'),
            }
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://ioc:secret@localhost/ioc"),
            "postgres://ioc:***@localhost/ioc"
        );
        assert_eq!(super::redact(super::DEFAULT_URL), super::DEFAULT_URL);
    }
}
