//! What this module's server functions need from the server: implemented in
//! `server/src/modules/admin/backend.rs` and provided by that module.

use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    async fn admin_users(&self) -> AppResult<Vec<super::model::UserRow>>;

    async fn admin_api_keys(&self) -> AppResult<Vec<super::model::ApiKeyRow>>;

    async fn admin_audit(
        &self,
        filter: super::model::AuditFilter,
    ) -> AppResult<super::model::AuditPage>;

    async fn admin_departments(&self) -> AppResult<Vec<crate::model::Department>>;

    async fn admin_add_user(
        &self,
        actor: &str,
        user: super::model::NewUser,
    ) -> AppResult<super::model::UserRow>;

    async fn admin_add_api_key(
        &self,
        actor: &str,
        key: super::model::NewApiKey,
    ) -> AppResult<super::model::IssuedKey>;

    async fn admin_revoke_api_key(&self, actor: &str, prefix: &str) -> AppResult<()>;
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
    register_explicit::<AdminAuditSearch>();
    register_explicit::<AdminDepartments>();
    register_explicit::<AdminAddUser>();
    register_explicit::<AdminAddApiKey>();
    register_explicit::<AdminRevokeApiKey>();
}
