//! Module 2's server functions: thin, each checks the caller's role and calls the backend.

use super::model::{
    EventQuery, Incident, IncidentMove, Monitor, NewIncident, SecurityBoard, SecurityEvent,
    StatusEntry, StatusPage,
};
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

/// The site and port monitors with their last check. Officials.
#[server(prefix = "/api", endpoint = "security/monitors", input = Json)]
pub async fn load_monitors() -> Result<Vec<Monitor>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .monitors()
        .await
        .inspect_err(ssr::set_status)
}

/// The open incidents, then those closed in the last 30 days. Officials.
#[server(prefix = "/api", endpoint = "security/incidents", input = Json)]
pub async fn load_incidents() -> Result<Vec<Incident>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .incidents()
        .await
        .inspect_err(ssr::set_status)
}

/// An official opens an incident (from an event, or by hand).
#[server(prefix = "/api", endpoint = "security/incident_open", input = Json)]
pub async fn open_incident(incident: NewIncident) -> Result<Incident, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .open_incident(incident, user.display_name)
        .await
        .inspect_err(ssr::set_status)
}

/// An official moves an incident one step of its workflow.
#[server(prefix = "/api", endpoint = "security/incident_move", input = Json)]
pub async fn move_incident(step: IncidentMove) -> Result<Incident, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .move_incident(step, user.display_name)
        .await
        .inspect_err(ssr::set_status)
}

/// The departments that have a public status page. Anyone.
#[server(prefix = "/api", endpoint = "security/status_index", input = Json)]
pub async fn load_status_index() -> Result<Vec<StatusEntry>, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .status_index()
        .await
        .inspect_err(ssr::set_status)
}

/// A department's public status page. Anyone.
#[server(prefix = "/api", endpoint = "security/status_page", input = Json)]
pub async fn load_status_page(department: String) -> Result<StatusPage, AppError> {
    use crate::ssr;
    super::backend::backend()?
        .status_page(department)
        .await
        .inspect_err(ssr::set_status)
}
