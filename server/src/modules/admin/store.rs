//! Lists for the administration page.

use crate::auth::internal;
use crate::db::entity::{api_key, app_user, audit_log};
use app::error::{AppError, AppResult};
use app::model::Role;
use app::modules::admin::model::{
    ApiKeyRow, AuditFilter, AuditPage, AuditRow, UserRow, AUDIT_ROWS,
};
use app::tr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

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

/// The audit log, newest first, as filtered (at most [`AUDIT_ROWS`] rows).
pub async fn audit(db: &DatabaseConnection, f: &AuditFilter) -> AppResult<AuditPage> {
    let day = |field: &str, text: &str| -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            AppError::invalid(
                field,
                tr!(
                    "ngày dạng yyyy-mm-dd, ví dụ 2024-03-01",
                    "a date as yyyy-mm-dd, e.g. 2024-03-01"
                ),
            )
        })?;
        // The province's midnight (UTC+7).
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(7);
        Ok(Some(chrono::DateTime::from_naive_utc_and_offset(
            midnight,
            chrono::Utc,
        )))
    };
    let from = day("from", &f.from)?;
    let to = day("to", &f.to)?.map(|t| t + chrono::Duration::days(1));
    if let (Some(a), Some(b)) = (from, to) {
        if a >= b {
            return Err(AppError::invalid(
                "to",
                tr!(
                    "phải từ ngày bắt đầu trở đi",
                    "must not be before the start"
                ),
            ));
        }
    }
    let mut q = audit_log::Entity::find();
    if !f.actor.trim().is_empty() {
        q = q.filter(audit_log::Column::Actor.contains(f.actor.trim().to_lowercase()));
    }
    if !f.action.trim().is_empty() {
        q = q.filter(audit_log::Column::Action.starts_with(f.action.trim()));
    }
    if !f.target.trim().is_empty() {
        q = q.filter(audit_log::Column::Target.contains(f.target.trim()));
    }
    if let Some(a) = from {
        q = q.filter(audit_log::Column::At.gte(a));
    }
    if let Some(b) = to {
        q = q.filter(audit_log::Column::At.lt(b));
    }
    let mut rows = q
        .order_by_desc(audit_log::Column::Id)
        .limit(AUDIT_ROWS + 1)
        .all(db)
        .await
        .map_err(internal)?;
    let more = rows.len() as u64 > AUDIT_ROWS;
    rows.truncate(AUDIT_ROWS as usize);
    let actions: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Action)
        .distinct()
        .order_by_asc(audit_log::Column::Action)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    Ok(AuditPage {
        rows: rows.into_iter().map(Into::into).collect(),
        actions,
        more,
    })
}
