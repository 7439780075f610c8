//! Module 10, camera surveillance: the registry of the province's cameras with their
//! addresses and credentials kept on the server, live video proxied (playlists rewritten
//! to sealed short-lived addresses, segments streamed through, no other host fetched), and
//! the log of who watched what.

pub mod backend;
pub mod demo;
pub mod health;
pub mod hls;
pub mod openapi;
pub mod routes;
pub mod store;
pub mod token;

use crate::module::ServerModule;
use crate::state::AppState;

/// Module 10: camera surveillance.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "cameras"
    }

    fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
        routes::routes()
    }

    fn register_server_fns(&self) {
        app::modules::cameras::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::cameras::backend::CamerasBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    fn workers(&self, state: &AppState) -> Vec<crate::module::Worker> {
        let db = state.db.clone();
        vec![crate::module::Worker::new("cameras.health", move || {
            health::run_forever(db.clone())
        })]
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    /// The province's main cameras, in groups, without streams (a demo reaches no camera).
    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        demo::seed(txn, chrono::Utc::now().timestamp_micros()).await
    }
}
