//! The feedback worker: closes resolved reports nobody rated after the set number of days,
//! and drops photos no report took. Both are conditional updates and deletes, so every
//! copy of the server may run it at once.

use sea_orm::DatabaseConnection;
use std::time::Duration;

/// Runs one round now, then one every `every`, for as long as the server runs.
pub async fn run(db: DatabaseConnection, close_after_days: i64, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        round(&db, close_after_days).await;
    }
}

pub async fn round(db: &DatabaseConnection, close_after_days: i64) {
    match super::store::auto_close(db, close_after_days).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(closed = n, "feedback: resolved reports closed unrated"),
        Err(e) => tracing::warn!(error = %e, "feedback: auto-close failed"),
    }
    match super::photos::sweep(db).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(deleted = n, "feedback: unused photo uploads deleted"),
        Err(e) => tracing::warn!(error = %e, "feedback: photo sweep failed"),
    }
    // Filing allowances are hourly windows: a day later nothing reads them.
    if let Err(e) = crate::web::quota::prune(db, 86_400).await {
        tracing::warn!(error = %e, "feedback: pruning rate counters failed");
    }
}
