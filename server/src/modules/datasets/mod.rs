//! The data platform on the server: dataset definitions, ingestion, quality.

pub mod backend;
pub mod demo;
pub mod drill;
mod index;
pub mod openapi;
pub mod parse;
pub mod quality;
pub mod query;
pub mod routes;
pub mod store;

use crate::module::{ServerModule, Worker};
use crate::state::AppState;

/// The data platform: datasets, ingestion, quality.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "datasets"
    }

    fn routes(&self, state: &AppState) -> axum::Router<AppState> {
        routes::routes(state.clone())
    }

    fn register_server_fns(&self) {
        app::modules::datasets::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::datasets::backend::DatasetsBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        demo::seed(txn).await
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    fn workers(&self, state: &AppState) -> Vec<Worker> {
        let db = state.db.clone();
        vec![Worker::new("datasets.quality", move || {
            quality::heal_loop(db.clone())
        })]
    }
}
