//! Module 5, education: the schools' register and the graduation exam are ordinary
//! datasets of the data platform, its headline figures indicators of the engine on the
//! shared sector board; the module adds the levels against the national norms and the
//! exam by district and school.

pub mod backend;
pub mod demo;
pub mod store;

use app::error::AppResult;
use sea_orm::DatabaseTransaction;

/// Module 5: education.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "education"
    }

    fn register_server_fns(&self) {
        app::modules::education::backend::register_server_fns();
    }

    fn provide(&self, state: &crate::state::AppState) {
        let backend: std::sync::Arc<dyn app::modules::education::backend::EducationBackend> =
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
