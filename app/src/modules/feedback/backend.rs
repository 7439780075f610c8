//! What this module's server functions need from the server: implemented in
//! `server/src/modules/feedback/backend.rs` and provided by that module.

use crate::error::AppResult;
use crate::model::SessionUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait FeedbackBackend: Send + Sync + 'static {
    async fn feedback_stats(&self) -> AppResult<crate::modules::feedback::model::FeedbackStats>;

    async fn feedback_services(&self) -> AppResult<Vec<crate::modules::feedback::model::Service>>;

    /// `client` is the caller's address, for rate limits; the server keeps only a hash.
    async fn file_report(
        &self,
        report: crate::modules::feedback::model::NewReport,
        client: Option<String>,
    ) -> AppResult<crate::modules::feedback::model::Filed>;

    async fn track_report(
        &self,
        code: &str,
    ) -> AppResult<crate::modules::feedback::model::PublicReport>;

    async fn rate_report(
        &self,
        code: &str,
        satisfied: bool,
    ) -> AppResult<crate::modules::feedback::model::PublicReport>;

    async fn similar_reports(
        &self,
        service_code: &str,
        lat: f64,
        lon: f64,
    ) -> AppResult<Vec<crate::modules::feedback::model::Similar>>;

    async fn feedback_inbox(
        &self,
        user: &SessionUser,
        filter: crate::modules::feedback::model::InboxFilter,
    ) -> AppResult<crate::modules::feedback::model::Inbox>;

    async fn feedback_report(
        &self,
        user: &SessionUser,
        id: i64,
    ) -> AppResult<crate::modules::feedback::model::Report>;

    async fn act_on_report(
        &self,
        user: &SessionUser,
        id: i64,
        action: crate::modules::feedback::model::ReportAction,
    ) -> AppResult<crate::modules::feedback::model::Report>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn FeedbackBackend>> {
    crate::ssr::service::<dyn FeedbackBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<FeedbackServices>();
    register_explicit::<FileReport>();
    register_explicit::<TrackReport>();
    register_explicit::<RateReport>();
    register_explicit::<FeedbackInbox>();
    register_explicit::<FeedbackReport>();
    register_explicit::<ActOnReport>();
    register_explicit::<LoadFeedbackStats>();
    register_explicit::<SimilarReports>();
}
