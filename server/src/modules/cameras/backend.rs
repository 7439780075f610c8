//! The server's side of this module's server functions.

use super::store::{self, Access};
use crate::backend::ServerBackend;
use app::error::{AppError, AppResult};
use app::model::{Role, SessionUser};
use app::modules::cameras::model::{
    Camera, CameraDetail, CameraInput, Group, GroupInput, View, Wall, WallPrefs,
};

fn now() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

#[async_trait::async_trait]
impl app::modules::cameras::backend::CamerasBackend for ServerBackend {
    async fn wall(&self, user: SessionUser) -> AppResult<Wall> {
        let db = &self.0.db;
        let access = Access::of_user(&user);
        let cameras = store::list(db, access).await?;
        let uptime = store::uptime(db, now(), None).await?;
        let groups = store::groups(db, access).await?;
        let mut prefs = store::wall_prefs(db, &user.email).await?;
        // A group closed to them since they chose it: the wall shows all they may watch.
        if prefs
            .group
            .as_ref()
            .is_some_and(|g| !groups.iter().any(|x| &x.code == g))
        {
            prefs.group = None;
        }
        Ok(Wall {
            groups,
            uptime: cameras
                .iter()
                .map(|c| uptime.get(&c.code).copied().unwrap_or_default())
                .collect(),
            cameras,
            prefs,
            events: super::events::visible(db, access, None, 30).await?,
            districts: crate::registry::district_names(db).await?,
        })
    }

    async fn save_wall(&self, viewer: String, prefs: WallPrefs) -> AppResult<WallPrefs> {
        store::save_wall_prefs(&self.0.db, &viewer, &prefs, now()).await
    }

    async fn detail(&self, code: String, user: SessionUser) -> AppResult<CameraDetail> {
        let admin = user.role == Role::Admin;
        store::detail(&self.0.db, &code, Access::of_user(&user), admin, now())
            .await?
            .ok_or_else(|| AppError::NotFound("camera".into()))
    }

    async fn save(&self, camera: CameraInput) -> AppResult<Camera> {
        Ok(store::save(&self.0.db, &camera, now()).await?.0)
    }

    async fn views(&self) -> AppResult<Vec<View>> {
        store::views_of(&self.0.db, None, 200).await
    }

    async fn save_group(&self, group: GroupInput) -> AppResult<Group> {
        store::save_group(&self.0.db, &group).await
    }
}
