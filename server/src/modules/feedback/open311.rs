//! Open311 GeoReport v2 at `/open311/v2/`: discovery, services, service definitions,
//! requests (create, list, one) and tokens, as `.json` or `.xml`, with the spec's errors
//! (`[{code, description}]` and the HTTP status). The public id of a request is its
//! number; the tracking code (returned once, as `token`, to whoever created it) stays the
//! citizen's key to rate the answer, so the public list cannot be used to rate anything.

use super::{photos, store};
use crate::auth::{api_keys, internal};
use crate::db::entity::{feedback_photo, feedback_report, feedback_service};
use crate::state::AppState;
use app::error::AppError;
use app::modules::feedback::model::{NewReport, ReportStatus, Service};
use app::tr;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

pub const SPEC: &str = "http://wiki.open311.org/GeoReport_v2";
/// The default and largest page, and the default window, as the spec suggests.
pub const MAX_PAGE_SIZE: u64 = 1_000;
pub const DEFAULT_DAYS: i64 = 90;

pub fn routes(state: &AppState) -> Router<AppState> {
    use crate::web::limits::{limit, Group};
    use axum::middleware::from_fn_with_state;
    let read = from_fn_with_state((state.clone(), Group::PublicRead), limit);
    let write = from_fn_with_state((state.clone(), Group::PublicWrite), limit);
    Router::new()
        .route(
            "/open311/v2/{file}",
            get(top)
                .route_layer(read.clone())
                .merge(axum::routing::post(create).route_layer(write)),
        )
        .merge(
            Router::new()
                .route("/open311/v2/services/{file}", get(definition))
                .route("/open311/v2/requests/{file}", get(one))
                .route("/open311/v2/tokens/{file}", get(token))
                .route_layer(read),
        )
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fmt {
    Json,
    Xml,
}

/// An error answer not yet rendered (small to pass around).
struct Fail(Fmt, StatusCode, String);

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        error(self.0, self.1, &self.2)
    }
}

/// `name.json` or `name.xml`; anything else is not found (answered in XML, the spec's
/// required format).
fn split(file: &str) -> Result<(&str, Fmt), Fail> {
    match file.rsplit_once('.') {
        Some((name, "json")) => Ok((name, Fmt::Json)),
        Some((name, "xml")) => Ok((name, Fmt::Xml)),
        _ => Err(Fail(
            Fmt::Xml,
            StatusCode::NOT_FOUND,
            "add .json or .xml to the path".into(),
        )),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all, escaped or not, are left out.
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows the character (its `Char` production). Rust's `char` has no
/// surrogates; what is left to refuse is the C0 controls but tab, LF and CR, and U+FFFE
/// and U+FFFF.
fn xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The element name of one member of a list: `attributes` → `attribute`.
fn singular(name: &str) -> &str {
    name.strip_suffix('s').unwrap_or(name)
}

fn write_fields(out: &mut String, obj: &Map<String, Value>) {
    for (k, v) in obj {
        write_value(out, k, v);
    }
}

fn write_value(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::Bool(b) => out.push_str(&format!("<{name}>{b}</{name}>")),
        Value::Number(n) => out.push_str(&format!("<{name}>{n}</{name}>")),
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        Value::Array(items) => {
            out.push_str(&format!("<{name}>"));
            for item in items {
                write_value(out, singular(name), item);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(obj) => {
            out.push_str(&format!("<{name}>"));
            write_fields(out, obj);
            out.push_str(&format!("</{name}>"));
        }
    }
}

/// A document in either format. XML lists are `<root><item>…</item></root>`.
fn reply(fmt: Fmt, status: StatusCode, root: &str, item: &str, body: Value) -> Response {
    let (ctype, text) = match fmt {
        Fmt::Json => ("application/json; charset=utf-8", body.to_string()),
        Fmt::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            match &body {
                Value::Array(items) => {
                    out.push_str(&format!("<{root}>"));
                    for i in items {
                        write_value(&mut out, item, i);
                    }
                    out.push_str(&format!("</{root}>"));
                }
                other => write_value(&mut out, root, other),
            }
            ("text/xml; charset=utf-8", out)
        }
    };
    let mut res = (status, text).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    res
}

fn error(fmt: Fmt, status: StatusCode, description: &str) -> Response {
    reply(
        fmt,
        status,
        "errors",
        "error",
        json!([{ "code": status.as_u16(), "description": description }]),
    )
}

/// Our error as the spec's: a field's problem is a 400 naming the field. The description
/// is in English, the spec's language for machine answers.
fn app_error(fmt: Fmt, e: AppError) -> Response {
    let (status, text) = match &e {
        AppError::Invalid { field, message } => {
            (StatusCode::BAD_REQUEST, format!("{field}: {}", message.en))
        }
        AppError::NotFound(what) => (StatusCode::NOT_FOUND, format!("{what} not found")),
        AppError::Unauthorized | AppError::Forbidden => {
            (StatusCode::FORBIDDEN, "invalid api_key".to_string())
        }
        AppError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, e.to_string()),
        AppError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, m.en.clone()),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server could not answer; try again later".to_string(),
        ),
    };
    let mut res = error(fmt, status, &text);
    if let AppError::RateLimited(secs) = e {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    res
}

fn english(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|l| l.trim_start().starts_with("en"))
}

async fn top(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let (name, fmt) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r.into_response(),
    };
    match name {
        "discovery" => discovery(&state, fmt, &headers),
        "services" => services(&state, fmt, &headers).await,
        "requests" => list(&state, fmt, &headers, &q).await,
        _ => error(fmt, StatusCode::NOT_FOUND, "no such Open311 resource"),
    }
}

fn discovery(state: &AppState, fmt: Fmt, headers: &HeaderMap) -> Response {
    let url = format!(
        "{}/open311/v2",
        crate::web::public_base_url(&state.settings, headers)
    );
    reply(
        fmt,
        StatusCode::OK,
        "discovery",
        "discovery",
        json!({
            "changeset": "2026-11-25T00:00:00Z",
            "contact": "Trung tâm Giám sát, điều hành đô thị thông minh (IOC) — phản ánh kiến nghị",
            "key_service": "Ask the IOC administrators for a key (ioc apikey create --scope open311)",
            "endpoints": [{
                "specification": SPEC,
                "url": url,
                "changeset": "2026-11-25T00:00:00Z",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }],
        }),
    )
}

fn service_json(s: &Service, en: bool) -> Value {
    json!({
        "service_code": s.code,
        "service_name": if en { &s.name_en } else { &s.name },
        "description": s.description,
        "metadata": !s.attributes.is_empty(),
        "type": "realtime",
        "keywords": "",
        "group": s.group,
    })
}

async fn services(state: &AppState, fmt: Fmt, headers: &HeaderMap) -> Response {
    match store::services(&state.db).await {
        Ok(list) => {
            let en = english(headers);
            let body = list.iter().map(|s| service_json(s, en)).collect();
            reply(
                fmt,
                StatusCode::OK,
                "services",
                "service",
                Value::Array(body),
            )
        }
        Err(e) => app_error(fmt, e),
    }
}

async fn definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (code, fmt) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r.into_response(),
    };
    let list = match store::services(&state.db).await {
        Ok(l) => l,
        Err(e) => return app_error(fmt, e),
    };
    let Some(s) = list.into_iter().find(|s| s.code == code) else {
        return error(fmt, StatusCode::NOT_FOUND, "service_code not found");
    };
    let en = english(&headers);
    let attributes: Vec<Value> = s
        .attributes
        .iter()
        .map(|a| {
            json!({
                "variable": true,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": "",
                "order": a.order,
                "description": if en && !a.description_en.is_empty() { &a.description_en } else { &a.description },
                "values": a.values.iter().map(|v| json!({ "key": v.key, "name": v.name })).collect::<Vec<_>>(),
            })
        })
        .collect();
    reply(
        fmt,
        StatusCode::OK,
        "service_definition",
        "service_definition",
        json!({ "service_code": s.code, "attributes": attributes }),
    )
}

/// `POST requests.{fmt}`, form-encoded as the spec says.
async fn create(State(state): State<AppState>, Path(file): Path<String>, req: Request) -> Response {
    let (name, fmt) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r.into_response(),
    };
    if name != "requests" {
        return error(fmt, StatusCode::NOT_FOUND, "no such Open311 resource");
    }
    let bytes = match axum::body::to_bytes(req.into_body(), 64 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                fmt,
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request is larger than 64 KB",
            )
        }
    };
    let form: Vec<(String, String)> = match serde_urlencoded::from_bytes(&bytes) {
        Ok(f) => f,
        Err(_) => {
            return error(
                fmt,
                StatusCode::BAD_REQUEST,
                "send the fields form-encoded (application/x-www-form-urlencoded)",
            )
        }
    };
    let field = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let principal = match field("api_key") {
        None => None,
        Some(key) => match api_keys::verify(&state.db, &key).await {
            Ok(p) => p,
            Err(e) => return app_error(fmt, e),
        },
    };
    let Some(principal) = principal.filter(|p| p.has_scope("open311")) else {
        return error(
            fmt,
            StatusCode::FORBIDDEN,
            "api_key: missing, invalid, revoked, or without the open311 scope",
        );
    };
    let Some(service_code) = field("service_code") else {
        return error(
            fmt,
            StatusCode::BAD_REQUEST,
            "service_code: required (see services)",
        );
    };
    let services = match store::services(&state.db).await {
        Ok(l) => l,
        Err(e) => return app_error(fmt, e),
    };
    let Some(svc) = services.iter().find(|s| s.code == service_code) else {
        return error(fmt, StatusCode::NOT_FOUND, "service_code not found");
    };
    let parse_f64 = |k: &str| -> Result<Option<f64>, Fail> {
        match field(k) {
            None => Ok(None),
            Some(v) => v
                .parse::<f64>()
                .map(Some)
                .map_err(|_| Fail(fmt, StatusCode::BAD_REQUEST, format!("{k}: not a number"))),
        }
    };
    let (lat, lon) = match (parse_f64("lat"), parse_f64("long")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r.into_response(),
    };
    // attribute[code]=v, and attribute[code][]=v for lists.
    let mut attributes: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &form {
        let Some(code) = k
            .strip_prefix("attribute[")
            .and_then(|r| r.strip_suffix("[]").or(Some(r)))
            .and_then(|r| r.strip_suffix(']'))
        else {
            continue;
        };
        let slot = attributes.entry(code.to_string()).or_default();
        if !slot.is_empty() {
            slot.push(',');
        }
        slot.push_str(v.trim());
    }
    // The spec makes the description optional; ours asks for a few words.
    let description = match field("description") {
        Some(d) if d.chars().count() >= 10 => d,
        Some(d) => format!("{}: {d}", svc.name),
        None => format!("{} (Open311)", svc.name),
    };
    let name = [field("first_name"), field("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let new = NewReport {
        service_code,
        description,
        lat,
        lon,
        address: field("address_string").or_else(|| field("address_id")),
        name: Some(name).filter(|n| !n.is_empty()),
        phone: field("phone"),
        email: field("email"),
        photos: vec![],
        attributes,
        media_url: field("media_url"),
    };
    // Keyed callers are accountable by their key: a larger allowance, counted per key.
    let hash = crate::auth::sha256_hex(&format!("open311-key:{}", principal.prefix));
    let allowance = state
        .settings
        .module::<super::Settings>()
        .reports_per_hour
        .saturating_mul(100);
    let similar = match (lat, lon) {
        (Some(a), Some(b)) => store::similar(&state.db, &new.service_code, a, b)
            .await
            .unwrap_or_default(),
        _ => vec![],
    };
    match store::file(&state.db, new, "open311", Some(hash), allowance).await {
        Ok(filed) => {
            let mut notice = format!("Hạn xử lý / due: {}", filed.due_at);
            if !similar.is_empty() {
                let ids: Vec<String> = similar.iter().map(|s| s.id.to_string()).collect();
                notice.push_str(&format!(
                    ". Có thể trùng / possibly the same as: {}",
                    ids.join(", ")
                ));
            }
            reply(
                fmt,
                StatusCode::CREATED,
                "service_requests",
                "request",
                json!([{
                    "service_request_id": filed.id.to_string(),
                    "token": filed.code,
                    "service_notice": notice,
                    "account_id": Value::Null,
                }]),
            )
        }
        Err(e) => app_error(fmt, e),
    }
}

fn parse_when(field: &str, v: &str) -> Result<DateTime<Utc>, AppError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
        .map_err(|_| {
            AppError::invalid(
                field,
                tr!(
                    "phải là ngày giờ theo ISO 8601, ví dụ 2024-03-01T00:00:00+07:00",
                    "a date and time in ISO 8601, e.g. 2024-03-01T00:00:00+07:00"
                ),
            )
        })
}

/// `GET requests.{fmt}`: filters, a 90-day window when no dates are given, and
/// `page` (from 1) / `page_size` (up to 1,000).
async fn list(state: &AppState, fmt: Fmt, headers: &HeaderMap, q: &[(String, String)]) -> Response {
    match list_inner(state, headers, q).await {
        Ok(body) => reply(fmt, StatusCode::OK, "service_requests", "request", body),
        Err(e) => app_error(fmt, e),
    }
}

fn param<'a>(q: &'a [(String, String)], k: &str) -> Option<&'a str> {
    q.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

async fn list_inner(
    state: &AppState,
    headers: &HeaderMap,
    q: &[(String, String)],
) -> Result<Value, AppError> {
    let comma = |v: &str| -> Vec<String> {
        v.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    };
    // Turned-away reports (abuse, misfiled) are not published.
    let mut find = feedback_report::Entity::find()
        .filter(sea_orm::sea_query::Expr::cust(store::NOT_WITHDRAWN_SQL));
    if let Some(ids) = param(q, "service_request_id") {
        // Ids override every other filter, as the spec says.
        let ids: Vec<i64> = comma(ids)
            .iter()
            .map(|x| x.parse::<i64>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                AppError::invalid(
                    "service_request_id",
                    tr!(
                        "phải là các số, cách nhau bằng dấu phẩy",
                        "numbers, comma-separated"
                    ),
                )
            })?;
        find = find.filter(feedback_report::Column::Id.is_in(ids));
    } else {
        if let Some(codes) = param(q, "service_code") {
            find = find.filter(feedback_report::Column::ServiceCode.is_in(comma(codes)));
        }
        let end = param(q, "end_date")
            .map(|v| parse_when("end_date", v))
            .transpose()?;
        let start = param(q, "start_date")
            .map(|v| parse_when("start_date", v))
            .transpose()?;
        let start = match (start, end) {
            (Some(s), _) => Some(s),
            (None, Some(e)) => Some(e - Duration::days(DEFAULT_DAYS)),
            (None, None) => Some(Utc::now() - Duration::days(DEFAULT_DAYS)),
        };
        if let (Some(s), Some(e)) = (start, end) {
            if s > e {
                return Err(AppError::invalid(
                    "start_date",
                    tr!("muộn hơn end_date", "after end_date"),
                ));
            }
        }
        if let Some(s) = start {
            find = find.filter(feedback_report::Column::CreatedAt.gte(s));
        }
        if let Some(e) = end {
            find = find.filter(feedback_report::Column::CreatedAt.lte(e));
        }
        if let Some(st) = param(q, "status") {
            let mut statuses = Vec::new();
            for s in comma(st) {
                let group: &[ReportStatus] = match s.as_str() {
                    "open" => &ReportStatus::ALL[..4],
                    "closed" => &ReportStatus::ALL[4..],
                    _ => {
                        return Err(AppError::invalid(
                            "status",
                            tr!("open (đang xử lý) hoặc closed (đã đóng)", "open or closed"),
                        ))
                    }
                };
                statuses.extend(group.iter().map(|x| x.as_str()));
            }
            find = find.filter(feedback_report::Column::Status.is_in(statuses));
        }
    }
    let page_size = match param(q, "page_size") {
        None => MAX_PAGE_SIZE,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
            .ok_or_else(|| {
                AppError::invalid(
                    "page_size",
                    tr!("phải là số từ 1 đến 1000", "a number from 1 to 1000"),
                )
            })?,
    };
    let page = match param(q, "page") {
        None => 1,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| {
                AppError::invalid(
                    "page",
                    tr!(
                        "phải là số từ 1 đến 1.000.000",
                        "a number from 1 to 1,000,000"
                    ),
                )
            })?,
    };
    let rows = find
        .order_by_desc(feedback_report::Column::CreatedAt)
        .order_by_desc(feedback_report::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await
        .map_err(internal)?;
    requests_json(state, headers, rows).await
}

/// Requests as the public sees them: no reporter, no internal notes, no tracking code.
async fn requests_json(
    state: &AppState,
    headers: &HeaderMap,
    rows: Vec<feedback_report::Model>,
) -> Result<Value, AppError> {
    let en = english(headers);
    let base = crate::web::public_base_url(&state.settings, headers);
    let services: HashMap<String, String> = feedback_service::Entity::find()
        .all(&state.db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.code, if en { s.name_en } else { s.name }))
        .collect();
    let departments: HashMap<String, String> = crate::registry::departments(&state.db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut first_photo: HashMap<i64, String> = HashMap::new();
    if !ids.is_empty() {
        let photos: Vec<(Option<i64>, String)> = feedback_photo::Entity::find()
            .select_only()
            .column(feedback_photo::Column::ReportId)
            .column(feedback_photo::Column::Token)
            .filter(feedback_photo::Column::ReportId.is_in(ids))
            .filter(feedback_photo::Column::Purpose.eq("report"))
            .order_by_asc(feedback_photo::Column::Id)
            .into_tuple()
            .all(&state.db)
            .await
            .map_err(internal)?;
        for (rid, token) in photos {
            if let Some(rid) = rid {
                first_photo.entry(rid).or_insert(token);
            }
        }
    }
    let lang = if en {
        app::i18n::Lang::En
    } else {
        app::i18n::Lang::Vi
    };
    Ok(Value::Array(
        rows.into_iter()
            .map(|m| {
                let status = ReportStatus::parse(&m.status).unwrap_or(ReportStatus::Received);
                let notes = match (status, &m.answer) {
                    (ReportStatus::Resolved | ReportStatus::Closed, Some(a)) => {
                        format!("{}: {a}", status.label(lang))
                    }
                    _ => status.label(lang).to_string(),
                };
                let media = first_photo
                    .get(&m.id)
                    .map(|t| format!("{base}{}", photos::url(t)))
                    .or(m.media_url.clone());
                json!({
                    "service_request_id": m.id.to_string(),
                    "status": if status.is_open() { "open" } else { "closed" },
                    "status_notes": notes,
                    "detailed_status": status.as_str(),
                    "service_name": services.get(&m.service_code).cloned().unwrap_or_default(),
                    "service_code": m.service_code,
                    "description": m.description,
                    "agency_responsible": m.department_code.as_ref().and_then(|d| departments.get(d).cloned()),
                    "service_notice": Value::Null,
                    "requested_datetime": m.created_at.to_rfc3339(),
                    "updated_datetime": m.updated_at.to_rfc3339(),
                    "expected_datetime": m.due_at.to_rfc3339(),
                    "address": m.address,
                    "address_id": Value::Null,
                    "zipcode": Value::Null,
                    "lat": m.lat,
                    "long": m.lon,
                    "media_url": media,
                })
            })
            .collect(),
    ))
}

async fn one(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (id, fmt) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r.into_response(),
    };
    let Ok(id) = id.parse::<i64>() else {
        return error(fmt, StatusCode::NOT_FOUND, "service_request_id not found");
    };
    let found = match feedback_report::Entity::find_by_id(id).one(&state.db).await {
        Ok(f) => f,
        Err(e) => return app_error(fmt, internal(e)),
    };
    let Some(m) = found.filter(|m| !store::withdrawn(&m.status, m.resolved_at.is_some())) else {
        return error(fmt, StatusCode::NOT_FOUND, "service_request_id not found");
    };
    match requests_json(&state, &headers, vec![m]).await {
        Ok(body) => reply(fmt, StatusCode::OK, "service_requests", "request", body),
        Err(e) => app_error(fmt, e),
    }
}

async fn token(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let (code, fmt) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r.into_response(),
    };
    let found: Result<Option<i64>, _> = feedback_report::Entity::find()
        .select_only()
        .column(feedback_report::Column::Id)
        .filter(feedback_report::Column::Code.eq(code.trim().to_uppercase()))
        .into_tuple()
        .one(&state.db)
        .await;
    let id = match found {
        Ok(id) => id,
        Err(e) => return app_error(fmt, internal(e)),
    };
    let Some(id) = id else {
        return error(fmt, StatusCode::NOT_FOUND, "token not found");
    };
    reply(
        fmt,
        StatusCode::OK,
        "service_requests",
        "request",
        json!([{ "service_request_id": id.to_string(), "token": code }]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Unicode scalar value through the writer: what XML 1.0 forbids is left out,
    /// the rest kept, and a parser takes the result.
    #[test]
    fn the_xml_writer_drops_every_forbidden_character() {
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let escaped = escape(&all);
        let doc = format!("<d>{escaped}</d>");
        let parsed = roxmltree::Document::parse(&doc).expect("well-formed");
        let text = parsed.root_element().text().unwrap_or_default();
        for c in all.chars() {
            let allowed = matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
            assert_eq!(xml_char(c), allowed, "U+{:04X}", c as u32);
        }
        assert!(
            !text.contains(['\u{0}', '\u{1}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'])
        );
        for kept in [
            '<',
            '&',
            '>',
            '"',
            '\'',
            '\t',
            '\n',
            '\u{FFFD}',
            '\u{10000}',
            '\u{10FFFF}',
        ] {
            assert!(text.contains(kept), "U+{:04X} kept", kept as u32);
        }
        // Every allowed character arrives (a parser turns the lone CR into LF).
        assert_eq!(
            text.chars().count(),
            all.chars().filter(|c| xml_char(*c)).count()
        );
    }
}
