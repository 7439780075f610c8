//! The server's side of this module's server functions.

use super::store;
use crate::backend::ServerBackend;
use app::error::{AppError, AppResult};
use app::modules::security::model::{
    EventQuery, Incident, IncidentMove, Monitor, NewIncident, SecurityBoard, SecurityEvent,
    StatusEntry, StatusPage,
};
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

    async fn monitors(&self) -> AppResult<Vec<Monitor>> {
        super::monitors::list(&self.0.db, None, now()).await
    }

    async fn incidents(&self) -> AppResult<Vec<Incident>> {
        super::incidents::list(&self.0.db, now() - 30 * 86_400_000_000, 200).await
    }

    async fn open_incident(&self, new: NewIncident, actor: String) -> AppResult<Incident> {
        super::incidents::create(&self.0.db, &new, &actor, now()).await
    }

    async fn move_incident(&self, step: IncidentMove, actor: String) -> AppResult<Incident> {
        super::incidents::move_to(&self.0.db, &step, &actor, now()).await
    }

    async fn status_index(&self) -> AppResult<Vec<StatusEntry>> {
        super::monitors::status_index(&self.0.db).await
    }

    async fn status_page(&self, department: String) -> AppResult<StatusPage> {
        super::monitors::status_page(&self.0.db, &department, now()).await
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp_micros()
}
