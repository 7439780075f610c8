//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use app::error::AppResult;
use app::modules::tourism::model::TourismBoard;

#[async_trait::async_trait]
impl app::modules::tourism::backend::TourismBackend for ServerBackend {
    async fn tourism_board(
        &self,
        year: i32,
        through_month: u32,
        unit: Option<String>,
    ) -> AppResult<TourismBoard> {
        super::store::board(&self.0.db, year, through_month, unit).await
    }
}
