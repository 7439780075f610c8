//! Module 6, tourism: the visitors' dataset of the data platform (`tourism-monthly`) and
//! the module's rooms and places datasets, its headline figures indicators of the engine
//! on the shared sector board; the module adds accommodation and attractions on the map
//! and each district against the same period last year.

pub mod backend;
pub mod demo;
pub mod store;

use app::error::AppResult;
use sea_orm::DatabaseTransaction;

/// Module 6: tourism.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "tourism"
    }

    fn register_server_fns(&self) {
        app::modules::tourism::backend::register_server_fns();
    }

    fn provide(&self, state: &crate::state::AppState) {
        let backend: std::sync::Arc<dyn app::modules::tourism::backend::TourismBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    async fn demo_seed(&self, txn: &DatabaseTransaction) -> AppResult<()> {
        demo::seed(txn).await
    }
}
