//! `/api/v1/security/…`: Wazuh alerts in (keys with scope `ingest`), events out (officials
//! or keys with scope `read`), the receiver's counters, and the assets.

use super::{parse, store};
use crate::auth::extract::Caller;
use crate::state::AppState;
use crate::web::ApiResult;
use app::error::AppError;
use app::model::Role;
use app::modules::security::model::{Asset, EventSeverity};
use app::tr;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Extension;
use axum::{Json, Router};
use serde_json::Value;
use std::collections::HashMap;
use std::net::SocketAddr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/security/events", get(list).post(push))
        .route("/api/v1/security/intake", get(intake))
        .route("/api/v1/security/assets", get(list_assets).post(save_asset))
}

/// Officials, or a key with scope `read`: the department a key reads for (its own
/// systems' events), None for all.
fn may_read(caller: &Caller) -> Result<Option<String>, AppError> {
    match caller {
        Caller::User(u) if u.role.allows(Role::Official) => Ok(None),
        Caller::Key(k) if k.has_scope("read") => Ok(k.department.clone()),
        Caller::Public => Err(AppError::Unauthorized),
        _ => Err(AppError::Forbidden),
    }
}

/// Alerts in a body: one object, a list, or one object per line (NDJSON).
fn alerts(body: &[u8]) -> Result<Vec<Value>, AppError> {
    let not_json = |e: serde_json::Error| {
        AppError::invalid("body", tr!("không phải JSON hợp lệ: {e}", "not JSON: {e}"))
    };
    let text = std::str::from_utf8(body)
        .map_err(|_| AppError::invalid("body", tr!("không phải UTF-8", "not UTF-8")))?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return serde_json::from_str(trimmed).map_err(not_json);
    }
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str(line) {
            Ok(v) => out.push(v),
            // A pretty-printed single object spans lines: read the body whole.
            Err(_) if out.is_empty() => {
                return Ok(vec![serde_json::from_str(text).map_err(not_json)?])
            }
            Err(e) => {
                return Err(AppError::invalid(
                    format!("line {}", i + 1),
                    tr!("không phải JSON hợp lệ: {e}", "not JSON: {e}"),
                ))
            }
        }
    }
    Ok(out)
}

const MAX_ALERTS: usize = 10_000;

async fn push(
    State(state): State<AppState>,
    caller: Caller,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    body: Bytes,
) -> ApiResult<Response> {
    caller.writable_department()?;
    let list = alerts(&body)?;
    if list.is_empty() {
        return Err(AppError::invalid("body", tr!("không có cảnh báo nào", "no alerts")).into());
    }
    if list.len() > MAX_ALERTS {
        return Err(AppError::invalid(
            "body",
            tr!(
                "tối đa {MAX_ALERTS} cảnh báo mỗi lần gửi",
                "at most {MAX_ALERTS} alerts a request"
            ),
        )
        .into());
    }
    let sender = peer.map_or_else(|| "api".to_owned(), |p| p.0 .0.to_string());
    let received_at = chrono::Utc::now().timestamp_micros();
    let many = list.len() > 1;
    let mut events = Vec::with_capacity(list.len());
    for (i, alert) in list.iter().enumerate() {
        let parsed = parse::wazuh(alert).map_err(|e| {
            let field = match (many, e.field.is_empty()) {
                (true, true) => format!("[{i}]"),
                (true, false) => format!("[{i}].{}", e.field),
                (false, true) => "body".to_owned(),
                (false, false) => e.field,
            };
            AppError::invalid(field, e.reason)
        })?;
        events.push(store::Incoming {
            received_at,
            sender: sender.clone(),
            parsed,
        });
    }
    let matcher = super::assets::Matcher::new(&store::assets(&state.db).await?);
    let stored = super::write(&state.db, &events, &matcher).await?;
    Ok((
        http::StatusCode::CREATED,
        Json(serde_json::json!({ "stored": stored })),
    )
        .into_response())
}

/// `2024-06-01` (the province's midnight, UTC+7) or an RFC 3339 time → microseconds.
fn time_param(name: &str, v: &str) -> Result<i64, AppError> {
    let v = v.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Ok(t.timestamp_micros());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok((t.and_utc().timestamp() - 7 * 3600) * 1_000_000);
        }
    }
    Err(AppError::invalid(
        name,
        tr!(
            "phải là ngày (2024-06-01) hoặc thời điểm RFC 3339 (2024-06-01T08:00:00+07:00)",
            "must be a date (2024-06-01) or an RFC 3339 time (2024-06-01T08:00:00+07:00)"
        ),
    ))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let department = may_read(&caller)?;
    let nonempty = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut f = store::EventFilter {
        limit: 100,
        department,
        ..Default::default()
    };
    if let Some(v) = nonempty("since") {
        f.since = Some(time_param("since", v)?);
    }
    if let Some(v) = nonempty("until") {
        f.until = Some(time_param("until", v)?);
    }
    if let Some(v) = nonempty("severity") {
        f.severity = Some(EventSeverity::parse(v).ok_or_else(|| {
            AppError::invalid(
                "severity",
                tr!(
                    "một trong low, medium, high, very_high",
                    "one of low, medium, high, very_high"
                ),
            )
        })?);
    }
    f.asset = nonempty("asset").map(str::to_owned);
    f.q = nonempty("q").map(str::to_owned);
    if let Some(v) = nonempty("limit") {
        f.limit = v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=store::MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                AppError::invalid(
                    "limit",
                    tr!(
                        "phải là số nguyên từ 1 đến {}",
                        "must be a whole number from 1 to {}",
                        store::MAX_LIMIT
                    ),
                )
            })?;
    }
    Ok(Json(store::list(&state.db, &f).await?).into_response())
}

async fn intake(caller: Caller) -> ApiResult<Response> {
    may_read(&caller)?;
    Ok(Json(super::intake::COUNTERS.snapshot()).into_response())
}

async fn list_assets(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    may_read(&caller)?;
    Ok(Json(store::assets(&state.db).await?).into_response())
}

async fn save_asset(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let department = caller.writable_department()?;
    let asset: Asset = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid(
            "body",
            tr!(
                "không phải hệ thống hợp lệ (code, name, department, level, unit, addresses): {e}",
                "not an asset (code, name, department, level, unit, addresses): {e}"
            ),
        )
    })?;
    let created = store::save_asset(&state.db, department.as_deref(), &asset).await?;
    let status = if created {
        http::StatusCode::CREATED
    } else {
        http::StatusCode::OK
    };
    Ok((status, Json(asset)).into_response())
}
