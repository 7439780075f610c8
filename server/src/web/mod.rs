//! HTTP plumbing shared by every route: the REST error, security headers, static files, metrics.

pub mod metrics;
pub mod security;
pub mod static_files;

use app::error::AppError;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The wire error as a REST answer: the right status and `{"error": {...}, "message": "..."}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = http::StatusCode::from_u16(self.0.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({ "error": self.0, "message": self.0.to_string() });
        let mut res = (status, Json(body)).into_response();
        if let AppError::RateLimited(secs) = self.0 {
            if let Ok(v) = http::HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(http::header::RETRY_AFTER, v);
            }
        }
        if status == http::StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                http::header::WWW_AUTHENTICATE,
                http::HeaderValue::from_static("Bearer realm=\"ioc\""),
            );
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
