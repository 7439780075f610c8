//! Module 2's server functions: thin, each checks the caller's role and calls the backend.

use super::model::{EventQuery, SecurityBoard, SecurityEvent};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The board of a period (the last 1, 7 or 30 days), for one district or all. Officials.
#[server(prefix = "/api", endpoint = "security/board", input = Json)]
pub async fn load_security_board(
    days: u32,
    unit: Option<String>,
) -> Result<SecurityBoard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .board(days, unit)
        .await
        .inspect_err(ssr::set_status)
}

/// The newest events of a period matching the page's filters (at most 100). Officials.
#[server(prefix = "/api", endpoint = "security/events", input = Json)]
pub async fn load_security_events(query: EventQuery) -> Result<Vec<SecurityEvent>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .events(query)
        .await
        .inspect_err(ssr::set_status)
}
