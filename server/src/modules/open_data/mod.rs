//! Open data: the public catalogue behind the portal (`/open-data`), the CKAN Action
//! API (`/api/3/action/…`), DCAT-AP metadata, streamed downloads, usage statistics,
//! the OpenAPI document and its page, and the rate limit of these public reads.

pub mod backend;
pub mod catalogue;
pub mod ckan;
pub mod dcat;
pub mod download;
pub mod openapi;
pub mod portal;
pub mod usage;

use crate::config::Settings;
use crate::state::AppState;
use crate::web::limits::Group;
use app::error::AppResult;
use app::modules::open_data::model::Usage;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::DatabaseConnection;

/// What the open-data handlers share: the database and the usage counter.
pub struct OpenData<'a> {
    state: &'a AppState,
}

impl<'a> OpenData<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self { state }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub fn count(&self, dataset_id: i32, kind: usage::Kind) {
        self.state.usage.count(dataset_id, kind);
    }

    pub async fn usage(&self, dataset_id: i32) -> AppResult<Usage> {
        self.state.usage.totals(&self.state.db, dataset_id).await
    }
}

/// The server's public URL, for links in metadata (one rule for every module).
pub fn base_url(settings: &Settings, headers: &HeaderMap) -> String {
    crate::web::public_base_url(settings, headers)
}

/// The shared public-read limit (`web::limits`), answered in CKAN's error shape under
/// `/api/3/`.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let client = crate::client_addr(&req, state.settings.trust_proxy);
    match state.limits.check(Group::PublicRead, client.as_deref()) {
        Ok(()) => next.run(req).await,
        Err(e) => {
            let secs = match e {
                app::error::AppError::RateLimited(s) => s,
                _ => 1,
            };
            let message = format!("Too many requests: try again in {secs} s");
            let path = req.uri().path();
            let body = if path.starts_with("/api/3/") || path.starts_with("/api/action/") {
                serde_json::json!({"help": "", "success": false, "error": {"__type": "Rate Limit Error", "message": message}})
            } else {
                serde_json::json!({"error": {"kind": "rate_limited", "detail": secs}, "message": message})
            };
            let mut res = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
    }
}

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/3/action/{name}", get(ckan::action).post(ckan::action))
        // CKAN answers without the version too, and ckanapi calls that form.
        .route("/api/action/{name}", get(ckan::action).post(ckan::action))
        .route("/download/{file}", get(download::download))
        .route("/catalog.jsonld", get(dcat::catalog_jsonld))
        .route("/catalog.ttl", get(dcat::catalog_ttl))
        .route("/dataset/{file}", get(dcat::dataset))
        .route_layer(from_fn_with_state(state, limit))
}

/// Adds counted usage to the database every few seconds (a worker of `ioc serve`).
async fn flush_usage(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(e) = state.usage.flush(&state.db).await {
            tracing::warn!(error = %e, "usage flush failed");
        }
    }
}

/// Open data: the portal, CKAN, DCAT, downloads.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "open_data"
    }

    fn routes(&self, state: &AppState) -> Router<AppState> {
        routes(state.clone())
    }

    fn register_server_fns(&self) {
        app::modules::open_data::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::open_data::backend::OpenDataBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn limited_server_fns(&self) -> Vec<(&'static str, Group)> {
        use app::modules::open_data::api::{LoadOpenDataset, SearchCatalogue};
        use leptos::server_fn::ServerFn;
        vec![
            (SearchCatalogue::PATH, Group::PublicRead),
            (LoadOpenDataset::PATH, Group::PublicRead),
        ]
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    fn workers(&self, state: &AppState) -> Vec<crate::module::Worker> {
        let state = state.clone();
        vec![crate::module::Worker::new("open_data.usage", move || {
            flush_usage(state.clone())
        })]
    }
}
