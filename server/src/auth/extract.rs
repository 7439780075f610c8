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
