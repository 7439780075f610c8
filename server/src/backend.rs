//! The server's side of `app::ssr::Backend`: sessions, the base map, the alert feed.

use crate::registry;
use crate::state::AppState;
use app::error::{AppError, AppResult};
use app::model::{Alert, AlertQuery, MapBase, SessionUser, UnitLevel};

/// What server functions call: the platform's part here ([`app::ssr::Backend`]), each
/// module's part in its own `backend.rs`.
pub struct ServerBackend(pub AppState);

/// Shown on every map that draws the boundaries.
pub const BOUNDARY_ATTRIBUTION: &str =
    "Ranh giới / Boundaries: Open Development Mekong, CC BY-SA 4.0 · Địa điểm / Places: © OpenStreetMap contributors, ODbL 1.0";

#[async_trait::async_trait]
impl app::ssr::Backend for ServerBackend {
    async fn session_user(&self, token: &str) -> AppResult<Option<SessionUser>> {
        crate::auth::user_for_session(&self.0.db, token).await
    }

    async fn login(
        &self,
        client: Option<&str>,
        email: &str,
        password: &str,
    ) -> AppResult<(SessionUser, String)> {
        crate::auth::login(
            &self.0.db,
            &self.0.signin,
            &self.0.limits,
            client,
            email,
            password,
            self.0.settings.session_ttl,
        )
        .await
    }

    async fn logout(&self, token: &str) -> AppResult<()> {
        crate::auth::logout(&self.0.db, token).await
    }

    fn session_ttl_secs(&self) -> i64 {
        self.0.settings.session_ttl.as_secs() as i64
    }

    fn secure_cookies(&self) -> bool {
        self.0.settings.secure_cookies
    }

    async fn map_base(&self) -> AppResult<MapBase> {
        let db = &self.0.db;
        let as_of = registry::default_as_of(db).await?;
        let units = registry::units(db, Some(UnitLevel::District), None, &as_of).await?;
        if units.is_empty() {
            return Err(AppError::NotFound("district boundaries".into()));
        }
        Ok(MapBase {
            districts_geojson: registry::feature_collection(&units).to_string(),
            attribution: BOUNDARY_ATTRIBUTION.to_string(),
            tile_url: self.0.settings.tile_url.clone(),
            tile_attribution: self.0.settings.tile_attribution.clone(),
            places: registry::places(db).await?,
        })
    }

    async fn alerts(&self, query: AlertQuery) -> AppResult<Vec<Alert>> {
        crate::alerts::list(&self.0.db, &query).await
    }

    async fn acknowledge_alert(&self, user: &SessionUser, id: i64) -> AppResult<Alert> {
        crate::alerts::acknowledge(&self.0.db, id, user).await
    }
}
