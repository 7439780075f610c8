//! Lists for the administration page.

use crate::auth::internal;
use crate::db::entity::{api_key, app_user, audit_log};
use app::error::AppResult;
use app::model::Role;
use app::modules::admin::model::{ApiKeyRow, AuditRow, UserRow};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, QuerySelect};

impl From<app_user::Model> for UserRow {
    fn from(u: app_user::Model) -> Self {
        UserRow {
            email: u.email,
            display_name: u.display_name,
            role: Role::parse(&u.role).unwrap_or(Role::Public),
            department: u.department_code,
            created_at: u.created_at.to_rfc3339(),
        }
    }
}

impl From<api_key::Model> for ApiKeyRow {
    fn from(k: api_key::Model) -> Self {
        ApiKeyRow {
            name: k.name,
            prefix: k.prefix,
            scopes: k.scopes.split(',').map(str::to_string).collect(),
            department: k.department_code,
            created_at: k.created_at.to_rfc3339(),
            revoked: k.revoked_at.is_some(),
        }
    }
}

impl From<audit_log::Model> for AuditRow {
    fn from(a: audit_log::Model) -> Self {
        AuditRow {
            at: a.at.to_rfc3339(),
            actor: a.actor,
            action: a.action,
            target: a.target,
            detail: a.detail,
        }
    }
}

pub async fn users(db: &DatabaseConnection) -> AppResult<Vec<UserRow>> {
    let rows = app_user::Entity::find()
        .order_by_asc(app_user::Column::Email)
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn api_keys(db: &DatabaseConnection) -> AppResult<Vec<ApiKeyRow>> {
    let rows = api_key::Entity::find()
        .order_by_desc(api_key::Column::CreatedAt)
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn audit(db: &DatabaseConnection, limit: u64) -> AppResult<Vec<AuditRow>> {
    let rows = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(Into::into).collect())
}
