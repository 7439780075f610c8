//! What this module's server functions need from the server: implemented in
//! `server/src/modules/admin_services/backend.rs` and provided by that module.

use super::model::{DossierPage, DossierQuery, Filter, Summary};
use super::score::{ScoreEdit, ScoreEntry, Scorecard, SubIndicator};
use crate::error::AppResult;
use crate::model::SessionUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait AdminServicesBackend: Send + Sync + 'static {
    async fn summary(&self, filter: Filter) -> AppResult<Summary>;
    async fn dossiers(&self, query: DossierQuery) -> AppResult<DossierPage>;
    async fn scorecard(&self, period: Option<String>) -> AppResult<Scorecard>;
    async fn edit_score(&self, user: &SessionUser, edit: ScoreEdit) -> AppResult<SubIndicator>;
    async fn enter_score(&self, user: &SessionUser, entry: ScoreEntry) -> AppResult<()>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn AdminServicesBackend>> {
    crate::ssr::service::<dyn AdminServicesBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<LoadAdminSummary>();
    register_explicit::<LoadDossiers>();
    register_explicit::<LoadScorecard>();
    register_explicit::<SaveScoreIndicator>();
    register_explicit::<EnterScoreValue>();
}
