//! The environment's REST API: `/api/v1/environment/…`. Stations and readings are written
//! by department systems (keys with scope `ingest`), stewards and administrators; stations,
//! indices and readings are public to read, as monitoring results are published.

use super::{ingest, store};
use crate::auth::extract::Caller;
use crate::state::AppState;
use crate::web::ApiResult;
use app::error::AppError;
use app::modules::environment::model::{Range, ReadingInput, StationInput};
use app::tr;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/environment/stations",
            get(list_stations).post(save_station),
        )
        .route("/api/v1/environment/stations/{code}", get(show_station))
        .route("/api/v1/environment/stations/{code}/aqi", get(aqi))
        .route("/api/v1/environment/stations/{code}/wqi", get(wqi))
        .route(
            "/api/v1/environment/stations/{code}/readings",
            get(station_readings),
        )
        .route("/api/v1/environment/stations/{code}/series", get(series))
        .route(
            "/api/v1/environment/readings",
            axum::routing::post(push_readings),
        )
}

async fn list_stations(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(Json(store::now(&state.db).await?.stations).into_response())
}

async fn show_station(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    Ok(Json(store::station_now(&state.db, &code).await?).into_response())
}

/// One station, or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Box<StationInput>),
    Many(Vec<StationInput>),
}

async fn save_station(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let department = caller.writable_department()?;
    let parsed: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid("body", tr!("không phải JSON hợp lệ: {e}", "not JSON: {e}"))
    })?;
    let input: OneOrMany = serde_json::from_value(parsed).map_err(|e| {
        AppError::invalid(
            "body",
            tr!(
                "không phải thông tin trạm quan trắc hợp lệ \
                 (code, name, kind, lat, lon, parameters): {e}",
                "not a station (code, name, kind, lat, lon, parameters): {e}"
            ),
        )
    })?;
    let actor = caller.actor();
    match input {
        OneOrMany::One(s) => {
            let (station, created) =
                store::save(&state.db, &actor, department.as_deref(), *s).await?;
            let status = if created {
                http::StatusCode::CREATED
            } else {
                http::StatusCode::OK
            };
            Ok((status, Json(station)).into_response())
        }
        OneOrMany::Many(list) => {
            let mut out = Vec::with_capacity(list.len());
            for (i, s) in list.into_iter().enumerate() {
                let (station, _) = store::save(&state.db, &actor, department.as_deref(), s)
                    .await
                    .map_err(|e| match e {
                        AppError::Invalid { field, message } => {
                            AppError::invalid(format!("[{i}].{field}"), message)
                        }
                        other => other,
                    })?;
                out.push(station);
            }
            Ok(Json(out).into_response())
        }
    }
}

#[derive(Deserialize)]
struct PushQuery {
    #[serde(default)]
    partial: bool,
}

async fn push_readings(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PushQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let department = caller.writable_department()?;
    let readings: Vec<ReadingInput> = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid(
            "body",
            tr!(
                "cần một danh sách JSON gồm {{station_code, parameter, time, value, unit}}: {e}",
                "a JSON list of {{station_code, parameter, time, value, unit}}: {e}"
            ),
        )
    })?;
    if readings.len() > ingest::MAX_READINGS {
        return Err(AppError::TooLarge(tr!(
            "{} số đo; mỗi yêu cầu gửi tối đa {} số đo",
            "{} readings; send at most {} per request",
            readings.len(),
            ingest::MAX_READINGS
        ))
        .into());
    }
    let (status, report) =
        ingest::ingest(&state.db, &readings, None, department.as_deref(), q.partial).await?;
    let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    Ok((status, Json(report)).into_response())
}

#[derive(Deserialize)]
struct SpanQuery {
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    parameter: Option<String>,
    limit: Option<u64>,
    range: Option<String>,
}

/// An ISO 8601 instant with offset, or a date (the province's midnight).
fn parse_instant(field: &str, s: &str) -> Result<i64, AppError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        return Ok(midnight.and_utc().timestamp() - app::modules::environment::ICT_OFFSET);
    }
    Err(AppError::invalid(
        field,
        tr!(
            "'{s}': cần một ngày (2024-03-01) hoặc một thời điểm kèm múi giờ \
             (2024-03-01T08:00:00+07:00)",
            "'{s}': a date (2024-03-01) or a time with offset (2024-03-01T08:00:00+07:00)"
        ),
    ))
}

/// [from, to) from the query; defaults to the `default_span` seconds before now.
fn span(q: &SpanQuery, default_span: i64, max_span: i64) -> Result<(i64, i64), AppError> {
    let now = chrono::Utc::now().timestamp();
    let to = match &q.to {
        Some(t) => parse_instant("to", t)?,
        None => now + 1,
    };
    let from = match &q.from {
        Some(f) => parse_instant("from", f)?,
        None => to - default_span,
    };
    if from >= to {
        return Err(AppError::invalid(
            "from",
            tr!("phải trước thời điểm 'to'", "must be before 'to'"),
        ));
    }
    if to - from > max_span {
        return Err(AppError::invalid(
            "to",
            tr!(
                "mỗi lần truy vấn tối đa {} ngày",
                "at most {} days at once",
                max_span / 86_400
            ),
        ));
    }
    Ok((from, to))
}

const DAY: i64 = 86_400;

async fn aqi(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<SpanQuery>,
) -> ApiResult<Response> {
    let (kind, default, max) = match q.kind.as_deref() {
        None | Some("hourly") => (store::IndexKind::AqiHourly, DAY, 366 * DAY),
        Some("daily") => (store::IndexKind::AqiDaily, 30 * DAY, 20 * 366 * DAY),
        Some(other) => {
            return Err(AppError::invalid(
                "kind",
                tr!(
                    "'{other}': hourly (theo giờ) hoặc daily (theo ngày)",
                    "'{other}': hourly or daily"
                ),
            )
            .into())
        }
    };
    let (from, to) = span(&q, default, max)?;
    Ok(Json(store::index_history(&state.db, &code, kind, from, to).await?).into_response())
}

async fn wqi(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<SpanQuery>,
) -> ApiResult<Response> {
    let (from, to) = span(&q, 366 * DAY, 20 * 366 * DAY)?;
    Ok(
        Json(store::index_history(&state.db, &code, store::IndexKind::Wqi, from, to).await?)
            .into_response(),
    )
}

async fn station_readings(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<SpanQuery>,
) -> ApiResult<Response> {
    let (from, to) = span(&q, DAY, 366 * DAY)?;
    let limit = q.limit.unwrap_or(1_000).clamp(1, 10_000);
    let rows = store::readings(&state.db, &code, q.parameter.as_deref(), from, to, limit).await?;
    let out: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|(p, t, v, flagged)| {
            serde_json::json!({
                "parameter": p,
                "time": app::modules::environment::ict_rfc3339(t),
                "value": v,
                "flagged": flagged,
            })
        })
        .collect();
    Ok(Json(out).into_response())
}

pub fn parse_range(s: Option<&str>) -> Result<Range, AppError> {
    match s {
        None => Ok(Range::Day),
        Some(r) => Range::ALL
            .into_iter()
            .find(|x| x.as_str() == r)
            .ok_or_else(|| {
                AppError::invalid(
                    "range",
                    tr!(
                        "'{r}': day (ngày), week (tuần), month (tháng) hoặc year (năm)",
                        "'{r}': day, week, month or year"
                    ),
                )
            }),
    }
}

async fn series(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<SpanQuery>,
) -> ApiResult<Response> {
    let range = parse_range(q.range.as_deref())?;
    Ok(Json(store::series(&state.db, &code, range).await?).into_response())
}
