use super::model::HealthBoard;
use crate::error::AppError;
use leptos::prelude::*;

/// Module 4's facilities and disease surveillance for a year, province or district.
#[server(prefix = "/api", endpoint = "health/board")]
pub async fn load_health_board(year: i32, unit: Option<String>) -> Result<HealthBoard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .health_board(year, unit)
        .await
        .inspect_err(ssr::set_status)
}
