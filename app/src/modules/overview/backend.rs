//! What this module's server functions need from the server: implemented in
//! `server/src/modules/overview/backend.rs` and provided by that module.

use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait OverviewBackend: Send + Sync + 'static {
    async fn overview(
        &self,
        filter: super::model::OverviewFilter,
    ) -> AppResult<super::model::OverviewData>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn OverviewBackend>> {
    crate::ssr::service::<dyn OverviewBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<OverviewSummary>();
}
