use super::model::{IndicatorBoard, IndicatorCatalogue, IndicatorDef, IndicatorRecord, Provenance};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Module 8's board: every indicator for a year up to a month, province or district.
#[server(prefix = "/api", endpoint = "indicators/board")]
pub async fn load_indicator_board(
    year: i32,
    through_month: Option<u32>,
    unit: Option<String>,
) -> Result<IndicatorBoard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .indicator_board(year, through_month.unwrap_or(12), unit)
        .await
        .inspect_err(ssr::set_status)
}

/// Where a value came from: formula, dataset, rows, batches.
#[server(prefix = "/api", endpoint = "indicators/provenance")]
pub async fn indicator_provenance(
    code: String,
    year: i32,
    through_month: Option<u32>,
    period: Option<String>,
    unit: Option<String>,
) -> Result<Provenance, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .indicator_provenance(&code, year, through_month.unwrap_or(12), period, unit)
        .await
        .inspect_err(ssr::set_status)
}

/// Indicators, datasets and departments for the editor. Administrators only.
#[server(prefix = "/api", endpoint = "indicators/catalogue")]
pub async fn load_indicator_catalogue() -> Result<IndicatorCatalogue, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .indicator_catalogue()
        .await
        .inspect_err(ssr::set_status)
}

/// Creates (`original` absent) or replaces an indicator. Administrators only; audited.
#[server(prefix = "/api", endpoint = "indicators/save", input = Json)]
pub async fn save_indicator(
    def: IndicatorDef,
    original: Option<String>,
) -> Result<IndicatorRecord, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .save_indicator(&user, def, original)
        .await
        .inspect_err(ssr::set_status)
}

#[server(prefix = "/api", endpoint = "indicators/delete")]
pub async fn delete_indicator(code: String) -> Result<(), AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .delete_indicator(&user, &code)
        .await
        .inspect_err(ssr::set_status)
}

/// A sector page's board (health, education, tourism): one department's indicators for a
/// year up to a month, province or district, with the year before and its datasets.
#[server(prefix = "/api", endpoint = "indicators/sector")]
pub async fn load_sector_board(
    department: String,
    year: i32,
    through_month: Option<u32>,
    unit: Option<String>,
) -> Result<super::model::SectorBoard, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .sector_board(&user, &department, year, through_month.unwrap_or(12), unit)
        .await
        .inspect_err(ssr::set_status)
}
