pub mod backend;
pub mod store;

/// Administration: users, API keys, the audit log (pages for administrators).
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "admin"
    }

    fn register_server_fns(&self) {
        app::modules::admin::backend::register_server_fns();
    }

    fn provide(&self, state: &crate::state::AppState) {
        let backend: std::sync::Arc<dyn app::modules::admin::backend::AdminBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }
}
