//! The server's side of `app::ssr::Backend`: what server functions call.

use crate::modules::{admin, environment, feedback, indicators, overview};
use crate::registry;
use crate::state::AppState;
use app::error::{AppError, AppResult};
use app::model::{Alert, AlertQuery, MapBase, SessionUser, UnitLevel};
use app::modules::admin::model::{ApiKeyRow, AuditRow, UserRow};
use app::modules::environment::model as env;
use app::modules::feedback::model as fb;
use app::modules::indicators::model::{
    IndicatorBoard, IndicatorCatalogue, IndicatorDef, IndicatorRecord, Provenance,
};
use app::modules::overview::model::{OverviewData, OverviewFilter};

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

    async fn overview(&self, filter: OverviewFilter) -> AppResult<OverviewData> {
        overview::store::overview(&self.0.db, filter).await
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

    async fn data_overview(
        &self,
        user: &SessionUser,
    ) -> AppResult<app::modules::datasets::model::DataSummary> {
        crate::modules::datasets::store::summary(&self.0.db, user).await
    }

    async fn dataset_definition(
        &self,
        code: &str,
    ) -> AppResult<app::modules::datasets::model::DatasetDef> {
        let model = crate::modules::datasets::store::find(&self.0.db, code).await?;
        let mut def = crate::modules::datasets::store::definition(&model)?;
        def.department = Some(model.department_code);
        Ok(def)
    }

    async fn define_dataset(&self, user: &SessionUser, json: &str) -> AppResult<bool> {
        crate::modules::datasets::store::define_json(&self.0.db, &user.email, json).await
    }

    async fn quality_detail(
        &self,
        code: &str,
    ) -> AppResult<app::modules::datasets::model::QualityDetail> {
        let model = crate::modules::datasets::store::find(&self.0.db, code).await?;
        crate::modules::datasets::quality::detail(&self.0.db, &model).await
    }

    async fn upload_csv(
        &self,
        user: &SessionUser,
        code: &str,
        csv: &str,
    ) -> AppResult<app::modules::datasets::model::IngestReport> {
        crate::modules::datasets::store::upload(&self.0.db, user, code, csv).await
    }

    async fn indicator_board(
        &self,
        year: i32,
        through_month: u32,
        unit: Option<String>,
    ) -> AppResult<IndicatorBoard> {
        indicators::store::board(&self.0.db, year, through_month, unit).await
    }

    async fn indicator_provenance(
        &self,
        code: &str,
        year: i32,
        through_month: u32,
        period: Option<String>,
        unit: Option<String>,
    ) -> AppResult<Provenance> {
        indicators::store::provenance(&self.0.db, code, year, through_month, period, unit).await
    }

    async fn indicator_catalogue(&self) -> AppResult<IndicatorCatalogue> {
        indicators::store::catalogue(&self.0.db).await
    }

    async fn save_indicator(
        &self,
        user: &SessionUser,
        def: IndicatorDef,
        original: Option<String>,
    ) -> AppResult<IndicatorRecord> {
        indicators::store::save(&self.0.db, &user.email, def, original.as_deref()).await
    }

    async fn delete_indicator(&self, user: &SessionUser, code: &str) -> AppResult<()> {
        indicators::store::delete(&self.0.db, &user.email, code).await
    }

    async fn feedback_stats(&self) -> AppResult<fb::FeedbackStats> {
        feedback::store::stats(&self.0.db).await
    }

    async fn feedback_services(&self) -> AppResult<Vec<fb::Service>> {
        feedback::store::services(&self.0.db).await
    }

    async fn file_report(
        &self,
        report: fb::NewReport,
        client: Option<String>,
    ) -> AppResult<fb::Filed> {
        let hash = client.map(|c| crate::auth::sha256_hex(&format!("ioc-client:{c}")));
        let limit = self.0.settings.reports_per_hour;
        feedback::store::file(&self.0.db, report, "web", hash, limit).await
    }

    async fn track_report(&self, code: &str) -> AppResult<fb::PublicReport> {
        feedback::store::track(&self.0.db, code).await
    }

    async fn rate_report(&self, code: &str, satisfied: bool) -> AppResult<fb::PublicReport> {
        feedback::store::rate(&self.0.db, code, satisfied).await
    }

    async fn similar_reports(
        &self,
        service_code: &str,
        lat: f64,
        lon: f64,
    ) -> AppResult<Vec<fb::Similar>> {
        feedback::store::similar(&self.0.db, service_code, lat, lon).await
    }

    async fn feedback_inbox(
        &self,
        user: &SessionUser,
        filter: fb::InboxFilter,
    ) -> AppResult<fb::Inbox> {
        feedback::store::inbox(&self.0.db, user, filter).await
    }

    async fn feedback_report(&self, user: &SessionUser, id: i64) -> AppResult<fb::Report> {
        feedback::store::report(&self.0.db, user, id).await
    }

    async fn act_on_report(
        &self,
        user: &SessionUser,
        id: i64,
        action: fb::ReportAction,
    ) -> AppResult<fb::Report> {
        feedback::store::act(&self.0.db, user, id, action).await
    }

    async fn open_data_search(
        &self,
        query: app::modules::open_data::model::CatalogueQuery,
    ) -> AppResult<app::modules::open_data::model::CatalogueResult> {
        let od = crate::modules::open_data::OpenData::new(&self.0);
        crate::modules::open_data::portal::search(&od, query).await
    }

    async fn open_data_dataset(
        &self,
        code: &str,
    ) -> AppResult<app::modules::open_data::model::DatasetPage> {
        let od = crate::modules::open_data::OpenData::new(&self.0);
        crate::modules::open_data::portal::dataset(&od, code).await
    }

    async fn environment_now(&self) -> AppResult<env::EnvironmentNow> {
        environment::store::now(&self.0.db).await
    }

    async fn environment_series(
        &self,
        code: &str,
        range: env::Range,
    ) -> AppResult<env::StationSeries> {
        environment::store::series(&self.0.db, code, range).await
    }

    async fn save_station(
        &self,
        user: &SessionUser,
        input: env::StationInput,
    ) -> AppResult<env::Station> {
        Ok(
            environment::store::save(&self.0.db, &user.email, None, input)
                .await?
                .0,
        )
    }

    async fn alerts(&self, query: AlertQuery) -> AppResult<Vec<Alert>> {
        crate::alerts::list(&self.0.db, &query).await
    }

    async fn acknowledge_alert(&self, user: &SessionUser, id: i64) -> AppResult<Alert> {
        crate::alerts::acknowledge(&self.0.db, id, user).await
    }

    async fn admin_users(&self) -> AppResult<Vec<UserRow>> {
        admin::store::users(&self.0.db).await
    }

    async fn admin_api_keys(&self) -> AppResult<Vec<ApiKeyRow>> {
        admin::store::api_keys(&self.0.db).await
    }

    async fn admin_audit(&self, limit: u64) -> AppResult<Vec<AuditRow>> {
        admin::store::audit(&self.0.db, limit).await
    }
}
