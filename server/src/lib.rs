//! The `ioc` server: static files, server functions, public REST APIs, database, workers.

pub mod alerts;
pub mod audit;
pub mod auth;
pub mod backend;
pub mod config;
pub mod db;
pub mod module;
pub mod modules;
pub mod mqtt;
pub mod registry;
pub mod seed;
pub mod state;
pub mod web;

use app::ssr::SharedBackend;
use auth::api_keys::ApiPrincipal;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos::prelude::provide_context;
use state::AppState;
use std::sync::Arc;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// The caller's address: behind a trusted proxy the last `X-Forwarded-For` entry (the one
/// the proxy appended; what comes before it the client may have written), else the peer
/// (present when the server runs with connect info, as `ioc serve` does).
pub fn client_addr<B>(req: &Request<B>, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// The whole HTTP surface. Tests build it the same way `ioc serve` does.
pub fn router(state: AppState) -> Router {
    app::ssr::register_platform_server_fns();
    let mut api = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(web::metrics::endpoint))
        .route("/api/v1/whoami", get(whoami))
        .route("/api/openapi.json", get(web::openapi::openapi_json))
        .route("/api/docs", get(web::openapi::docs))
        .merge(registry::routes());
    for m in state.modules.iter() {
        m.register_server_fns();
        api = api.merge(m.routes(&state));
    }
    // Server functions a module put in a rate-limit group.
    let groups: std::collections::HashMap<&str, web::limits::Group> = state
        .modules
        .iter()
        .flat_map(|m| m.limited_server_fns())
        .collect();
    // One route per server function: unknown paths fall through to a plain 404.
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let mut handler = if method == http::Method::GET {
            get(server_fn)
        } else {
            post(server_fn)
        };
        if let Some(group) = groups.get(path) {
            handler = handler.route_layer(from_fn_with_state(
                (state.clone(), *group),
                web::limits::limit,
            ));
        }
        api = api.route(path, handler);
    }
    let api = api
        .route_layer(from_fn_with_state(state.clone(), database_guard))
        .route_layer(from_fn_with_state(state.clone(), web::metrics::track))
        .route_layer(from_fn(web::lang::scope));

    let fallback = axum::routing::any(web::static_files::spa_fallback).with_state(state.clone());
    let app = match &state.settings.static_dir {
        Some(dir) => {
            let files = ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(fallback);
            api.fallback_service(files)
        }
        None => api.fallback_service(fallback),
    };

    app.layer(from_fn(web::static_files::cache_headers))
        .layer(from_fn_with_state(state.clone(), web::security::headers))
        // Level 1: the dynamic answers (a board is ~90 KB of JSON) compress to within 10 %
        // (brotli) or 30 % (gzip) of the default levels at a fraction of the CPU; gzip's
        // level 6 was a sixth of a board request's time. Static files are precompressed.
        // Video, audio and opaque bytes (camera segments) are compressed already: squeezing
        // them again costs the CPU that streaming them needs, for nothing.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(1))
                .compress_when(
                    DefaultPredicate::new()
                        .and(NotForContentType::const_new("video/"))
                        .and(NotForContentType::const_new("audio/"))
                        .and(NotForContentType::const_new("application/octet-stream"))
                        .and(NotForContentType::const_new("application/mp4")),
                ),
        )
        .layer(DefaultBodyLimit::max(state.settings.body_limit))
        .with_state(state)
}

/// 200 only when the database answers and takes writes; 503 naming what is wrong.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let up = db::ping(&state.db).await;
    state.health.set_up(up);
    let writable = state.health.writable();
    let (code, status) = match (up, writable) {
        (true, true) => (http::StatusCode::OK, "ok"),
        (true, false) => (http::StatusCode::SERVICE_UNAVAILABLE, "read_only"),
        (false, _) => (http::StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    let mut res = (
        code,
        Json(serde_json::json!({
            "status": status,
            "database": db::backend_name(&state.db),
            "writable": up && writable,
        })),
    )
        .into_response();
    if code != http::StatusCode::OK {
        res.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from(db::health::RETRY_AFTER_SECS),
        );
    }
    res
}

/// While the database is away, requests that need it get 503 with Retry-After at once,
/// instead of waiting on the pool and answering 500; an error that comes back while the
/// database does not answer, or takes no writes (disk full), is that same 503.
async fn database_guard(
    State(state): State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    if path == "/healthz" || path == "/metrics" {
        return next.run(req).await;
    }
    let unavailable = || {
        web::ApiError(app::error::AppError::Unavailable(
            db::health::RETRY_AFTER_SECS,
        ))
    };
    if !state.health.up() {
        return unavailable().into_response();
    }
    let res = next.run(req).await;
    // The worker decides whether the database is away for everyone; this answer only says
    // what happened to it (a pool that stayed busy for seconds is unavailable too).
    if res.status() == http::StatusCode::INTERNAL_SERVER_ERROR
        && (!state.health.writable() || !db::ping(&state.db).await)
    {
        return unavailable().into_response();
    }
    res
}

/// Tells a machine caller which key it used: handy when setting up an integration.
async fn whoami(principal: ApiPrincipal) -> impl IntoResponse {
    Json(serde_json::json!({
        "name": principal.name,
        "prefix": principal.prefix,
        "scopes": principal.scopes,
        "department": principal.department,
    }))
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> Response {
    let client = client_addr(&req, state.settings.trust_proxy);
    let backend: SharedBackend = Arc::new(backend::ServerBackend(state.clone()));
    let modules = state.modules.clone();
    let res = leptos_axum::handle_server_fns_with_context(
        move || {
            provide_context(backend.clone());
            for m in modules.iter() {
                m.provide(&state);
            }
            if let Some(c) = &client {
                provide_context(app::ssr::ClientAddr(c.clone()));
            }
        },
        req,
    )
    .await
    .into_response();
    if res.status().is_success() {
        return res;
    }
    // Errors raised by the framework before our code ran (arguments that do not decode)
    // come back as 500; give every error the status that matches it.
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (http::StatusCode::INTERNAL_SERVER_ERROR, "error").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = http::StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
