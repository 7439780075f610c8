//! What this module's server functions need from the server: implemented in
//! `server/src/modules/cameras/backend.rs` and provided by that module.

use super::model::{Camera, CameraDetail, CameraInput, Group, GroupInput, View, Wall, WallPrefs};
use crate::error::AppResult;
use crate::model::SessionUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait CamerasBackend: Send + Sync + 'static {
    /// What `user` may watch, with their saved layout.
    async fn wall(&self, user: SessionUser) -> AppResult<Wall>;
    async fn save_wall(&self, viewer: String, prefs: WallPrefs) -> AppResult<WallPrefs>;
    async fn detail(&self, code: String, user: SessionUser) -> AppResult<CameraDetail>;
    async fn save(&self, camera: CameraInput) -> AppResult<Camera>;
    async fn views(&self) -> AppResult<Vec<View>>;
    async fn save_group(&self, group: GroupInput) -> AppResult<Group>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn CamerasBackend>> {
    crate::ssr::service::<dyn CamerasBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<LoadCameraWall>();
    register_explicit::<SaveCameraWall>();
    register_explicit::<LoadCameraDetail>();
    register_explicit::<SaveCamera>();
    register_explicit::<LoadCameraViews>();
    register_explicit::<SaveCameraGroup>();
}
