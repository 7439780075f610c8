use super::model::{
    ApiKeyRow, AuditFilter, AuditPage, AuditRow, IssuedKey, NewApiKey, NewUser, UserRow,
};
use crate::error::AppError;
use crate::model::Department;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

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

/// The latest 200 entries of the audit log.
#[server(prefix = "/api", endpoint = "admin/audit")]
pub async fn admin_audit() -> Result<Vec<AuditRow>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    Ok(super::backend::backend()?
        .admin_audit(AuditFilter::default())
        .await?
        .rows
        .into_iter()
        .take(200)
        .collect())
}

/// The audit log, newest first, filtered: the table on `/admin`.
#[server(prefix = "/api", endpoint = "admin/audit-search", input = Json)]
pub async fn admin_audit_search(filter: AuditFilter) -> Result<AuditPage, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .admin_audit(filter)
        .await
        .inspect_err(ssr::set_status)
}

/// The departments, for the forms' lists.
#[server(prefix = "/api", endpoint = "admin/departments")]
pub async fn admin_departments() -> Result<Vec<Department>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?.admin_departments().await
}

/// Adds a user (administrators).
#[server(prefix = "/api", endpoint = "admin/user-add", input = Json)]
pub async fn admin_add_user(user: NewUser) -> Result<UserRow, AppError> {
    use crate::{model::Role, ssr};
    let me = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .admin_add_user(&me.email, user)
        .await
        .inspect_err(ssr::set_status)
}

/// Issues an API key (administrators): the answer is the only time it is shown whole.
#[server(prefix = "/api", endpoint = "admin/api-key-add", input = Json)]
pub async fn admin_add_api_key(key: NewApiKey) -> Result<IssuedKey, AppError> {
    use crate::{model::Role, ssr};
    let me = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .admin_add_api_key(&me.email, key)
        .await
        .inspect_err(ssr::set_status)
}

/// Revokes the key with this prefix (administrators).
#[server(prefix = "/api", endpoint = "admin/api-key-revoke")]
pub async fn admin_revoke_api_key(prefix: String) -> Result<(), AppError> {
    use crate::{model::Role, ssr};
    let me = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .admin_revoke_api_key(&me.email, &prefix)
        .await
        .inspect_err(ssr::set_status)
}
