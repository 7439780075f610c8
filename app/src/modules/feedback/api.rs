use super::model::{
    FeedbackStats, Filed, Inbox, InboxFilter, NewReport, PublicReport, Report, ReportAction,
    Service, Similar,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The categories citizens report under. Anyone.
#[server(prefix = "/api", endpoint = "feedback/services")]
pub async fn feedback_services() -> Result<Vec<Service>, AppError> {
    super::backend::backend()?.feedback_services().await
}

/// Files a report. Anyone; no account needed.
#[server(prefix = "/api", endpoint = "feedback/file", input = Json)]
pub async fn file_report(report: NewReport) -> Result<Filed, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .file_report(report, ssr::client_address())
        .await
        .inspect_err(ssr::set_status)
}

/// A report by its tracking code, without personal data or internal notes. Anyone.
#[server(prefix = "/api", endpoint = "feedback/track")]
pub async fn track_report(code: String) -> Result<PublicReport, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .track_report(&code)
        .await
        .inspect_err(ssr::set_status)
}

/// The citizen's rating of a resolved report, by its code.
#[server(prefix = "/api", endpoint = "feedback/rate")]
pub async fn rate_report(code: String, satisfied: bool) -> Result<PublicReport, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .rate_report(&code, satisfied)
        .await
        .inspect_err(ssr::set_status)
}

/// The officials' inbox: their department's reports (all, for province-level officials).
#[server(prefix = "/api", endpoint = "feedback/inbox", input = Json)]
pub async fn feedback_inbox(filter: InboxFilter) -> Result<Inbox, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .feedback_inbox(&user, filter)
        .await
        .inspect_err(ssr::set_status)
}

/// One report with the reporter's contact and the internal notes. Officials of its
/// department.
#[server(prefix = "/api", endpoint = "feedback/report")]
pub async fn feedback_report(id: i64) -> Result<Report, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .feedback_report(&user, id)
        .await
        .inspect_err(ssr::set_status)
}

/// One step of the workflow; audited.
#[server(prefix = "/api", endpoint = "feedback/act", input = Json)]
pub async fn act_on_report(id: i64, action: ReportAction) -> Result<Report, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .act_on_report(&user, id, action)
        .await
        .inspect_err(ssr::set_status)
}

/// Totals, Decision 766 ratios by category, department and district, and the public map.
/// Anyone: no personal data.
#[server(prefix = "/api", endpoint = "feedback/stats")]
pub async fn load_feedback_stats() -> Result<FeedbackStats, AppError> {
    super::backend::backend()?.feedback_stats().await
}

/// Open reports of the same category near a point from the last days, offered to the
/// citizen before filing (never merged). Anyone: no personal data, no tracking codes.
#[server(prefix = "/api", endpoint = "feedback/similar")]
pub async fn similar_reports(
    service_code: String,
    lat: f64,
    lon: f64,
) -> Result<Vec<Similar>, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .similar_reports(&service_code, lat, lon)
        .await
        .inspect_err(ssr::set_status)
}
