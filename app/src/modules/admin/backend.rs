//! What this module's server functions need from the server: implemented in
//! `server/src/modules/admin/backend.rs` and provided by that module.

use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    async fn admin_users(&self) -> AppResult<Vec<super::model::UserRow>>;

    async fn admin_api_keys(&self) -> AppResult<Vec<super::model::ApiKeyRow>>;

    async fn admin_audit(&self, limit: u64) -> AppResult<Vec<super::model::AuditRow>>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn AdminBackend>> {
    crate::ssr::service::<dyn AdminBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<AdminUsers>();
    register_explicit::<AdminApiKeys>();
    register_explicit::<AdminAudit>();
}
