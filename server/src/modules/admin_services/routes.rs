//! Module 1's REST API: `/api/v1/admin-services/…`. The counters are public (as the
//! national portal publishes its statistics); the dossier lists are for officials and for
//! keys with the `read` scope (a department's key sees its own agency's).

use super::store;
use crate::auth::extract::Caller;
use crate::state::AppState;
use crate::web::ApiResult;
use app::error::AppError;
use app::model::Role;
use app::modules::admin_services::model::{DossierQuery, Filter, Kind};
use app::tr;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin-services/summary", get(summary))
        .route("/api/v1/admin-services/overdue", get(overdue))
        .route("/api/v1/admin-services/dossiers", get(dossiers))
        .route("/api/v1/admin-services/scorecard", get(scorecard))
}

/// Public, as the national portal publishes each province's index.
async fn scorecard(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let now = chrono::Utc::now().timestamp();
    let card = super::score::scorecard(&state.db, q.get("period").map(String::as_str), now).await?;
    Ok(Json(card).into_response())
}

fn filter(q: &HashMap<String, String>) -> Filter {
    Filter {
        from: q.get("from").cloned(),
        to: q.get("to").cloned(),
        agency: q.get("agency").cloned(),
        unit: q.get("unit").cloned(),
    }
}

fn page(q: &HashMap<String, String>) -> Result<Option<u64>, AppError> {
    q.get("page")
        .map(|p| {
            p.trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    AppError::invalid(
                        "page",
                        tr!("phải là số nguyên từ 1", "must be a whole number from 1"),
                    )
                })
        })
        .transpose()
}

/// Officials, or a key that may read; a department's key only for its own agency.
fn may_list(caller: &Caller, f: &mut Filter) -> Result<(), AppError> {
    match caller {
        Caller::User(u) if u.role.allows(Role::Official) => Ok(()),
        Caller::Key(k) if k.has_scope("read") => match &k.department {
            None => Ok(()),
            Some(d) => match f.agency.as_deref().filter(|a| !a.is_empty()) {
                Some(a) if a != d => Err(AppError::Forbidden),
                _ => {
                    f.agency = Some(d.clone());
                    Ok(())
                }
            },
        },
        Caller::Public => Err(AppError::Unauthorized),
        _ => Err(AppError::Forbidden),
    }
}

async fn summary(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let now = chrono::Utc::now().timestamp();
    Ok(Json(store::summary(&state.db, &filter(&q), now).await?).into_response())
}

async fn overdue(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let mut f = Filter {
        agency: q.get("agency").cloned(),
        unit: q.get("unit").cloned(),
        ..Default::default()
    };
    may_list(&caller, &mut f)?;
    let query = DossierQuery {
        kind: Kind::Overdue,
        filter: f,
        page: page(&q)?,
    };
    let now = chrono::Utc::now().timestamp();
    Ok(Json(store::dossiers(&state.db, &query, now).await?).into_response())
}

async fn dossiers(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let mut f = filter(&q);
    may_list(&caller, &mut f)?;
    let kind = match q.get("kind") {
        None => Kind::Received,
        Some(k) => Kind::parse(k.trim()).ok_or_else(|| {
            let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            let all = all.join(", ");
            AppError::invalid(
                "kind",
                tr!("phải là một trong: {all}", "must be one of: {all}"),
            )
        })?,
    };
    let query = DossierQuery {
        kind,
        filter: f,
        page: page(&q)?,
    };
    let now = chrono::Utc::now().timestamp();
    Ok(Json(store::dossiers(&state.db, &query, now).await?).into_response())
}
