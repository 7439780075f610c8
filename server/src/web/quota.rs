//! Allowances counted in the database, so that every copy of the server shares them:
//! a fixed window per key, opened by the first request, taken in one statement. Two
//! requests at once cannot both see "one left" (the upsert is atomic on SQLite and
//! PostgreSQL alike).

use crate::auth::internal;
use app::error::{AppError, AppResult};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// Takes one from `key`'s allowance of `limit` per `window_secs`. Refused with the
/// seconds until the window ends once the allowance is spent.
pub async fn take<C: ConnectionTrait>(
    db: &C,
    key: &str,
    limit: u32,
    window_secs: i64,
) -> AppResult<()> {
    let now = chrono::Utc::now().timestamp();
    let backend = db.get_database_backend();
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => format!("?{n}"),
    };
    // A window older than its length starts again at 1.
    let sql = format!(
        "INSERT INTO rate_counter (key, window_start, count) VALUES ({k}, {now}, 1) \
         ON CONFLICT (key) DO UPDATE SET \
         count = CASE WHEN rate_counter.window_start <= {old} THEN 1 ELSE rate_counter.count + 1 END, \
         window_start = CASE WHEN rate_counter.window_start <= {old} THEN {now} ELSE rate_counter.window_start END \
         RETURNING count, window_start",
        k = p(1),
        now = p(2),
        old = p(3),
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [key.into(), now.into(), (now - window_secs).into()],
        ))
        .await
        .map_err(internal)?
        .ok_or_else(|| internal("rate counter: no row returned"))?;
    let count: i32 = row.try_get_by_index(0).map_err(internal)?;
    let start: i64 = row.try_get_by_index(1).map_err(internal)?;
    if i64::from(count) > i64::from(limit) {
        let wait = (start + window_secs - now).max(1) as u64;
        return Err(AppError::RateLimited(wait));
    }
    Ok(())
}

/// Forgets windows that ended long ago (called now and then; the table stays small).
pub async fn prune<C: ConnectionTrait>(db: &C, older_than_secs: i64) -> AppResult<u64> {
    let backend = db.get_database_backend();
    let p = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?1"
    };
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            format!("DELETE FROM rate_counter WHERE window_start < {p}"),
            [(chrono::Utc::now().timestamp() - older_than_secs).into()],
        ))
        .await
        .map_err(internal)?;
    Ok(res.rows_affected())
}

/// How long `key` must still wait when `limit` is spent in its current window (without
/// taking anything), or None.
pub async fn blocked<C: ConnectionTrait>(
    db: &C,
    key: &str,
    limit: u32,
    window_secs: i64,
) -> AppResult<Option<u64>> {
    let now = chrono::Utc::now().timestamp();
    let backend = db.get_database_backend();
    let (a, b) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?1", "?2"),
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT count, window_start FROM rate_counter WHERE key = {a} AND window_start > {b}"),
            [key.into(), (now - window_secs).into()],
        ))
        .await
        .map_err(internal)?;
    let Some(row) = row else { return Ok(None) };
    let count: i32 = row.try_get_by_index(0).map_err(internal)?;
    let start: i64 = row.try_get_by_index(1).map_err(internal)?;
    Ok((i64::from(count) >= i64::from(limit)).then(|| (start + window_secs - now).max(1) as u64))
}

/// Forgets `key`'s window (e.g. an account's failed sign-ins once one succeeds).
pub async fn forget<C: ConnectionTrait>(db: &C, key: &str) -> AppResult<()> {
    let backend = db.get_database_backend();
    let p = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?1"
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        format!("DELETE FROM rate_counter WHERE key = {p}"),
        [key.into()],
    ))
    .await
    .map_err(internal)?;
    Ok(())
}
