//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use app::error::AppResult;
use app::model::SessionUser;

#[async_trait::async_trait]
impl app::modules::datasets::backend::DatasetsBackend for ServerBackend {
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

    async fn dataset_rows(
        &self,
        ask: &app::modules::datasets::model::RowsAsk,
    ) -> AppResult<app::modules::datasets::model::DrillRows> {
        crate::modules::datasets::drill::rows_of(&self.0.db, ask).await
    }
}
