//! Module 8 on the server: the indicator engine, its store and the demo indicators.

pub mod backend;
pub mod demo;
pub mod engine;
pub mod store;

/// Module 8: socio-economic indicators.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "indicators"
    }

    fn register_server_fns(&self) {
        app::modules::indicators::backend::register_server_fns();
    }

    fn provide(&self, state: &crate::state::AppState) {
        let backend: std::sync::Arc<dyn app::modules::indicators::backend::IndicatorsBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        demo::seed(txn).await
    }
}
