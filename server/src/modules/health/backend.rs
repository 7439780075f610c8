//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use app::error::AppResult;
use app::modules::health::model::HealthBoard;

#[async_trait::async_trait]
impl app::modules::health::backend::HealthBackend for ServerBackend {
    async fn health_board(&self, year: i32, unit: Option<String>) -> AppResult<HealthBoard> {
        super::store::board(&self.0.db, year, unit).await
    }
}
