//! CKAN Action API at `/api/3/action/{name}` (GET with query parameters or POST with a
//! JSON body): the catalogue and the datastore with CKAN's envelopes and error shapes,
//! so CKAN clients (Python's ckanapi, R's ckanr) work unchanged.

use super::catalogue::{self, Facet, Package, Search, SortKey};
use super::usage::Kind;
use super::{base_url, OpenData};
use crate::modules::datasets::query::{self, DsQuery, Words};
use crate::state::AppState;
use app::error::AppError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// The CKAN version whose API this one follows.
pub const CKAN_VERSION: &str = "2.10.4";
/// `rows` of package_search at most.
pub const MAX_ROWS: u64 = 1_000;

pub const ACTIONS: [&str; 10] = [
    "package_list",
    "package_show",
    "package_search",
    "organization_list",
    "group_list",
    "tag_list",
    "resource_show",
    "status_show",
    "datastore_search",
    "help_show",
];

/// An error in CKAN's shape: `{"success": false, "error": {"__type": …, …}}`.
pub struct CkanError {
    status: StatusCode,
    error: Value,
}

impl CkanError {
    fn not_found(what: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            error: json!({"__type": "Not Found Error", "message": format!("Not found: {what}")}),
        }
    }

    fn validation(field: &str, message: impl Into<String>) -> Self {
        let mut e = Map::new();
        e.insert("__type".into(), json!("Validation Error"));
        e.insert(field.into(), json!([message.into()]));
        Self {
            status: StatusCode::CONFLICT,
            error: Value::Object(e),
        }
    }

    fn search(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error: json!({"__type": "Search Query Error", "message": format!("Search Query is invalid: {}", message.into())}),
        }
    }

    fn missing(field: &str) -> Self {
        Self::validation(field, "Missing value")
    }
}

impl From<AppError> for CkanError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound(what) => Self::not_found(&what),
            // CKAN's clients read English messages.
            AppError::Invalid { field, message } => Self::validation(&field, message.en),
            AppError::RateLimited(secs) => Self {
                status: StatusCode::TOO_MANY_REQUESTS,
                error: json!({"__type": "Rate Limit Error", "message": format!("Too many requests: try again in {secs} s"), "retry_after": secs}),
            },
            AppError::Forbidden | AppError::Unauthorized => Self {
                status: StatusCode::FORBIDDEN,
                error: json!({"__type": "Authorization Error", "message": "Access denied"}),
            },
            other => {
                tracing::error!(error = %other, "CKAN action failed");
                Self {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    error: json!({"__type": "Internal Server Error", "message": "Internal Server Error"}),
                }
            }
        }
    }
}

fn help_url(base: &str, action: &str) -> String {
    format!("{base}/api/3/action/help_show?name={action}")
}

fn envelope_error(base: &str, action: &str, e: CkanError) -> Response {
    let retry = e.error.get("retry_after").and_then(Value::as_u64);
    let body = json!({"help": help_url(base, action), "success": false, "error": e.error});
    let mut res = (e.status, axum::Json(body)).into_response();
    if let Some(secs) = retry {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    res
}

fn ok_json(text: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

/// `{"help": …, "success": true, "result": <result>}` with the result already JSON text.
fn envelope_text(base: &str, action: &str, result: &str) -> Response {
    let help = serde_json::to_string(&help_url(base, action)).unwrap_or_default();
    ok_json(format!(
        "{{\"help\":{help},\"success\":true,\"result\":{result}}}"
    ))
}

fn envelope(base: &str, action: &str, result: Value) -> Response {
    envelope_text(base, action, &result.to_string())
}

/// Query parameters and a JSON (or form) body, the body winning.
fn params(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, CkanError> {
    let mut p = Map::new();
    let query: Vec<(String, String)> = serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|_| CkanError::validation("query", "not a valid query string"))?;
    for (k, v) in query {
        p.insert(k, Value::String(v));
    }
    let text = std::str::from_utf8(body).map_err(|_| CkanError::validation("body", "not UTF-8"))?;
    if text.trim().is_empty() {
        return Ok(p);
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let form: Vec<(String, String)> = serde_urlencoded::from_str(text)
            .map_err(|_| CkanError::validation("body", "not a valid form"))?;
        for (k, v) in form {
            p.insert(k, Value::String(v));
        }
    } else {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) => p.extend(m),
            _ => {
                return Err(CkanError {
                    status: StatusCode::BAD_REQUEST,
                    error: json!({"__type": "Bad request", "message": "Bad request - JSON Error: the body must be a JSON object"}),
                })
            }
        }
    }
    Ok(p)
}

fn text_param(p: &Map<String, Value>, name: &str) -> Option<String> {
    match p.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn uint_param(p: &Map<String, Value>, name: &str, default: u64) -> Result<u64, CkanError> {
    match p.get(name) {
        None | Some(Value::Null) => Ok(default),
        // At most i64::MAX: what the database can count to.
        Some(Value::Number(n)) => n
            .as_u64()
            .filter(|v| i64::try_from(*v).is_ok())
            .ok_or_else(|| CkanError::validation(name, "Must be a natural number")),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(default),
        Some(Value::String(s)) => s
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|v| i64::try_from(*v).is_ok())
            .ok_or_else(|| CkanError::validation(name, "Invalid integer")),
        Some(_) => Err(CkanError::validation(name, "Invalid integer")),
    }
}

fn bool_param(p: &Map<String, Value>, name: &str, default: bool) -> Result<bool, CkanError> {
    match p.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) => match s.to_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(CkanError::validation(name, "Must be true or false")),
        },
        Some(_) => Err(CkanError::validation(name, "Must be true or false")),
    }
}

/// A parameter that may come as JSON text in a query string.
fn json_param(p: &Map<String, Value>, name: &str) -> Result<Option<Value>, CkanError> {
    match p.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim_start().starts_with(['{', '[']) => serde_json::from_str(s)
            .map(Some)
            .map_err(|_| CkanError::validation(name, "Could not parse as valid JSON")),
        Some(v) => Ok(Some(v.clone())),
    }
}

fn required(p: &Map<String, Value>, name: &str) -> Result<String, CkanError> {
    text_param(p, name)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| CkanError::missing(name))
}

pub async fn action(
    State(state): State<AppState>,
    Path(name): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = base_url(&state.settings, &headers);
    if !ACTIONS.contains(&name.as_str()) {
        return envelope_error(
            &base,
            &name,
            CkanError {
                status: StatusCode::BAD_REQUEST,
                error: json!({"__type": "Bad request", "message": format!("Bad request - Action name not known: {name}")}),
            },
        );
    }
    let body: &[u8] = if method == Method::POST { &body } else { &[] };
    let p = match params(&uri, &headers, body) {
        Ok(p) => p,
        Err(e) => return envelope_error(&base, &name, e),
    };
    let od = OpenData::new(&state);
    match run(&od, &base, &name, &p).await {
        Ok(res) => res,
        Err(e) => envelope_error(&base, &name, e),
    }
}

async fn run(
    od: &OpenData<'_>,
    base: &str,
    name: &str,
    p: &Map<String, Value>,
) -> Result<Response, CkanError> {
    Ok(match name {
        "status_show" => envelope(
            base,
            name,
            json!({
                "ckan_version": CKAN_VERSION,
                "site_title": "IOC — Cổng dữ liệu mở / Open data portal",
                "site_description": "Dữ liệu mở của Trung tâm Điều hành thông minh (IOC)",
                "site_url": base,
                "locale_default": "vi",
                "extensions": ["datastore", "dcat"],
            }),
        ),
        "help_show" => {
            let action = required(p, "name")?;
            if !ACTIONS.contains(&action.as_str()) {
                return Err(CkanError::not_found(&format!("action '{action}'")));
            }
            envelope(
                base,
                name,
                json!(format!("{action}: see {base}/api/docs#ckan-{action}")),
            )
        }
        "package_list" => {
            let limit = uint_param(p, "limit", u64::MAX)?;
            let offset = uint_param(p, "offset", 0)?;
            let pkgs = catalogue::load(od.db()).await?;
            let names: Vec<&str> = pkgs
                .iter()
                .skip(offset as usize)
                .take(limit.min(usize::MAX as u64) as usize)
                .map(|p| p.entry.code.as_str())
                .collect();
            envelope(base, name, json!(names))
        }
        "package_show" => {
            let id = required(p, "id")?;
            let pkg = catalogue::load_one(od.db(), &id).await?;
            od.count(pkg.model.id, Kind::Api);
            let usage = od.usage(pkg.model.id).await?;
            let mut dict = package_dict(base, &pkg);
            dict["tracking_summary"] = json!({"total": usage.views, "recent": usage.views});
            dict["usage"] = json!(usage);
            envelope(base, name, dict)
        }
        "package_search" => package_search(od, base, p).await?,
        "organization_list" => organization_list(od, base, p).await?,
        "group_list" => {
            let all_fields = bool_param(p, "all_fields", false)?;
            let pkgs = catalogue::load(od.db()).await?;
            let groups: Vec<Value> = catalogue::all_themes()
                .into_iter()
                .map(|t| {
                    let n = pkgs.iter().filter(|p| p.theme().code == t.code).count();
                    if all_fields {
                        group_dict(t, n)
                    } else {
                        json!(t.code.to_lowercase())
                    }
                })
                .collect();
            envelope(base, name, json!(groups))
        }
        "tag_list" => {
            let query = text_param(p, "query").map(|q| catalogue::fold(&q));
            let pkgs = catalogue::load(od.db()).await?;
            let mut tags: Vec<String> = pkgs.iter().flat_map(|p| p.entry.tags.clone()).collect();
            tags.sort();
            tags.dedup();
            if let Some(q) = query {
                tags.retain(|t| catalogue::fold(t).contains(&q));
            }
            envelope(base, name, json!(tags))
        }
        "resource_show" => {
            let id = required(p, "id")?;
            let (pkg, format) = resource(od, &id).await?;
            envelope(base, name, resource_dict(base, &pkg, format))
        }
        "datastore_search" => datastore_search(od, base, p).await?,
        _ => unreachable!("checked against ACTIONS"),
    })
}

/// A resource id is `{dataset}.{csv|json|geojson}`; the dataset's code alone names the
/// CSV resource (the datastore table).
pub async fn resource(od: &OpenData<'_>, id: &str) -> Result<(Package, &'static str), CkanError> {
    let (code, format) = match id.rsplit_once('.') {
        Some((c, "csv")) => (c, "CSV"),
        Some((c, "json")) => (c, "JSON"),
        Some((c, "geojson")) => (c, "GeoJSON"),
        _ => (id, "CSV"),
    };
    let pkg = catalogue::load_one(od.db(), code)
        .await
        .map_err(|_| CkanError::not_found(&format!("resource '{id}'")))?;
    if format == "GeoJSON" && !pkg.geographic() {
        return Err(CkanError::not_found(&format!("resource '{id}'")));
    }
    Ok((pkg, format))
}

pub fn extension(format: &str) -> &'static str {
    match format {
        "JSON" => "json",
        "GeoJSON" => "geojson",
        _ => "csv",
    }
}

pub fn media_type(format: &str) -> &'static str {
    match format {
        "JSON" => "application/json",
        "GeoJSON" => "application/geo+json",
        _ => "text/csv",
    }
}

fn resource_dict(base: &str, pkg: &Package, format: &str) -> Value {
    let code = &pkg.entry.code;
    let ext = extension(format);
    let position = pkg
        .entry
        .formats
        .iter()
        .position(|f| f == format)
        .unwrap_or(0);
    json!({
        "id": format!("{code}.{ext}"),
        "package_id": code,
        "name": format!("{} ({format})", pkg.entry.title),
        "description": pkg.entry.description,
        "format": format,
        "mimetype": media_type(format),
        "url": format!("{base}/download/{code}.{ext}"),
        "url_type": Value::Null,
        "datastore_active": true,
        "state": "active",
        "position": position,
        "created": pkg.model.created_at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        "last_modified": pkg.model.last_ingest_at.map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()),
        "size": Value::Null,
    })
}

fn organization_dict(code: &str, name: &str, name_en: &str, count: usize) -> Value {
    json!({
        "id": code,
        "name": code.to_lowercase(),
        "title": name,
        "display_name": name,
        "description": name_en,
        "type": "organization",
        "is_organization": true,
        "state": "active",
        "approval_status": "approved",
        "package_count": count,
    })
}

fn group_dict(t: catalogue::Theme, count: usize) -> Value {
    json!({
        "id": t.code.to_lowercase(),
        "name": t.code.to_lowercase(),
        "title": t.name,
        "display_name": t.name,
        "description": t.name_en,
        "type": "group",
        "is_organization": false,
        "state": "active",
        "approval_status": "approved",
        "package_count": count,
    })
}

/// A package as CKAN's `package_show` returns it.
pub fn package_dict(base: &str, pkg: &Package) -> Value {
    let e = &pkg.entry;
    let q = &e.quality;
    let theme = pkg.theme();
    let ts = |t: chrono::DateTime<chrono::Utc>| {
        t.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
    };
    let extra = |k: &str, v: String| json!({"key": k, "value": v});
    let mut extras = vec![
        extra("frequency", e.frequency.clone()),
        extra("record_count", e.record_count.to_string()),
        extra("quality_overall", format!("{:.3}", q.overall)),
        extra("quality_complete", format!("{:.3}", q.complete.score)),
        extra("quality_correct", format!("{:.3}", q.correct.score)),
        extra("quality_clean", format!("{:.3}", q.clean.score)),
        extra("quality_live", format!("{:.3}", q.live.score)),
    ];
    if let Some(en) = &e.title_en {
        extras.push(extra("title_en", en.clone()));
    }
    json!({
        "id": e.code,
        "name": e.code,
        "title": e.title,
        "notes": e.description,
        "type": "dataset",
        "state": "active",
        "private": false,
        "isopen": e.licence.as_deref().is_some_and(|l| catalogue::OPEN_LICENCES.contains(&catalogue::licence_id(l).as_str())),
        "license_id": e.licence.as_deref().map(catalogue::licence_id),
        "license_title": e.licence,
        "url": format!("{base}/open-data/{}", e.code),
        "author": e.department_name,
        "maintainer": e.department_name,
        "metadata_created": ts(pkg.model.created_at),
        "metadata_modified": ts(catalogue::modified(pkg)),
        "owner_org": e.department,
        "organization": organization_dict(&e.department, &e.department_name, &e.department_name_en, 1)
            .as_object()
            .map(|o| { let mut o = o.clone(); o.remove("package_count"); Value::Object(o) }),
        "groups": [group_dict(theme, 1).as_object().map(|o| { let mut o = o.clone(); o.remove("package_count"); Value::Object(o) })],
        "tags": e.tags.iter().map(|t| json!({"name": t, "display_name": t, "state": "active", "vocabulary_id": Value::Null})).collect::<Vec<_>>(),
        "num_tags": e.tags.len(),
        "resources": e.formats.iter().map(|f| resource_dict(base, pkg, f)).collect::<Vec<_>>(),
        "num_resources": e.formats.len(),
        "extras": extras,
        "quality": q,
    })
}

/// `field:value` clauses joined by spaces or AND; values may be quoted.
fn parse_fq(fq: &str) -> Result<Vec<(Facet, String)>, CkanError> {
    let mut out = Vec::new();
    let mut rest = fq.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("AND ") {
            rest = r.trim_start();
            continue;
        }
        let (field, after) = rest
            .split_once(':')
            .ok_or_else(|| CkanError::search(format!("expected field:value in '{rest}'")))?;
        let field = field.trim().trim_start_matches('+');
        let facet = match field {
            // What CKAN's own pages and harvesters add: every dataset here is an active,
            // public dataset, so these select all or nothing.
            "dataset_type" | "state" | "capacity" => None,
            _ => Some(
                Facet::parse(field)
                    .ok_or_else(|| CkanError::search(format!("unknown field '{field}'")))?,
            ),
        };
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q
                .find('"')
                .ok_or_else(|| CkanError::search("unclosed quote"))?;
            (q[..end].to_string(), &q[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        match facet {
            Some(f) => out.push((f, value)),
            None if ["dataset", "active", "public"].contains(&value.as_str()) => {}
            // A name no dataset has: nothing matches.
            None => out.push((Facet::Name, "\u{0}".into())),
        }
        rest = next.trim_start();
    }
    Ok(out)
}

fn parse_sort(sort: &str) -> Result<Vec<(SortKey, bool)>, CkanError> {
    let mut out = Vec::new();
    for part in sort.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let mut it = part.split_whitespace();
        let field = it.next().unwrap_or_default();
        let desc = match it.next().map(str::to_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => return Err(CkanError::search(format!("unknown sort order '{other}'"))),
        };
        let key = match field {
            "score" => SortKey::Score,
            "title_string" | "title" => SortKey::Title,
            "name" => SortKey::Name,
            "metadata_modified" => SortKey::Modified,
            "metadata_created" => SortKey::Created,
            other => return Err(CkanError::search(format!("cannot sort by '{other}'"))),
        };
        out.push((key, desc));
    }
    Ok(out)
}

async fn package_search(
    od: &OpenData<'_>,
    base: &str,
    p: &Map<String, Value>,
) -> Result<Response, CkanError> {
    // As CKAN (ckan.search.rows_max): more than the maximum is cut to it.
    let rows = uint_param(p, "rows", 10)?.min(MAX_ROWS);
    let start = uint_param(p, "start", 0)?;
    let mut q = text_param(p, "q").unwrap_or_default();
    for (name, text) in [("q", &q), ("fq", &text_param(p, "fq").unwrap_or_default())] {
        if text.chars().count() > catalogue::MAX_QUERY {
            return Err(CkanError::validation(
                name,
                format!("At most {} characters", catalogue::MAX_QUERY),
            ));
        }
    }
    // "*:*" is Solr's "everything".
    if q.trim() == "*:*" {
        q.clear();
    }
    let mut filters = parse_fq(&text_param(p, "fq").unwrap_or_default())?;
    // A query of field:value clauses only is a filter, as in Solr.
    if q.contains(':') {
        if let Ok(more) = parse_fq(&q) {
            filters.extend(more);
            q.clear();
        }
    }
    let sort = parse_sort(&text_param(p, "sort").unwrap_or_default())?;
    let facet_fields: Vec<String> = match json_param(p, "facet.field")? {
        None => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s],
        Some(_) => {
            return Err(CkanError::validation(
                "facet.field",
                "Must be a list of field names",
            ))
        }
    };
    let facets_on = bool_param(p, "facet", true)?;
    let facet_limit = match p.get("facet.limit") {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(50),
        Some(Value::String(s)) => s.parse().unwrap_or(50),
        _ => 50,
    };
    let mut facets = Vec::new();
    for f in &facet_fields {
        facets.push(
            Facet::parse(f).ok_or_else(|| CkanError::search(format!("cannot facet on '{f}'")))?,
        );
    }
    let pkgs = catalogue::load(od.db()).await?;
    let search = Search {
        q,
        filters,
        sort,
        start: start as usize,
        rows: rows as usize,
        facets: if facets_on { facets } else { Vec::new() },
    };
    let found = catalogue::search(&pkgs, &search);
    let mut facets_simple = Map::new();
    let mut search_facets = Map::new();
    for (f, items) in &found.facets {
        let items: Vec<_> = if facet_limit < 0 {
            items.iter().collect()
        } else {
            items.iter().take(facet_limit as usize).collect()
        };
        facets_simple.insert(
            f.name().into(),
            Value::Object(
                items
                    .iter()
                    .map(|i| (i.name.clone(), json!(i.count)))
                    .collect(),
            ),
        );
        search_facets.insert(
            f.name().into(),
            json!({"title": f.name(), "items": items.iter().map(|i| json!({"name": i.name, "display_name": i.label, "count": i.count})).collect::<Vec<_>>()}),
        );
    }
    for pkg in &found.page {
        od.count(pkg.model.id, Kind::Api);
    }
    Ok(envelope(
        base,
        "package_search",
        json!({
            "count": found.count,
            "sort": text_param(p, "sort").unwrap_or_else(|| "score desc, title_string asc".into()),
            "results": found.page.iter().map(|p| package_dict(base, p)).collect::<Vec<_>>(),
            "facets": facets_simple,
            "search_facets": search_facets,
        }),
    ))
}

async fn organization_list(
    od: &OpenData<'_>,
    base: &str,
    p: &Map<String, Value>,
) -> Result<Response, CkanError> {
    use crate::db::entity::department;
    use sea_orm::{EntityTrait, QueryOrder};
    let all_fields = bool_param(p, "all_fields", false)?;
    let pkgs = catalogue::load(od.db()).await?;
    let depts = department::Entity::find()
        .order_by_asc(department::Column::Code)
        .all(od.db())
        .await
        .map_err(crate::auth::internal)?;
    let out: Vec<Value> = depts
        .iter()
        .map(|d| {
            if all_fields {
                let n = pkgs.iter().filter(|p| p.entry.department == d.code).count();
                organization_dict(&d.code, &d.name, &d.name_en, n)
            } else {
                json!(d.code.to_lowercase())
            }
        })
        .collect();
    Ok(envelope(base, "organization_list", json!(out)))
}

/// `filters` is `{field: value or [values]}`.
fn parse_filters(v: Option<Value>) -> Result<Vec<(String, Vec<Value>)>, CkanError> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Object(m)) => Ok(m
            .into_iter()
            .map(|(k, v)| match v {
                Value::Array(a) => (k, a),
                other => (k, vec![other]),
            })
            .collect()),
        Some(_) => Err(CkanError::validation(
            "filters",
            "Must be a JSON object of field: value",
        )),
    }
}

fn name_list(v: Option<Value>, param: &str) -> Result<Option<Vec<String>>, CkanError> {
    match v {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(
            s.split(',')
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect(),
        )),
        Some(Value::Array(a)) => a
            .into_iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| CkanError::validation(param, "Must be field names"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(CkanError::validation(param, "Must be field names")),
    }
}

fn parse_ds_sort(v: Option<Value>) -> Result<Vec<(String, bool)>, CkanError> {
    let parts = name_list(v, "sort")?.unwrap_or_default();
    parts
        .iter()
        .map(|part| {
            let mut it = part.split_whitespace();
            let field = it.next().unwrap_or_default().trim_matches('"').to_string();
            match it.next().map(str::to_lowercase).as_deref() {
                None | Some("asc") => Ok((field, false)),
                Some("desc") => Ok((field, true)),
                Some(other) => Err(CkanError::validation(
                    "sort",
                    format!("unknown order '{other}'"),
                )),
            }
        })
        .collect()
}

async fn datastore_search(
    od: &OpenData<'_>,
    base: &str,
    p: &Map<String, Value>,
) -> Result<Response, CkanError> {
    let resource_id = required(p, "resource_id")
        .or_else(|_| required(p, "id"))
        .map_err(|_| CkanError::missing("resource_id"))?;
    let (pkg, _) = resource(od, &resource_id).await?;
    let limit = uint_param(p, "limit", query::DEFAULT_LIMIT)?;
    let offset = uint_param(p, "offset", 0)?;
    // Our addition to CKAN's parameters: keyset paging, which `_links.next` uses.
    let after = match p.get("after") {
        None | Some(Value::Null) => None,
        Some(_) => Some(uint_param(p, "after", 0)? as i64),
    };
    let words = match json_param(p, "q")? {
        None => None,
        Some(Value::String(s)) => Some(Words::Anywhere(s)),
        Some(Value::Object(m)) => Some(Words::Fields(
            m.into_iter()
                .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                .collect(),
        )),
        Some(_) => {
            return Err(CkanError::validation(
                "q",
                "Must be text or an object of field: text",
            ))
        }
    };
    let records_format = text_param(p, "records_format").unwrap_or_else(|| "objects".into());
    if !["objects", "lists", "csv", "tsv"].contains(&records_format.as_str()) {
        return Err(CkanError::validation(
            "records_format",
            "Must be objects, lists, csv or tsv",
        ));
    }
    let query = DsQuery {
        filters: parse_filters(json_param(p, "filters")?)?,
        words,
        fields: name_list(json_param(p, "fields")?, "fields")?,
        sort: parse_ds_sort(json_param(p, "sort")?)?,
        limit,
        offset,
        after,
        include_total: bool_param(p, "include_total", true)?,
    };
    let res = query::search(od.db(), pkg.source(), &query).await?;
    od.count(pkg.model.id, Kind::Api);

    let records = match records_format.as_str() {
        "objects" => format!("[{}]", res.records.join(",")),
        "lists" => {
            let mut out = String::from("[");
            for (i, r) in res.records.iter().enumerate() {
                let m: Map<String, Value> = serde_json::from_str(r).unwrap_or_default();
                let row: Vec<Value> = res
                    .fields
                    .iter()
                    .map(|(n, _)| m.get(n).cloned().unwrap_or(Value::Null))
                    .collect();
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::Array(row).to_string());
            }
            out.push(']');
            out
        }
        fmt => {
            let delimiter = if fmt == "tsv" { b'\t' } else { b',' };
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(Vec::new());
            for r in &res.records {
                let m: Map<String, Value> = serde_json::from_str(r).unwrap_or_default();
                let row: Vec<String> = res
                    .fields
                    .iter()
                    .map(|(n, _)| super::download::cell(m.get(n)))
                    .collect();
                w.write_record(&row).map_err(crate::auth::internal)?;
            }
            let bytes = w.into_inner().map_err(crate::auth::internal)?;
            serde_json::to_string(&String::from_utf8_lossy(&bytes)).unwrap_or_default()
        }
    };
    let field_defs: Vec<Value> = res
        .fields
        .iter()
        .map(|(n, t)| {
            let def = pkg.def.fields.iter().find(|f| &f.name == n);
            let mut f = json!({"id": n, "type": t});
            if let Some(d) = def {
                f["info"] = json!({"label": d.title.clone().unwrap_or_else(|| d.name.clone()), "notes": d.unit.clone().unwrap_or_default()});
            }
            f
        })
        .collect();
    let enc = |s: &str| -> String {
        serde_urlencoded::to_string([("resource_id", s)]).unwrap_or_default()
    };
    let start_link = format!("/api/3/action/datastore_search?{}", enc(&resource_id));
    // As CKAN: the same query (its other parameters kept) at the next offset; in the rows'
    // order it also starts after the page's last _id, so a deep page costs what the first
    // one does.
    let mut pairs: Vec<(String, String)> = p
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "offset" | "after" | "id" | "resource_id"))
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect();
    pairs.push((
        "offset".into(),
        offset.saturating_add(res.limit).to_string(),
    ));
    if let Some(last) = res.next_after {
        pairs.push(("after".into(), last.to_string()));
    }
    let next_link = format!(
        "{start_link}&{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    );
    let mut head = json!({
        "include_total": query.include_total,
        "resource_id": resource_id,
        "fields": field_defs,
        "records_format": records_format,
        "limit": res.limit,
        "offset": offset,
        "_links": {"start": start_link, "next": next_link},
    });
    if let Some(t) = res.total {
        head["total"] = json!(t);
        head["total_was_estimated"] = json!(false);
    }
    // Splice the records (already JSON text) into the result object.
    let head = head.to_string();
    let result = format!("{},\"records\":{records}}}", &head[..head.len() - 1]);
    Ok(envelope_text(base, "datastore_search", &result))
}
