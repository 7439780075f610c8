//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::overview;
use app::error::AppResult;
use app::modules::overview::model::{OverviewData, OverviewFilter};

#[async_trait::async_trait]
impl app::modules::overview::backend::OverviewBackend for ServerBackend {
    async fn overview(&self, filter: OverviewFilter) -> AppResult<OverviewData> {
        overview::store::overview(&self.0, filter).await
    }
}
