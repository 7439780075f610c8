use super::model::{CatalogueQuery, CatalogueResult, DatasetPage};
use crate::error::AppError;
use leptos::prelude::*;

/// Searches the public catalogue. Everyone, no account.
#[server(prefix = "/api", endpoint = "open-data/search")]
pub async fn search_catalogue(query: CatalogueQuery) -> Result<CatalogueResult, AppError> {
    super::backend::backend()?
        .open_data_search(query)
        .await
        .inspect_err(crate::ssr::set_status)
}

/// A public dataset's page: metadata, preview, chart, map and usage. Counts a view.
#[server(prefix = "/api", endpoint = "open-data/dataset")]
pub async fn load_open_dataset(code: String) -> Result<DatasetPage, AppError> {
    super::backend::backend()?
        .open_data_dataset(&code)
        .await
        .inspect_err(crate::ssr::set_status)
}
