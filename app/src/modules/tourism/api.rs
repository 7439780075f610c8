use super::model::TourismBoard;
use crate::error::AppError;
use leptos::prelude::*;

/// Module 6's places and districts for a year up to a month, province or district.
#[server(prefix = "/api", endpoint = "tourism/board")]
pub async fn load_tourism_board(
    year: i32,
    through_month: Option<u32>,
    unit: Option<String>,
) -> Result<TourismBoard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .tourism_board(year, through_month.unwrap_or(12), unit)
        .await
        .inspect_err(ssr::set_status)
}
