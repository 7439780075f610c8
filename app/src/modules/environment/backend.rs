//! What this module's server functions need from the server: implemented in
//! `server/src/modules/environment/backend.rs` and provided by that module.

use crate::error::AppResult;
use crate::model::SessionUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait EnvironmentBackend: Send + Sync + 'static {
    async fn environment_now(
        &self,
    ) -> AppResult<crate::modules::environment::model::EnvironmentNow>;

    async fn environment_series(
        &self,
        code: &str,
        range: crate::modules::environment::model::Range,
    ) -> AppResult<crate::modules::environment::model::StationSeries>;

    async fn save_station(
        &self,
        user: &SessionUser,
        input: crate::modules::environment::model::StationInput,
    ) -> AppResult<crate::modules::environment::model::Station>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn EnvironmentBackend>> {
    crate::ssr::service::<dyn EnvironmentBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<LoadEnvironmentNow>();
    register_explicit::<LoadStationSeries>();
    register_explicit::<SaveStation>();
}
