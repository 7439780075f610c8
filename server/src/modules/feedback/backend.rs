//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::feedback;
use app::error::AppResult;
use app::model::SessionUser;
use app::modules::feedback::model as fb;

#[async_trait::async_trait]
impl app::modules::feedback::backend::FeedbackBackend for ServerBackend {
    async fn feedback_stats(&self) -> AppResult<fb::FeedbackStats> {
        feedback::store::stats(&self.0.db).await
    }

    async fn feedback_services(&self) -> AppResult<Vec<fb::Service>> {
        feedback::store::services(&self.0.db).await
    }

    async fn file_report(
        &self,
        report: fb::NewReport,
        client: Option<String>,
    ) -> AppResult<fb::Filed> {
        let hash = client.map(|c| crate::auth::sha256_hex(&format!("ioc-client:{c}")));
        let limit = self.0.settings.module::<super::Settings>().reports_per_hour;
        feedback::store::file(&self.0.db, report, "web", hash, limit).await
    }

    async fn track_report(&self, code: &str) -> AppResult<fb::PublicReport> {
        feedback::store::track(&self.0.db, code).await
    }

    async fn rate_report(&self, code: &str, satisfied: bool) -> AppResult<fb::PublicReport> {
        feedback::store::rate(&self.0.db, code, satisfied).await
    }

    async fn similar_reports(
        &self,
        service_code: &str,
        lat: f64,
        lon: f64,
    ) -> AppResult<Vec<fb::Similar>> {
        feedback::store::similar(&self.0.db, service_code, lat, lon).await
    }

    async fn feedback_inbox(
        &self,
        user: &SessionUser,
        filter: fb::InboxFilter,
    ) -> AppResult<fb::Inbox> {
        feedback::store::inbox(&self.0.db, user, filter).await
    }

    async fn feedback_report(&self, user: &SessionUser, id: i64) -> AppResult<fb::Report> {
        feedback::store::report(&self.0.db, user, id).await
    }

    async fn act_on_report(
        &self,
        user: &SessionUser,
        id: i64,
        action: fb::ReportAction,
    ) -> AppResult<fb::Report> {
        feedback::store::act(&self.0.db, user, id, action).await
    }
}
