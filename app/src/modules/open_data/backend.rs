//! What this module's server functions need from the server: implemented in
//! `server/src/modules/open_data/backend.rs` and provided by that module.

use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait OpenDataBackend: Send + Sync + 'static {
    async fn open_data_search(
        &self,
        query: crate::modules::open_data::model::CatalogueQuery,
    ) -> AppResult<crate::modules::open_data::model::CatalogueResult>;

    /// Counts a view of the page.
    async fn open_data_dataset(
        &self,
        code: &str,
    ) -> AppResult<crate::modules::open_data::model::DatasetPage>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn OpenDataBackend>> {
    crate::ssr::service::<dyn OpenDataBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<SearchCatalogue>();
    register_explicit::<LoadOpenDataset>();
}
