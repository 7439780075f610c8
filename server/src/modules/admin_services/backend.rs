//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::admin_services::{score, store};
use app::error::AppResult;
use app::model::SessionUser;
use app::modules::admin_services::model::{DossierPage, DossierQuery, Filter, Summary};
use app::modules::admin_services::score::{ScoreEdit, ScoreEntry, Scorecard, SubIndicator};

#[async_trait::async_trait]
impl app::modules::admin_services::backend::AdminServicesBackend for ServerBackend {
    async fn summary(&self, filter: Filter) -> AppResult<Summary> {
        store::summary(&self.0.db, &filter, chrono::Utc::now().timestamp()).await
    }

    async fn dossiers(&self, query: DossierQuery) -> AppResult<DossierPage> {
        store::dossiers(&self.0.db, &query, chrono::Utc::now().timestamp()).await
    }

    async fn scorecard(&self, period: Option<String>) -> AppResult<Scorecard> {
        let now = chrono::Utc::now().timestamp();
        score::scorecard(&self.0.db, period.as_deref(), now).await
    }

    async fn edit_score(&self, user: &SessionUser, edit: ScoreEdit) -> AppResult<SubIndicator> {
        score::edit(&self.0.db, &user.email, &edit).await
    }

    async fn enter_score(&self, user: &SessionUser, entry: ScoreEntry) -> AppResult<()> {
        score::enter(&self.0.db, user, &entry).await
    }
}
