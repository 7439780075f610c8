//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use app::error::AppResult;
use app::modules::education::model::EducationBoard;

#[async_trait::async_trait]
impl app::modules::education::backend::EducationBackend for ServerBackend {
    async fn education_board(&self, year: i32, unit: Option<String>) -> AppResult<EducationBoard> {
        super::store::board(&self.0.db, year, unit).await
    }
}
