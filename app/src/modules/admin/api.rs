use super::model::{ApiKeyRow, AuditRow, UserRow};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "admin/users")]
pub async fn admin_users() -> Result<Vec<UserRow>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?.admin_users().await
}

#[server(prefix = "/api", endpoint = "admin/api-keys")]
pub async fn admin_api_keys() -> Result<Vec<ApiKeyRow>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?.admin_api_keys().await
}

#[server(prefix = "/api", endpoint = "admin/audit")]
pub async fn admin_audit() -> Result<Vec<AuditRow>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?.admin_audit(200).await
}
