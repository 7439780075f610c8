//! What this module's server functions need from the server: implemented in
//! `server/src/modules/indicators/backend.rs` and provided by that module.

use crate::error::AppResult;
use crate::model::SessionUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait IndicatorsBackend: Send + Sync + 'static {
    async fn indicator_board(
        &self,
        year: i32,
        through_month: u32,
        unit: Option<String>,
    ) -> AppResult<crate::modules::indicators::model::IndicatorBoard>;

    async fn indicator_provenance(
        &self,
        code: &str,
        year: i32,
        through_month: u32,
        period: Option<String>,
        unit: Option<String>,
    ) -> AppResult<crate::modules::indicators::model::Provenance>;

    async fn indicator_catalogue(
        &self,
    ) -> AppResult<crate::modules::indicators::model::IndicatorCatalogue>;

    async fn save_indicator(
        &self,
        user: &SessionUser,
        def: crate::modules::indicators::model::IndicatorDef,
        original: Option<String>,
    ) -> AppResult<crate::modules::indicators::model::IndicatorRecord>;

    async fn delete_indicator(&self, user: &SessionUser, code: &str) -> AppResult<()>;

    async fn sector_board(
        &self,
        user: &SessionUser,
        department: &str,
        year: i32,
        through_month: u32,
        unit: Option<String>,
    ) -> AppResult<crate::modules::indicators::model::SectorBoard>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn IndicatorsBackend>> {
    crate::ssr::service::<dyn IndicatorsBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<LoadIndicatorBoard>();
    register_explicit::<IndicatorProvenance>();
    register_explicit::<LoadIndicatorCatalogue>();
    register_explicit::<SaveIndicator>();
    register_explicit::<DeleteIndicator>();
    register_explicit::<LoadSectorBoard>();
}
