//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use app::error::AppResult;

#[async_trait::async_trait]
impl app::modules::open_data::backend::OpenDataBackend for ServerBackend {
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
}
