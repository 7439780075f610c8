//! HTTP plumbing shared by every route: the REST error, security headers, static files, metrics.

pub mod lang;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod quota;
pub mod security;
pub mod serve;
pub mod static_files;

use app::error::AppError;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The wire error as a REST answer: the right status and `{"error": {...}, "message": "..."}`,
/// the message in the request's language (`Accept-Language`).
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
        let lang = lang::current();
        let body = serde_json::json!({ "error": self.0, "message": self.0.message(lang) });
        let mut res = (status, Json(body)).into_response();
        res.headers_mut().insert(
            http::header::CONTENT_LANGUAGE,
            http::HeaderValue::from_static(lang.code()),
        );
        if let AppError::RateLimited(secs) | AppError::Unavailable(secs) = self.0 {
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

/// The address the public reaches this server at, for every absolute link the server
/// writes (CKAN, DCAT, Open311 …): `--public-url` when set; else the request's Host if it
/// is one of the allowed hosts; else the first allowed host. Never a Host header as sent.
pub fn public_base_url(settings: &crate::config::Settings, headers: &http::HeaderMap) -> String {
    if let Some(u) = &settings.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let asked = headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    let host = asked
        .filter(|h| settings.allowed_hosts.iter().any(|a| a == h))
        .or_else(|| settings.allowed_hosts.first().cloned())
        .unwrap_or_else(|| "localhost".to_string());
    let forwarded = settings
        .trust_proxy
        .then(|| {
            headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
        })
        .flatten()
        .filter(|s| *s == "https" || *s == "http");
    let scheme = forwarded.unwrap_or(if settings.secure_cookies {
        "https"
    } else {
        "http"
    });
    format!("{scheme}://{host}")
}
