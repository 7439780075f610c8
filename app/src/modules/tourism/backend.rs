//! What this module's server functions need from the server: implemented in
//! `server/src/modules/tourism/backend.rs` and provided by that module.

use super::model::TourismBoard;
use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait TourismBackend: Send + Sync + 'static {
    async fn tourism_board(
        &self,
        year: i32,
        through_month: u32,
        unit: Option<String>,
    ) -> AppResult<TourismBoard>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn TourismBackend>> {
    crate::ssr::service::<dyn TourismBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<super::api::LoadTourismBoard>();
}
