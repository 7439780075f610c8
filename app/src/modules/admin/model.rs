use crate::model::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyRow {
    pub name: String,
    /// The key's public prefix, enough to recognise it; the secret is never stored.
    pub prefix: String,
    pub scopes: Vec<String>,
    pub department: Option<String>,
    pub created_at: String,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// A user an administrator adds on `/admin` (the same rules as `ioc user add`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub department: Option<String>,
    pub password: String,
}

/// A key an administrator issues on `/admin` (the same rules as `ioc key add`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub name: String,
    pub scopes: Vec<String>,
    #[serde(default)]
    pub department: Option<String>,
}

/// A key just issued: the whole key is shown this once and never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedKey {
    pub row: ApiKeyRow,
    pub key: String,
}

/// The audit log's filters; empty ones match everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub actor: String,
    /// An action or the start of one (`user.`, `apikey.create`).
    #[serde(default)]
    pub action: String,
    /// Words in the target.
    #[serde(default)]
    pub target: String,
    /// `YYYY-MM-DD`, the province's days, inclusive.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// What the administration page lists besides users and keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// The actions on record, for the filter's list.
    pub actions: Vec<String>,
    /// More rows matched than [`AUDIT_ROWS`].
    pub more: bool,
}

/// Rows the audit table shows at most.
pub const AUDIT_ROWS: u64 = 500;

/// The scopes a key may carry (`ingest`, `read`, `open311`).
pub const SCOPES: &[&str] = &["ingest", "read", "open311"];
