use super::model::{DossierPage, DossierQuery, Filter, Summary};
use super::score::{ScoreEdit, ScoreEntry, Scorecard, SubIndicator};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The counters of a period, per agency, district and month. Officials and up.
#[server(prefix = "/api", endpoint = "admin-services/summary", input = Json)]
pub async fn load_admin_summary(filter: Filter) -> Result<Summary, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .summary(filter)
        .await
        .inspect_err(ssr::set_status)
}

/// The dossiers behind a number, a page at a time. Officials and up.
#[server(prefix = "/api", endpoint = "admin-services/dossiers", input = Json)]
pub async fn load_dossiers(query: DossierQuery) -> Result<DossierPage, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .dossiers(query)
        .await
        .inspect_err(ssr::set_status)
}

/// The Decision 766 scorecard of a period (default: this quarter). Officials and up.
#[server(prefix = "/api", endpoint = "admin-services/scorecard", input = Json)]
pub async fn load_scorecard(period: Option<String>) -> Result<Scorecard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .scorecard(period)
        .await
        .inspect_err(ssr::set_status)
}

/// An administrator corrects a sub-indicator's weight, rule or wording (audited).
#[server(prefix = "/api", endpoint = "admin-services/scorecard-edit", input = Json)]
pub async fn save_score_indicator(edit: ScoreEdit) -> Result<SubIndicator, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .edit_score(&user, edit)
        .await
        .inspect_err(ssr::set_status)
}

/// A department steward enters an entered sub-indicator's value for a period (audited).
#[server(prefix = "/api", endpoint = "admin-services/scorecard-enter", input = Json)]
pub async fn enter_score_value(entry: ScoreEntry) -> Result<(), AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Steward).await?;
    super::backend::backend()?
        .enter_score(&user, entry)
        .await
        .inspect_err(ssr::set_status)
}
