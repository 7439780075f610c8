//! API keys for machines: `Authorization: Bearer ioc_<prefix>_<secret>`. Only a hash is stored.

use super::{internal, new_secret, sha256_hex};
use crate::audit;
use crate::db::entity::api_key;
use app::error::{AppError, AppResult};
use app::tr;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, Set,
};

/// Scopes a key may carry. Modules add theirs here.
pub const SCOPES: &[&str] = &["ingest", "read", "open311"];

/// Who a valid key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiPrincipal {
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub department: Option<String>,
}

impl ApiPrincipal {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

pub fn parse_scopes(list: &str) -> AppResult<Vec<String>> {
    let scopes: Vec<String> = list
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if scopes.is_empty() {
        return Err(AppError::invalid(
            "scope",
            tr!(
                "cần ít nhất một trong các phạm vi: {}",
                "give at least one of: {}",
                SCOPES.join(", ")
            ),
        ));
    }
    if let Some(bad) = scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        return Err(AppError::invalid(
            "scope",
            tr!(
                "phạm vi '{bad}' không hợp lệ; các phạm vi hợp lệ: {}",
                "unknown scope '{bad}'; valid scopes: {}",
                SCOPES.join(", ")
            ),
        ));
    }
    Ok(scopes)
}

/// Creates a key and returns it whole: the only time it is ever shown.
pub async fn create(
    db: &DatabaseConnection,
    actor: &str,
    name: &str,
    scopes: &[String],
    department: Option<&str>,
) -> AppResult<(api_key::Model, String)> {
    if name.trim().is_empty() {
        return Err(AppError::invalid("name", tr!("bắt buộc", "required")));
    }
    if let Some(code) = department {
        crate::registry::require_department(db, code).await?;
    }
    let prefix = hex::encode(rand::random::<[u8; 4]>());
    let key = format!("ioc_{prefix}_{}", new_secret());
    let model = api_key::ActiveModel {
        name: Set(name.trim().to_string()),
        prefix: Set(prefix.clone()),
        secret_hash: Set(sha256_hex(&key)),
        scopes: Set(scopes.join(",")),
        department_code: Set(department.map(str::to_string)),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(internal)?;
    audit::record(
        db,
        actor,
        "apikey.create",
        &format!("{} ({prefix})", model.name),
        serde_json::json!({ "scopes": scopes, "department": department }),
    )
    .await
    .map_err(internal)?;
    Ok((model, key))
}

/// Revokes by prefix or by name. Returns how many keys were revoked.
pub async fn revoke(db: &DatabaseConnection, actor: &str, which: &str) -> AppResult<u64> {
    let keys = api_key::Entity::find()
        .filter(
            Condition::any()
                .add(api_key::Column::Prefix.eq(which))
                .add(api_key::Column::Name.eq(which)),
        )
        .filter(api_key::Column::RevokedAt.is_null())
        .all(db)
        .await
        .map_err(internal)?;
    if keys.is_empty() {
        return Err(AppError::NotFound(format!(
            "no active API key named or prefixed '{which}'"
        )));
    }
    let n = keys.len() as u64;
    for k in keys {
        let target = format!("{} ({})", k.name, k.prefix);
        let mut active: api_key::ActiveModel = k.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(db).await.map_err(internal)?;
        audit::record(db, actor, "apikey.revoke", &target, serde_json::json!({}))
            .await
            .map_err(internal)?;
    }
    Ok(n)
}

/// The principal of a presented key, if it exists, matches and is not revoked.
pub async fn verify(db: &DatabaseConnection, presented: &str) -> AppResult<Option<ApiPrincipal>> {
    let Some(prefix) = presented
        .strip_prefix("ioc_")
        .and_then(|rest| rest.split_once('_'))
        .map(|(p, _)| p)
    else {
        return Ok(None);
    };
    let found = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .one(db)
        .await
        .map_err(internal)?;
    let Some(k) = found else { return Ok(None) };
    let matches = constant_time_eq(k.secret_hash.as_bytes(), sha256_hex(presented).as_bytes());
    if !matches || k.revoked_at.is_some() {
        return Ok(None);
    }
    Ok(Some(ApiPrincipal {
        name: k.name,
        prefix: k.prefix,
        scopes: k.scopes.split(',').map(str::to_string).collect(),
        department: k.department_code,
    }))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_checked() {
        assert_eq!(
            parse_scopes("ingest, read").unwrap(),
            vec!["ingest", "read"]
        );
        let err = parse_scopes("ingest,fly").unwrap_err();
        assert!(err.to_string().contains("unknown scope 'fly'"), "{err}");
        assert!(parse_scopes(" , ").is_err());
    }
}
