use super::model::OverviewData;
use crate::error::AppError;
use crate::model::MapBase;
use leptos::prelude::*;

/// Headline figures for one year (and optionally one month and one district). Officials and up.
#[server(prefix = "/api", endpoint = "overview/summary")]
pub async fn overview_summary(
    year: i32,
    district: Option<String>,
    month: Option<u32>,
) -> Result<OverviewData, AppError> {
    use crate::model::Role;
    use crate::ssr;
    ssr::require_role(Role::Official).await?;
    if !(2000..=2100).contains(&year) {
        let e = AppError::invalid(
            "year",
            tr!("phải từ 2000 đến 2100", "must be between 2000 and 2100"),
        );
        ssr::set_status(&e);
        return Err(e);
    }
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            let e = AppError::invalid("month", tr!("phải từ 1 đến 12", "must be between 1 and 12"));
            ssr::set_status(&e);
            return Err(e);
        }
    }
    let filter = super::model::OverviewFilter {
        year,
        district: district.filter(|d| !d.is_empty()),
        month,
    };
    super::backend::backend()?
        .overview(filter)
        .await
        .inspect_err(ssr::set_status)
}

/// Boundaries, places and tile settings for maps. Public: boundaries are open data.
#[server(prefix = "/api", endpoint = "map/base")]
pub async fn fetch_map_base() -> Result<MapBase, AppError> {
    crate::ssr::backend()?.map_base().await
}
