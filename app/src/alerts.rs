//! The shared alert feed's server functions (the `AlertFeed` component shows them).

use crate::error::AppError;
use crate::model::{Alert, AlertQuery};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Open alerts (and, if asked, recently ended ones). Officials and up.
#[server(prefix = "/api", endpoint = "alerts/list", input = Json)]
pub async fn load_alerts(query: AlertQuery) -> Result<Vec<Alert>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    ssr::backend()?
        .alerts(query)
        .await
        .inspect_err(ssr::set_status)
}

/// An official has seen an alert. Audited.
#[server(prefix = "/api", endpoint = "alerts/ack")]
pub async fn acknowledge_alert(id: i64) -> Result<Alert, AppError> {
    use crate::{model::Role, ssr};
    let user = ssr::require_role(Role::Official).await?;
    ssr::backend()?
        .acknowledge_alert(&user, id)
        .await
        .inspect_err(ssr::set_status)
}
