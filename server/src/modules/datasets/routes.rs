//! The data platform's REST API: `/api/v1/datasets…`, for department systems (API keys)
//! and signed-in stewards and administrators.

use super::parse;
use super::quality;
use super::store::{self, IngestRequest, RecordQuery};
use crate::auth::extract::Caller;
use crate::db::entity::dataset;
use crate::state::AppState;
use crate::web::{ApiError, ApiResult};
use app::error::AppError;
use app::model::Role;
use app::modules::datasets::model::{DatasetDef, IngestReport};
use app::tr;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http::HeaderMap;
use std::collections::HashMap;

pub fn routes(state: AppState) -> Router<AppState> {
    // Reading rows costs the database a query per request: limited per client like the
    // other public read APIs (writes come from department systems with keys).
    let limited = axum::middleware::from_fn_with_state(
        (state, crate::web::limits::Group::PublicRead),
        crate::web::limits::limit,
    );
    Router::new()
        .route("/api/v1/datasets", get(list).post(define))
        .route("/api/v1/datasets/{code}", get(show))
        .route(
            "/api/v1/datasets/{code}/records",
            get(read_records).route_layer(limited).post(push_records),
        )
        .route("/api/v1/datasets/{code}/batches", get(batches))
        .route("/api/v1/datasets/{code}/quality", get(quality_of))
}

/// The department whose rows a caller may push: `None` for any row (the dataset's own
/// department, administrators, province-wide keys); another department's key or steward
/// only where the definition says whose rows are whose (`owner_field`).
fn rows_writer(caller: &Caller, model: &dataset::Model) -> Result<Option<String>, AppError> {
    match caller.writable_department()? {
        Some(d) if d != model.department_code => {
            if store::definition(model)?.owner_field.is_some() {
                Ok(Some(d))
            } else {
                Err(AppError::Forbidden)
            }
        }
        _ => Ok(None),
    }
}

fn require_write(caller: &Caller, model: &dataset::Model) -> Result<(), AppError> {
    match caller.writable_department()? {
        Some(d) if d != model.department_code => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

/// Public datasets for everyone; the others for officials and up, and for keys with the
/// `read` scope of the owning department (or province-wide ones). A key made for another
/// purpose (`ingest`, `open311`) reads only what the public reads.
pub fn may_read(caller: &Caller, model: &dataset::Model) -> bool {
    model.public
        || match caller {
            Caller::Key(k) => {
                k.has_scope("read")
                    && k.department
                        .as_deref()
                        .is_none_or(|d| d == model.department_code)
            }
            Caller::User(u) => u.role.allows(Role::Official),
            Caller::Public => false,
        }
}

fn require_read(caller: &Caller, model: &dataset::Model) -> Result<(), AppError> {
    if may_read(caller, model) {
        Ok(())
    } else if matches!(caller, Caller::Public) {
        // Do not reveal that a private dataset exists.
        Err(AppError::NotFound(format!("dataset '{}'", model.code)))
    } else {
        Err(AppError::Forbidden)
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<serde_json::Value>>> {
    let models = store::list(&state.db, false).await?;
    let mut out = Vec::new();
    for m in models.iter().filter(|m| may_read(&caller, m)) {
        out.push(serde_json::to_value(store::to_wire(m)?).map_err(crate::auth::internal)?);
    }
    Ok(Json(out))
}

async fn define(State(state): State<AppState>, caller: Caller, body: Bytes) -> ApiResult<Response> {
    let allowed = caller.writable_department()?;
    let def: DatasetDef = serde_json::from_slice(&body).map_err(|e| {
        let why = app::error::json_problem(&e);
        AppError::invalid(
            "body",
            app::error::Text::new(
                format!("không phải định nghĩa tập dữ liệu hợp lệ: {}", why.vi),
                format!("not a dataset definition: {}", why.en),
            ),
        )
    })?;
    let department = match (&allowed, &def.department) {
        (Some(mine), Some(asked)) if mine != asked => {
            return Err(AppError::Forbidden.into());
        }
        (Some(mine), _) => mine.clone(),
        (None, Some(asked)) => asked.clone(),
        (None, None) => {
            return Err(AppError::invalid(
                "department",
                tr!(
                    "bắt buộc: nêu đơn vị sở hữu tập dữ liệu",
                    "required: which department owns the dataset"
                ),
            )
            .into())
        }
    };
    if let Ok(existing) = store::find(&state.db, &def.code).await {
        require_write(&caller, &existing)?;
    }
    let (model, created) = store::define(&state.db, &caller.actor(), &department, def).await?;
    let status = if created {
        http::StatusCode::CREATED
    } else {
        http::StatusCode::OK
    };
    Ok((status, Json(store::to_wire(&model)?)).into_response())
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let model = store::find(&state.db, &code).await?;
    require_read(&caller, &model)?;
    Ok(Json(store::to_wire(&model)?).into_response())
}

#[derive(serde::Deserialize)]
struct PushQuery {
    #[serde(default)]
    partial: bool,
}

async fn push_records(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<PushQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let model = store::find(&state.db, &code).await?;
    let writer = rows_writer(&caller, &model)?;
    let actor = caller.actor();
    let idem = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200);
    if let Some(key) = idem {
        if let Some((status, body)) = store::replay(&state.db, model.id, &actor, key).await? {
            let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
            let mut res = (status, Json(body)).into_response();
            res.headers_mut()
                .insert("idempotent-replay", http::HeaderValue::from_static("true"));
            return Ok(res);
        }
    }
    let def = store::definition(&model)?;
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (parsed, source) = if content_type.starts_with("text/csv") {
        (parse::csv(&body, &def), "api-csv")
    } else if content_type.starts_with("application/json") || content_type.is_empty() {
        (parse::json(&body, &def), "api-json")
    } else {
        return Err(AppError::invalid(
            "content-type",
            tr!(
                "hãy gửi application/json hoặc text/csv",
                "send application/json or text/csv"
            ),
        )
        .into());
    };
    let rows = parsed.rows.len() + parsed.rejected.len();
    if rows > store::MAX_ROWS {
        return Err(AppError::TooLarge(tr!(
            "{rows} dòng; mỗi yêu cầu gửi tối đa {} dòng",
            "{rows} rows; send at most {} rows per request",
            store::MAX_ROWS
        ))
        .into());
    }
    let (status, report): (u16, IngestReport) = store::ingest(
        &state.writer,
        &model,
        parsed,
        IngestRequest {
            actor: &actor,
            source,
            partial: q.partial,
            idempotency_key: idem,
            writer: writer.as_deref(),
        },
    )
    .await?;
    let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    Ok((status, Json(report)).into_response())
}

async fn read_records(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let model = store::find(&state.db, &code).await?;
    require_read(&caller, &model)?;
    let def = store::definition(&model)?;
    // Offsets beyond what the database can count are refused by name, not panicked on.
    let number = |name: &str, default: u64| -> Result<u64, ApiError> {
        match params.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| i64::try_from(*n).is_ok())
                .ok_or_else(|| {
                    ApiError(AppError::invalid(
                        name,
                        tr!(
                            "phải là số nguyên từ 0 đến {}",
                            "must be a whole number from 0 to {}",
                            i64::MAX
                        ),
                    ))
                }),
        }
    };
    let limit = number("limit", 100)?.clamp(1, store::MAX_PAGE);
    let offset = number("offset", 0)?;
    let after = match params.contains_key("after") {
        true => Some(number("after", 0)? as i64),
        false => None,
    };
    let mut q = RecordQuery {
        limit,
        offset,
        after,
        ..Default::default()
    };
    for (k, v) in &params {
        match k.as_str() {
            "limit" | "offset" | "after" => {}
            "unit" => q.unit = Some(v.clone()),
            "period" => {
                q.period = Some(
                    app::modules::datasets::schema::parse_period(v, def.frequency).ok_or_else(
                        || {
                            AppError::invalid(
                                "period",
                                tr!(
                                    "'{v}' không phải là một kỳ của tập dữ liệu này",
                                    "'{v}' is not a period of this dataset"
                                ),
                            )
                        },
                    )?,
                )
            }
            field if def.fields.iter().any(|f| f.name == field) => {
                q.fields.push((k.clone(), v.clone()))
            }
            other => {
                return Err(AppError::invalid(
                    other,
                    tr!(
                        "không phải là trường của tập dữ liệu này",
                        "not a field of this dataset"
                    ),
                )
                .into())
            }
        }
    }
    let page = store::records(&state.db, &model, &q).await?;
    // A full page may have more after it: the link to the next one, which starts after the
    // last row's _id (keyset: as fast at row 9,000,000 as at the first).
    let next = match page.next_after {
        Some(last) if page.records.len() as u64 == limit => {
            let mut pairs: Vec<(&str, String)> = params
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "offset" | "after"))
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            pairs.sort();
            pairs.push(("offset", offset.saturating_add(limit).to_string()));
            pairs.push(("after", last.to_string()));
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            let link = format!("/api/v1/datasets/{}/records?{query}", model.code);
            serde_json::to_string(&link).unwrap_or_default()
        }
        _ => "null".to_string(),
    };
    // The rows are JSON text already: joined, not parsed again.
    let body = format!(
        "{{\"total\":{},\"limit\":{limit},\"offset\":{offset},\"next\":{next},\"records\":[{}]}}",
        page.total,
        page.records.join(",")
    );
    Ok(([(http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn batches(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let model = store::find(&state.db, &code).await?;
    if !matches!(caller, Caller::User(ref u) if u.role.allows(Role::Official)) {
        require_write(&caller, &model)?;
    }
    Ok(Json(store::batches(&state.db, model.id, 200).await?).into_response())
}

async fn quality_of(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let model = store::find(&state.db, &code).await?;
    require_read(&caller, &model)?;
    Ok(Json(quality::current(&state.db, &model).await?).into_response())
}
