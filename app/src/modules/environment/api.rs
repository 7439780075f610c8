use super::model::{EnvironmentNow, Range, Station, StationInput, StationSeries};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Every station with its current VN_AQI or VN_WQI. Anyone: monitoring results are public.
#[server(prefix = "/api", endpoint = "environment/now")]
pub async fn load_environment_now() -> Result<EnvironmentNow, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .environment_now()
        .await
        .inspect_err(ssr::set_status)
}

/// A station's charts for one range, from the rollups. Anyone: monitoring results are
/// public, as the same series is over REST (`/api/v1/environment/stations/{code}/series`).
#[server(prefix = "/api", endpoint = "environment/series")]
pub async fn load_station_series(code: String, range: Range) -> Result<StationSeries, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .environment_series(&code, range)
        .await
        .inspect_err(ssr::set_status)
}

/// Registers or updates a station. Administrators (stewards and department systems use
/// the REST API with their department).
#[server(prefix = "/api", endpoint = "environment/station", input = Json)]
pub async fn save_station(input: StationInput) -> Result<Station, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .save_station(&user, input)
        .await
        .inspect_err(ssr::set_status)
}
