use super::model::{DataSummary, DatasetDef, DrillRows, IngestReport, QualityDetail, RowsAsk};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Every dataset with its quality, and departments ranked. Officials and up.
#[server(prefix = "/api", endpoint = "data/overview")]
pub async fn data_overview() -> Result<DataSummary, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    super::backend::backend()?.data_overview(&user).await
}

/// A steward's CSV upload: the same validation and report as the ingestion API.
/// A rejected file is not an error here: the report says what to fix.
#[server(prefix = "/api", endpoint = "data/upload")]
pub async fn upload_csv(code: String, csv: String) -> Result<IngestReport, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Steward).await?;
    super::backend::backend()?
        .upload_csv(&user, &code, &csv)
        .await
        .inspect_err(ssr::set_status)
}

/// A dataset's missing cells and rejected rows. Officials and up.
#[server(prefix = "/api", endpoint = "data/quality-detail")]
pub async fn load_quality_detail(code: String) -> Result<QualityDetail, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .quality_detail(&code)
        .await
        .inspect_err(ssr::set_status)
}

/// A dataset's definition as stored, for the administrators' editor.
#[server(prefix = "/api", endpoint = "data/definition")]
pub async fn load_dataset_definition(code: String) -> Result<DatasetDef, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .dataset_definition(&code)
        .await
        .inspect_err(ssr::set_status)
}

/// Creates or replaces a dataset from its JSON definition (the same as
/// `POST /api/v1/datasets`). Administrators only; audited. Answers whether it was new.
#[server(prefix = "/api", endpoint = "data/define")]
pub async fn define_dataset(definition: String) -> Result<bool, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .define_dataset(&user, &definition)
        .await
        .inspect_err(ssr::set_status)
}

/// The rows behind a figure on a module's page, with the batches that brought them.
/// Officials and up (the rows of non-public datasets too).
#[server(prefix = "/api", endpoint = "data/rows", input = Json)]
pub async fn dataset_rows(ask: RowsAsk) -> Result<DrillRows, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .dataset_rows(&ask)
        .await
        .inspect_err(ssr::set_status)
}
