use super::model::EducationBoard;
use crate::error::AppError;
use leptos::prelude::*;

/// Module 5's schools, levels and exam results for a school year, province or district.
#[server(prefix = "/api", endpoint = "education/board")]
pub async fn load_education_board(
    year: i32,
    unit: Option<String>,
) -> Result<EducationBoard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .education_board(year, unit)
        .await
        .inspect_err(ssr::set_status)
}
