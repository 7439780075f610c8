//! Module 1, public administration services: the `dossiers` dataset's rows counted as
//! officials count them (app `admin_services::rules`), the summaries, the overdue list and
//! the dossiers behind every number.

pub mod backend;
pub mod demo;
pub mod derived;
pub mod openapi;
pub mod routes;
pub mod score;
pub mod store;

use crate::state::AppState;
use app::error::{AppResult, Text};
use app::modules::admin_services::rules;
use sea_orm::DatabaseTransaction;
use serde_json::{Map, Value};

/// Module 1: public administration services.
pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "admin_services"
    }

    fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
        routes::routes()
    }

    fn register_server_fns(&self) {
        app::modules::admin_services::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<
            dyn app::modules::admin_services::backend::AdminServicesBackend,
        > = std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn follows(&self) -> &'static [&'static str] {
        &[rules::DATASET]
    }

    fn row_rules(&self, _dataset: &str, row: &Map<String, Value>) -> Vec<(String, Text)> {
        rules::row_rules(row)
    }

    async fn rows_written(
        &self,
        txn: &DatabaseTransaction,
        _dataset: &str,
        rows: &[&Map<String, Value>],
    ) -> AppResult<()> {
        store::apply(txn, rows).await
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    /// The `dossiers` dataset and the demo's dossiers through the ingestion path.
    async fn demo_seed(&self, txn: &DatabaseTransaction) -> AppResult<()> {
        demo::seed(txn, chrono::Utc::now().timestamp()).await
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    async fn overview(
        &self,
        state: &AppState,
        filter: &app::modules::overview::model::OverviewFilter,
    ) -> AppResult<crate::module::OverviewPart> {
        derived::overview(&state.db, filter, chrono::Utc::now().timestamp()).await
    }

    fn derived(&self) -> Vec<app::modules::datasets::model::DatasetDef> {
        derived::definitions()
    }

    async fn derived_rows(
        &self,
        db: &sea_orm::DatabaseConnection,
        code: &str,
        from: &str,
        to: &str,
    ) -> AppResult<Vec<crate::module::DerivedRow>> {
        match code {
            derived::MONTHLY => derived::monthly_rows(db, from, to).await,
            _ => Ok(Vec::new()),
        }
    }
}
