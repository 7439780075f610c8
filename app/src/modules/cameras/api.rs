//! Module 10's server functions: thin, each checks the caller's role and calls the backend.

use super::model::{Camera, CameraDetail, CameraInput, Group, GroupInput, View, Wall, WallPrefs};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The wall: the groups and cameras the caller may watch, with their uptime, and the
/// caller's saved layout. Officials.
#[server(prefix = "/api", endpoint = "cameras/wall", input = Json)]
pub async fn load_camera_wall() -> Result<Wall, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .wall(user)
        .await
        .inspect_err(ssr::set_status)
}

/// Keeps the caller's layout and group for their next visit, on any screen. Officials.
#[server(prefix = "/api", endpoint = "cameras/wall_save", input = Json)]
pub async fn save_camera_wall(prefs: WallPrefs) -> Result<WallPrefs, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .save_wall(user.email, prefs)
        .await
        .inspect_err(ssr::set_status)
}

/// One camera the caller may watch: health over time, recent changes, and (administrators)
/// who watched it. Officials.
#[server(prefix = "/api", endpoint = "cameras/detail", input = Json)]
pub async fn load_camera_detail(code: String) -> Result<CameraDetail, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .detail(code, user)
        .await
        .inspect_err(ssr::set_status)
}

/// Registers a camera or changes the one with the same code. Administrators.
#[server(prefix = "/api", endpoint = "cameras/save", input = Json)]
pub async fn save_camera(camera: CameraInput) -> Result<Camera, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .save(camera)
        .await
        .inspect_err(ssr::set_status)
}

/// Who watched which camera, newest first (at most 200). Administrators.
#[server(prefix = "/api", endpoint = "cameras/views", input = Json)]
pub async fn load_camera_views() -> Result<Vec<View>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .views()
        .await
        .inspect_err(ssr::set_status)
}

/// Creates a group or changes the one with the same code: name, order, and the departments
/// that may watch it. Administrators.
#[server(prefix = "/api", endpoint = "cameras/group_save", input = Json)]
pub async fn save_camera_group(group: GroupInput) -> Result<Group, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .save_group(group)
        .await
        .inspect_err(ssr::set_status)
}
