pub mod backend;
pub mod store;

/// The overview: figures of every module on one page.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "overview"
    }

    fn register_server_fns(&self) {
        app::modules::overview::backend::register_server_fns();
    }

    fn provide(&self, state: &crate::state::AppState) {
        let backend: std::sync::Arc<dyn app::modules::overview::backend::OverviewBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }
}
