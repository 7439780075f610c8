//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::admin_services::store;
use app::error::AppResult;
use app::modules::admin_services::model::{DossierPage, DossierQuery, Filter, Summary};

#[async_trait::async_trait]
impl app::modules::admin_services::backend::AdminServicesBackend for ServerBackend {
    async fn summary(&self, filter: Filter) -> AppResult<Summary> {
        store::summary(&self.0.db, &filter, chrono::Utc::now().timestamp()).await
    }

    async fn dossiers(&self, query: DossierQuery) -> AppResult<DossierPage> {
        store::dossiers(&self.0.db, &query, chrono::Utc::now().timestamp()).await
    }
}
