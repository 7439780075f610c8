//! The server's side of this module's server functions.

use super::store;
use crate::backend::ServerBackend;
use app::error::{AppError, AppResult};
use app::modules::security::model::{EventQuery, SecurityBoard, SecurityEvent};
use app::tr;

/// The periods the board offers, in days.
const PERIODS: [u32; 3] = [1, 7, 30];

fn period(days: u32) -> AppResult<u32> {
    if PERIODS.contains(&days) {
        Ok(days)
    } else {
        Err(AppError::invalid(
            "days",
            tr!("một trong 1, 7, 30 ngày", "one of 1, 7 or 30 days"),
        ))
    }
}

#[async_trait::async_trait]
impl app::modules::security::backend::SecurityBackend for ServerBackend {
    async fn board(&self, days: u32, unit: Option<String>) -> AppResult<SecurityBoard> {
        let now = chrono::Utc::now().timestamp_micros();
        let unit = unit.filter(|u| !u.is_empty());
        let districts = crate::registry::district_names(&self.0.db).await?;
        crate::registry::require_district(&districts, unit.as_deref())?;
        store::board(&self.0.db, period(days)?, unit, now).await
    }

    async fn events(&self, q: EventQuery) -> AppResult<Vec<SecurityEvent>> {
        let now = chrono::Utc::now().timestamp_micros();
        let f = store::EventFilter {
            since: Some(now - i64::from(period(q.days)?) * 86_400_000_000),
            severity: q.severity,
            q: q.q.filter(|s| !s.trim().is_empty()),
            unit: q.unit.filter(|u| !u.is_empty()),
            limit: 100,
            ..Default::default()
        };
        store::list(&self.0.db, &f).await
    }
}
