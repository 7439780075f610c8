//! `/api/v1/security/…`: Wazuh alerts in (keys with scope `ingest`), events out (officials
//! or keys with scope `read`), the receiver's counters, the assets, the site monitors and
//! their maintenance (administrators, stewards for their department), the incidents
//! (officials), and the departments' status pages (public).

use super::{parse, store};
use crate::auth::extract::Caller;
use crate::state::AppState;
use crate::web::ApiResult;
use app::error::AppError;
use app::model::Role;
use app::modules::security::model::{
    Asset, EventSeverity, IncidentMove, IncidentStatus, Maintenance, MonitorInput, NewIncident,
};
use app::tr;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
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
        .route(
            "/api/v1/security/monitors",
            get(list_monitors).post(save_monitor),
        )
        .route(
            "/api/v1/security/monitors/{code}/check",
            post(check_monitor),
        )
        .route("/api/v1/security/availability", get(availability))
        .route(
            "/api/v1/security/maintenance",
            get(list_maintenance).post(add_maintenance),
        )
        .route("/api/v1/security/maintenance/{id}", delete(end_maintenance))
        .route(
            "/api/v1/security/incidents",
            get(list_incidents).post(open_incident),
        )
        .route(
            "/api/v1/security/incidents/{id}/status",
            post(move_incident),
        )
        .route("/api/v1/security/status", get(status_index))
        .route("/api/v1/security/status/{department}", get(status_page))
}

/// Administrators (every department) and stewards (their own): who runs the monitors.
fn may_monitor(caller: &Caller) -> Result<Option<String>, AppError> {
    match caller {
        Caller::User(u) if u.role == Role::Admin => Ok(None),
        Caller::User(u) if u.role == Role::Steward => {
            u.department.clone().map(Some).ok_or(AppError::Forbidden)
        }
        Caller::Public => Err(AppError::Unauthorized),
        _ => Err(AppError::Forbidden),
    }
}

/// Signed-in officials (and above): who handles incidents.
fn official(caller: &Caller) -> Result<String, AppError> {
    caller
        .user_with(Role::Official)
        .map(|u| u.display_name.clone())
}

fn now_us() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

fn json_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    what: app::error::Text,
) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::invalid(
            "body",
            app::error::Text::new(format!("{}: {e}", what.vi), format!("{}: {e}", what.en)),
        )
    })
}

async fn list_monitors(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let list = super::monitors::list(&state.db, department.as_deref(), now_us()).await?;
    Ok(Json(list).into_response())
}

async fn save_monitor(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let m: MonitorInput = json_body(
        &body,
        tr!(
            "không phải giám sát hợp lệ (code, name, department, url, interval, timeout, retries, accepted_status, keyword, ignore_tls, public, active)",
            "not a monitor (code, name, department, url, interval, timeout, retries, accepted_status, keyword, ignore_tls, public, active)"
        ),
    )?;
    let created = super::monitors::save(&state.db, department.as_deref(), &m, now_us()).await?;
    let list = super::monitors::list(&state.db, Some(&m.department), now_us()).await?;
    let saved = list.into_iter().find(|x| x.def.code == m.code);
    let status = if created {
        http::StatusCode::CREATED
    } else {
        http::StatusCode::OK
    };
    Ok((status, Json(saved)).into_response())
}

async fn check_monitor(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let m = super::monitors::load(&state.db, &code)
        .await?
        .ok_or_else(|| AppError::NotFound(code.clone()))?;
    if department.as_deref().is_some_and(|d| d != m.def.department) {
        return Err(AppError::Forbidden.into());
    }
    let ca = state
        .settings
        .module::<super::Settings>()
        .monitor_ca
        .clone();
    Ok(Json(super::monitors::check_now(&state.db, &code, ca).await?).into_response())
}

async fn availability(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let month = match q.get("month").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        Some(v) => super::monitors::month_param(v)?,
        None => super::monitors::this_month(now_us()),
    };
    let mut list = super::monitors::month(&state.db, &month).await?;
    if let Some(d) = department {
        list.retain(|m| m.department == d);
    }
    Ok(Json(list).into_response())
}

async fn list_maintenance(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let list = super::monitors::maintenance(&state.db, department.as_deref(), now_us()).await?;
    Ok(Json(list).into_response())
}

async fn add_maintenance(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let w: Maintenance = json_body(
        &body,
        tr!(
            "không phải lịch bảo trì hợp lệ (title, department, monitors, starts_at, ends_at)",
            "not a maintenance window (title, department, monitors, starts_at, ends_at)"
        ),
    )?;
    let saved = super::monitors::add_maintenance(
        &state.db,
        department.as_deref(),
        &w,
        &caller.actor(),
        now_us(),
    )
    .await?;
    Ok((http::StatusCode::CREATED, Json(saved)).into_response())
}

async fn end_maintenance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let department = may_monitor(&caller)?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("maintenance {id}")))?;
    super::monitors::delete_maintenance(&state.db, department.as_deref(), id).await?;
    Ok(http::StatusCode::NO_CONTENT.into_response())
}

/// Incidents of the last 30 days' work: the open ones, then the recently closed.
async fn list_incidents(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    official(&caller)?;
    let since = now_us() - 30 * 86_400_000_000;
    Ok(Json(super::incidents::list(&state.db, since, 200).await?).into_response())
}

async fn open_incident(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let actor = official(&caller)?;
    let n: NewIncident = json_body(
        &body,
        tr!(
            "không phải sự cố hợp lệ (title, subject, severity, event, note)",
            "not an incident (title, subject, severity, event, note)"
        ),
    )?;
    let created = super::incidents::create(&state.db, &n, &actor, now_us()).await?;
    Ok((http::StatusCode::CREATED, Json(created)).into_response())
}

#[derive(serde::Deserialize)]
struct StatusBody {
    to: String,
    #[serde(default)]
    note: Option<String>,
}

async fn move_incident(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let actor = official(&caller)?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("incident {id}")))?;
    let b: StatusBody = json_body(&body, tr!("cần {{to, note}}", "expected {{to, note}}"))?;
    let to = IncidentStatus::parse(&b.to).ok_or_else(|| {
        AppError::invalid(
            "to",
            tr!(
                "một trong acknowledged, in_progress, resolved, closed, false_alarm",
                "one of acknowledged, in_progress, resolved, closed, false_alarm"
            ),
        )
    })?;
    let mv = IncidentMove {
        id,
        to,
        note: b.note,
    };
    Ok(Json(super::incidents::move_to(&state.db, &mv, &actor, now_us()).await?).into_response())
}

async fn status_index(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(Json(super::monitors::status_index(&state.db).await?).into_response())
}

async fn status_page(
    State(state): State<AppState>,
    Path(department): Path<String>,
) -> ApiResult<Response> {
    Ok(Json(super::monitors::status_page(&state.db, &department, now_us()).await?).into_response())
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
