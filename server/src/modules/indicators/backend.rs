//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::indicators;
use app::error::AppResult;
use app::model::SessionUser;
use app::modules::indicators::model::{
    IndicatorBoard, IndicatorCatalogue, IndicatorDef, IndicatorRecord, Provenance,
};

#[async_trait::async_trait]
impl app::modules::indicators::backend::IndicatorsBackend for ServerBackend {
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

    async fn sector_board(
        &self,
        user: &SessionUser,
        department: &str,
        year: i32,
        through_month: u32,
        unit: Option<String>,
    ) -> AppResult<app::modules::indicators::model::SectorBoard> {
        indicators::store::sector(&self.0.db, user, department, year, through_month, unit).await
    }
}
