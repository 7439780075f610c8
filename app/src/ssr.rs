//! Server-only glue for server functions: the backend they call and the caller's role.
//! The server crate implements [`Backend`]; no SQL lives here.

use crate::error::{AppError, AppResult};
use crate::model::{Role, SessionUser};
use http::header::{HeaderValue, COOKIE, SET_COOKIE};
use leptos::prelude::*;
use std::sync::Arc;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ioc_session";

/// Everything server functions need from the server. One implementation, in `server`.
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The user behind a session token, if the session exists and has not expired.
    async fn session_user(&self, token: &str) -> AppResult<Option<SessionUser>>;

    /// Checks the password and opens a session: the user and the new token. `client` is
    /// the caller's address (attempts are limited per address and per account).
    async fn login(
        &self,
        client: Option<&str>,
        email: &str,
        password: &str,
    ) -> AppResult<(SessionUser, String)>;

    async fn logout(&self, token: &str) -> AppResult<()>;

    /// Seconds a session lives; the cookie gets the same Max-Age.
    fn session_ttl_secs(&self) -> i64;

    /// Whether cookies must carry `Secure` (the server sits behind TLS).
    fn secure_cookies(&self) -> bool;

    async fn map_base(&self) -> AppResult<crate::model::MapBase>;

    async fn alerts(&self, query: crate::model::AlertQuery) -> AppResult<Vec<crate::model::Alert>>;

    async fn acknowledge_alert(
        &self,
        user: &SessionUser,
        id: i64,
    ) -> AppResult<crate::model::Alert>;
}

pub type SharedBackend = Arc<dyn Backend>;

pub fn backend() -> AppResult<SharedBackend> {
    use_context::<SharedBackend>().ok_or_else(|| {
        leptos::logging::error!("server function called without a Backend in context");
        AppError::Internal
    })
}

/// Reads a cookie from the request of the current server function.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie(&parts.headers, name)
}

/// Reads a cookie from request headers.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub async fn current_user() -> AppResult<Option<SessionUser>> {
    match request_cookie(SESSION_COOKIE) {
        Some(token) if !token.is_empty() => backend()?.session_user(&token).await,
        _ => Ok(None),
    }
}

/// The caller's address, as the server determined it (the peer, or the trusted proxy's
/// `X-Forwarded-For`). Provided as context to server functions; used only for rate limits.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

pub fn client_address() -> Option<String> {
    use_context::<ClientAddr>().map(|c| c.0)
}

/// The caller, if their role allows `needed`; otherwise 401 or 403 with the wire error.
pub async fn require_role(needed: Role) -> AppResult<SessionUser> {
    let user = current_user().await?;
    let outcome = match user {
        Some(u) if u.role.allows(needed) => Ok(u),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    };
    if let Err(e) = &outcome {
        set_status(e);
    }
    outcome
}

/// Sets the HTTP status of the server function's answer to match the error.
pub fn set_status(err: &AppError) {
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status()) {
            opts.set_status(code);
        }
        if let AppError::RateLimited(secs) | AppError::Unavailable(secs) = err {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                opts.insert_header(http::header::RETRY_AFTER, v);
            }
        }
    }
}

/// Sets (or with `None`, clears) the session cookie on the answer.
pub fn set_session_cookie(token: Option<&str>, max_age: i64, secure: bool) {
    let Some(opts) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let (value, age) = match token {
        Some(t) => (t, max_age),
        None => ("", 0),
    };
    let secure = if secure { "; Secure" } else { "" };
    let cookie =
        format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{secure}");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        opts.append_header(SET_COOKIE, v);
    }
}

/// Registers the platform's own server functions (session, map base, alert feed); each
/// module registers its own. Explicit, so that the linker can never drop one and leave the
/// client with "could not find a server function".
pub fn register_platform_server_fns() {
    use crate::alerts::{AcknowledgeAlert, LoadAlerts};
    use crate::modules::{auth::api::*, overview::api::FetchMapBase};
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<FetchMe>();
    register_explicit::<SignIn>();
    register_explicit::<SignOut>();
    register_explicit::<FetchMapBase>();
    register_explicit::<LoadAlerts>();
    register_explicit::<AcknowledgeAlert>();
}

/// A module's backend, from the server function's context (each module provides its own).
pub fn service<T: ?Sized + Send + Sync + 'static>() -> AppResult<Arc<T>> {
    use_context::<Arc<T>>().ok_or_else(|| {
        leptos::logging::error!(
            "server function called without its backend ({}) in context",
            std::any::type_name::<T>()
        );
        AppError::Internal
    })
}
