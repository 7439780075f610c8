use super::model::{DossierPage, DossierQuery, Filter, Summary};
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
