//! Axum extractors for machine callers.

use super::api_keys::{self, ApiPrincipal};
use crate::state::AppState;
use crate::web::ApiError;
use app::error::AppError;
use axum::extract::FromRequestParts;
use http::request::Parts;

/// A caller with a valid API key in `Authorization: Bearer …`; 401 otherwise.
impl FromRequestParts<AppState> for ApiPrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ApiError(AppError::Unauthorized))?;
        let key = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or(ApiError(AppError::Unauthorized))?;
        api_keys::verify(&state.db, key.trim())
            .await
            .map_err(ApiError)?
            .ok_or(ApiError(AppError::Unauthorized))
    }
}

/// Whoever calls a REST route: a department system with a key, a signed-in user (by the
/// session cookie), or the public. A presented but invalid key is refused outright.
#[derive(Debug, Clone)]
pub enum Caller {
    Key(ApiPrincipal),
    User(app::model::SessionUser),
    Public,
}

impl Caller {
    /// Who to write in batches and the audit log.
    pub fn actor(&self) -> String {
        match self {
            Caller::Key(k) => format!("key:{} ({})", k.name, k.prefix),
            Caller::User(u) => u.email.clone(),
            Caller::Public => "public".to_string(),
        }
    }

    /// The department a caller may write data for: `Some(code)` for a department's key or
    /// steward, `None` for any (administrators and province-wide keys). Keys need the
    /// `ingest` scope; officials and the public may not write.
    pub fn writable_department(&self) -> Result<Option<String>, AppError> {
        use app::model::Role;
        match self {
            Caller::Key(k) if k.has_scope("ingest") => Ok(k.department.clone()),
            Caller::Key(_) => Err(AppError::Forbidden),
            Caller::User(u) if u.role == Role::Admin => Ok(None),
            Caller::User(u) if u.role == Role::Steward => match &u.department {
                Some(d) => Ok(Some(d.clone())),
                None => Err(AppError::Forbidden),
            },
            Caller::User(_) => Err(AppError::Forbidden),
            Caller::Public => Err(AppError::Unauthorized),
        }
    }

    /// A signed-in user whose role allows `needed`: 401 for the public, 403 for a key or a
    /// lesser role. The REST handlers' role check.
    pub fn user_with(
        &self,
        needed: app::model::Role,
    ) -> Result<&app::model::SessionUser, AppError> {
        match self {
            Caller::User(u) if u.role.allows(needed) => Ok(u),
            Caller::Public => Err(AppError::Unauthorized),
            _ => Err(AppError::Forbidden),
        }
    }

    pub fn role(&self) -> app::model::Role {
        match self {
            Caller::User(u) => u.role,
            _ => app::model::Role::Public,
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(http::header::AUTHORIZATION) {
            return ApiPrincipal::from_request_parts(parts, state)
                .await
                .map(Caller::Key);
        }
        let token = app::ssr::cookie(&parts.headers, app::ssr::SESSION_COOKIE);
        if let Some(token) = token.filter(|t| !t.is_empty()) {
            if let Some(user) = super::user_for_session(&state.db, &token)
                .await
                .map_err(ApiError)?
            {
                return Ok(Caller::User(user));
            }
        }
        Ok(Caller::Public)
    }
}
