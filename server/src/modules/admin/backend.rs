//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::admin;
use app::error::AppResult;
use app::modules::admin::model::{ApiKeyRow, AuditRow, UserRow};

#[async_trait::async_trait]
impl app::modules::admin::backend::AdminBackend for ServerBackend {
    async fn admin_users(&self) -> AppResult<Vec<UserRow>> {
        admin::store::users(&self.0.db).await
    }

    async fn admin_api_keys(&self) -> AppResult<Vec<ApiKeyRow>> {
        admin::store::api_keys(&self.0.db).await
    }

    async fn admin_audit(&self, limit: u64) -> AppResult<Vec<AuditRow>> {
        admin::store::audit(&self.0.db, limit).await
    }
}
