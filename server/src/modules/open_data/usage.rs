//! Usage statistics per public dataset and day: page views, downloads, API calls.
//! Counted in memory and added to the database every few seconds (and before any
//! read), so a busy API does not write a row per request; several copies of the
//! server each add their own counts, which sum correctly.

use crate::auth::internal;
use app::error::AppResult;
use app::modules::open_data::model::Usage;
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    View,
    Download,
    Api,
}

#[derive(Default)]
pub struct Counter {
    pending: Mutex<HashMap<(i32, String), [i64; 3]>>,
}

impl Counter {
    pub fn count(&self, dataset_id: i32, kind: Kind) {
        let day = Utc::now().format("%Y-%m-%d").to_string();
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.entry((dataset_id, day)).or_default()[kind as usize] += 1;
    }

    /// Adds what was counted since the last flush to the database.
    pub async fn flush(&self, db: &DatabaseConnection) -> AppResult<()> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if pending.is_empty() {
            return Ok(());
        }
        let backend = db.get_database_backend();
        let ph = |n: usize| match backend {
            DbBackend::Postgres => format!("${n}"),
            _ => format!("?{n}"),
        };
        let sql = format!(
            "INSERT INTO dataset_usage (dataset_id, day, views, downloads, api_calls) \
             VALUES ({}, {}, {}, {}, {}) ON CONFLICT (dataset_id, day) DO UPDATE SET \
             views = dataset_usage.views + excluded.views, \
             downloads = dataset_usage.downloads + excluded.downloads, \
             api_calls = dataset_usage.api_calls + excluded.api_calls",
            ph(1),
            ph(2),
            ph(3),
            ph(4),
            ph(5)
        );
        let mut failed = HashMap::new();
        for ((id, day), [v, d, a]) in pending {
            let values: Vec<Value> =
                vec![id.into(), day.clone().into(), v.into(), d.into(), a.into()];
            if let Err(e) = db
                .execute_raw(Statement::from_sql_and_values(backend, sql.clone(), values))
                .await
            {
                tracing::warn!(error = %e, "usage counts not saved; kept for the next flush");
                failed.insert((id, day), [v, d, a]);
            }
        }
        if !failed.is_empty() {
            let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (k, [v, d, a]) in failed {
                let e = p.entry(k).or_default();
                e[0] += v;
                e[1] += d;
                e[2] += a;
            }
        }
        Ok(())
    }

    /// What this copy counted for a dataset and has not written yet.
    fn pending(&self, dataset_id: i32) -> [i64; 3] {
        let p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.iter()
            .filter(|((id, _), _)| *id == dataset_id)
            .fold([0; 3], |acc, (_, c)| {
                [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]]
            })
    }

    /// A dataset's totals since publication, including what this copy counted just now
    /// (read, not written: a page view does not cost a write).
    pub async fn totals(&self, db: &DatabaseConnection, dataset_id: i32) -> AppResult<Usage> {
        let backend = db.get_database_backend();
        let ph = if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?1"
        };
        let row = db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    // PostgreSQL's SUM of bigint is numeric: cast back for one decoder.
                    "SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(downloads), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(api_calls), 0) AS BIGINT) \
                     FROM dataset_usage WHERE dataset_id = {ph}"
                ),
                [dataset_id.into()],
            ))
            .await
            .map_err(internal)?;
        let get = |i: usize| -> u64 {
            row.as_ref()
                .and_then(|r| r.try_get_by_index::<i64>(i).ok())
                .unwrap_or(0)
                .max(0) as u64
        };
        // Read after the database: counts flushed in between are missed for a moment,
        // never counted twice.
        let [v, d, a] = self.pending(dataset_id);
        let add = |x: u64, y: i64| x + y.max(0) as u64;
        Ok(Usage {
            views: add(get(0), v),
            downloads: add(get(1), d),
            api_calls: add(get(2), a),
        })
    }
}
