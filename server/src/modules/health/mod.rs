//! Module 4, health: its datasets (facilities, monthly services, vaccination, weekly
//! cases) are ordinary datasets of the data platform and its headline figures indicators
//! of the engine, shown on the shared sector board; the module adds the facilities map and
//! disease surveillance, raising an alert when a week's cases cross the epidemic threshold.

pub mod backend;
pub mod demo;
pub mod store;

use app::error::AppResult;
use app::modules::health::CASES_DATASET;
use sea_orm::DatabaseTransaction;
use serde_json::{Map, Value};

/// Module 4: health.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "health"
    }

    fn register_server_fns(&self) {
        app::modules::health::backend::register_server_fns();
    }

    fn provide(&self, state: &crate::state::AppState) {
        let backend: std::sync::Arc<dyn app::modules::health::backend::HealthBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn follows(&self) -> &'static [&'static str] {
        &[CASES_DATASET]
    }

    /// Each batch of weekly cases is checked against the epidemic threshold.
    async fn rows_written(
        &self,
        txn: &DatabaseTransaction,
        _dataset: &str,
        rows: &[&Map<String, Value>],
    ) -> AppResult<()> {
        store::check_alerts(txn, rows).await
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    async fn demo_seed(&self, txn: &DatabaseTransaction) -> AppResult<()> {
        demo::seed(txn).await
    }
}
