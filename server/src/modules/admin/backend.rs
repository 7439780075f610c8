//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::admin;
use app::error::AppResult;
use app::model::Department;
use app::modules::admin::model::{
    ApiKeyRow, AuditFilter, AuditPage, IssuedKey, NewApiKey, NewUser, UserRow,
};

#[async_trait::async_trait]
impl app::modules::admin::backend::AdminBackend for ServerBackend {
    async fn admin_users(&self) -> AppResult<Vec<UserRow>> {
        admin::store::users(&self.0.db).await
    }

    async fn admin_api_keys(&self) -> AppResult<Vec<ApiKeyRow>> {
        admin::store::api_keys(&self.0.db).await
    }

    async fn admin_audit(&self, filter: AuditFilter) -> AppResult<AuditPage> {
        admin::store::audit(&self.0.db, &filter).await
    }

    async fn admin_departments(&self) -> AppResult<Vec<Department>> {
        crate::registry::departments(&self.0.db).await
    }

    async fn admin_add_user(&self, actor: &str, user: NewUser) -> AppResult<UserRow> {
        let department = user.department.as_deref().filter(|d| !d.is_empty());
        let made = crate::auth::create_user(
            &self.0.db,
            actor,
            &user.email,
            &user.display_name,
            user.role,
            department,
            &user.password,
        )
        .await?;
        Ok(made.into())
    }

    async fn admin_add_api_key(&self, actor: &str, key: NewApiKey) -> AppResult<IssuedKey> {
        let scopes = crate::auth::api_keys::parse_scopes(&key.scopes.join(","))?;
        let department = key.department.as_deref().filter(|d| !d.is_empty());
        let (model, whole) =
            crate::auth::api_keys::create(&self.0.db, actor, &key.name, &scopes, department)
                .await?;
        Ok(IssuedKey {
            row: model.into(),
            key: whole,
        })
    }

    async fn admin_revoke_api_key(&self, actor: &str, prefix: &str) -> AppResult<()> {
        crate::auth::api_keys::revoke(&self.0.db, actor, prefix)
            .await
            .map(|_| ())
    }
}
