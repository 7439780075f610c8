//! What this module's server functions need from the server: implemented in
//! `server/src/modules/security/backend.rs` and provided by that module.

use super::model::{
    EventQuery, Incident, IncidentMove, Monitor, NewIncident, SecurityBoard, SecurityEvent,
    StatusEntry, StatusPage,
};
use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait SecurityBackend: Send + Sync + 'static {
    async fn board(&self, days: u32, unit: Option<String>) -> AppResult<SecurityBoard>;
    async fn events(&self, query: EventQuery) -> AppResult<Vec<SecurityEvent>>;
    async fn monitors(&self) -> AppResult<Vec<Monitor>>;
    async fn incidents(&self) -> AppResult<Vec<Incident>>;
    async fn open_incident(&self, new: NewIncident, actor: String) -> AppResult<Incident>;
    async fn move_incident(&self, step: IncidentMove, actor: String) -> AppResult<Incident>;
    async fn status_index(&self) -> AppResult<Vec<StatusEntry>>;
    async fn status_page(&self, department: String) -> AppResult<StatusPage>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn SecurityBackend>> {
    crate::ssr::service::<dyn SecurityBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<LoadSecurityBoard>();
    register_explicit::<LoadSecurityEvents>();
    register_explicit::<LoadMonitors>();
    register_explicit::<LoadIncidents>();
    register_explicit::<OpenIncident>();
    register_explicit::<MoveIncident>();
    register_explicit::<LoadStatusIndex>();
    register_explicit::<LoadStatusPage>();
}
