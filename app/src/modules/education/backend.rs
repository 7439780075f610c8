//! What this module's server functions need from the server: implemented in
//! `server/src/modules/education/backend.rs` and provided by that module.

use super::model::EducationBoard;
use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait EducationBackend: Send + Sync + 'static {
    async fn education_board(&self, year: i32, unit: Option<String>) -> AppResult<EducationBoard>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn EducationBackend>> {
    crate::ssr::service::<dyn EducationBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<super::api::LoadEducationBoard>();
}
