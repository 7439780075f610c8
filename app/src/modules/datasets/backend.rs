//! What this module's server functions need from the server: implemented in
//! `server/src/modules/datasets/backend.rs` and provided by that module.

use crate::error::AppResult;
use crate::model::SessionUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait DatasetsBackend: Send + Sync + 'static {
    async fn data_overview(
        &self,
        user: &SessionUser,
    ) -> AppResult<crate::modules::datasets::model::DataSummary>;

    async fn dataset_definition(
        &self,
        code: &str,
    ) -> AppResult<crate::modules::datasets::model::DatasetDef>;

    async fn define_dataset(&self, user: &SessionUser, json: &str) -> AppResult<bool>;

    async fn quality_detail(
        &self,
        code: &str,
    ) -> AppResult<crate::modules::datasets::model::QualityDetail>;

    async fn upload_csv(
        &self,
        user: &SessionUser,
        code: &str,
        csv: &str,
    ) -> AppResult<crate::modules::datasets::model::IngestReport>;

    async fn dataset_rows(
        &self,
        ask: &crate::modules::datasets::model::RowsAsk,
    ) -> AppResult<crate::modules::datasets::model::DrillRows>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn DatasetsBackend>> {
    crate::ssr::service::<dyn DatasetsBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<DataOverview>();
    register_explicit::<UploadCsv>();
    register_explicit::<LoadQualityDetail>();
    register_explicit::<LoadDatasetDefinition>();
    register_explicit::<DefineDataset>();
    register_explicit::<DatasetRows>();
}
