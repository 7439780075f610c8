//! The OpenAPI 3 document of every public API at `/api/openapi.json`, and a readable
//! page made from it at `/api/docs` (served by `ioc`, no CDN). A test checks the
//! document against the routes the server really has, both ways.

use super::base_url;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Map, Value};

fn p(name: &str, place: &str, required: bool, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": place, "required": required, "schema": {"type": kind}, "description": description})
}

fn op(tag: &str, id: &str, summary: &str, params: Vec<Value>, responses: &[(&str, &str)]) -> Value {
    let responses: Map<String, Value> = responses
        .iter()
        .map(|(code, d)| ((*code).to_string(), json!({"description": d})))
        .collect();
    json!({"tags": [tag], "operationId": id, "summary": summary, "parameters": params, "responses": responses})
}

/// Filing an Open311 request: the form's fields with the lengths the server accepts.
fn open311_create() -> Value {
    use app::modules::feedback::rules::{
        MAX_ADDRESS, MAX_CODE, MAX_DESCRIPTION, MAX_EMAIL, MAX_NAME, MAX_PHONE,
    };
    let text = |max: usize, d: &str| json!({"type": "string", "maxLength": max, "description": d});
    let mut o = op(
        "Open311",
        "requests_create",
        "File a report (api_key with scope open311)",
        vec![p("format", "path", true, "string", "json or xml")],
        &[
            ("201", "Created: id and token"),
            ("400", "Missing or bad field, named"),
            ("403", "Bad key"),
            ("429", "Too many reports"),
        ],
    );
    o["requestBody"] = json!({"required": true, "description": "A report: lat and long, or address_string", "content": {
    "application/x-www-form-urlencoded": {"schema": {
        "type": "object",
        "required": ["api_key", "service_code", "description"],
        "properties": {
            "api_key": {"type": "string", "description": "A key with scope open311"},
            "service_code": text(MAX_CODE, "A category from services"),
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "address_string": text(MAX_ADDRESS, "Where, in words"),
            "description": {"type": "string", "minLength": 10, "maxLength": MAX_DESCRIPTION},
            "first_name": text(MAX_NAME / 2 - 1, "Never public"),
            "last_name": text(MAX_NAME / 2 - 1, "Never public"),
            "email": text(MAX_EMAIL, "Never public"),
            "phone": text(MAX_PHONE, "Never public; 8 to 15 digits"),
            "media_url": text(500, "http or https"),
        },
        "additionalProperties": {"type": "string", "maxLength": 1000, "description": "attribute[code]: the category's questions"}
    }}}});
    o
}

fn with_body(mut o: Value, media: &str, description: &str) -> Value {
    o["requestBody"] = json!({"required": true, "description": description, "content": {media: {"schema": {"type": if media.contains("json") { "object" } else { "string" }}}}});
    o
}

fn secured(mut o: Value) -> Value {
    o["security"] = json!([{"apiKey": []}, {"session": []}]);
    o
}

fn ckan(action: &str, summary: &str, params: Vec<Value>) -> Value {
    let get = op("CKAN", &format!("ckan_{action}"), summary, params.clone(), &[
        ("200", "`{help, success: true, result}`"),
        ("404", "`{success: false, error: {__type: \"Not Found Error\"}}`"),
        ("409", "`{success: false, error: {__type: \"Validation Error\" | \"Search Query Error\"}}`"),
        ("429", "Too many requests; see Retry-After"),
    ]);
    let mut post = get.clone();
    post["operationId"] = json!(format!("ckan_{action}_post"));
    post["parameters"] = json!([]);
    post = with_body(
        post,
        "application/json",
        "The same parameters as a JSON object",
    );
    json!({"get": get, "post": post})
}

/// The document. `base` is the server's public URL; each module adds its own paths.
pub fn document(base: &str, modules: &[std::sync::Arc<dyn crate::module::ServerModule>]) -> Value {
    let code = || {
        p(
            "code",
            "path",
            true,
            "string",
            "Dataset code, e.g. tourism-monthly",
        )
    };
    let format = || p("format", "path", true, "string", "json or xml");
    let mut paths = Map::new();
    let mut add = |path: &str, v: Value| {
        paths.insert(path.to_string(), v);
    };

    // Open data: CKAN.
    add(
        "/api/3/action/package_list",
        ckan(
            "package_list",
            "Names of the public datasets",
            vec![
                p("limit", "query", false, "integer", "At most this many"),
                p("offset", "query", false, "integer", "Skip this many"),
            ],
        ),
    );
    add(
        "/api/3/action/package_show",
        ckan(
            "package_show",
            "One dataset with its resources, quality and usage",
            vec![p("id", "query", true, "string", "Dataset code")],
        ),
    );
    add(
        "/api/3/action/package_search",
        ckan(
            "package_search",
            "Search datasets (with or without Vietnamese diacritics)",
            vec![
                p(
                    "q",
                    "query",
                    false,
                    "string",
                    "Words; field:value clauses act as filters",
                ),
                p(
                    "fq",
                    "query",
                    false,
                    "string",
                    "Filters: organization:, tags:, res_format:, license_id:, groups:, name:",
                ),
                p(
                    "sort",
                    "query",
                    false,
                    "string",
                    "score, title_string, name, metadata_modified, metadata_created with asc|desc",
                ),
                p(
                    "rows",
                    "query",
                    false,
                    "integer",
                    "Page size, default 10, at most 1000",
                ),
                p("start", "query", false, "integer", "Offset"),
                p(
                    "facet.field",
                    "query",
                    false,
                    "string",
                    "JSON list of facet fields, e.g. [\"organization\",\"tags\"]",
                ),
            ],
        ),
    );
    add(
        "/api/3/action/organization_list",
        ckan(
            "organization_list",
            "Departments (organisations)",
            vec![p(
                "all_fields",
                "query",
                false,
                "boolean",
                "Dictionaries with package_count instead of names",
            )],
        ),
    );
    add(
        "/api/3/action/group_list",
        ckan(
            "group_list",
            "Themes (EU data themes)",
            vec![p(
                "all_fields",
                "query",
                false,
                "boolean",
                "Dictionaries instead of names",
            )],
        ),
    );
    add(
        "/api/3/action/tag_list",
        ckan(
            "tag_list",
            "Tags of public datasets",
            vec![p(
                "query",
                "query",
                false,
                "string",
                "Only tags containing this",
            )],
        ),
    );
    add(
        "/api/3/action/resource_show",
        ckan(
            "resource_show",
            "One resource (download)",
            vec![p(
                "id",
                "query",
                true,
                "string",
                "{code}.csv, {code}.json or {code}.geojson",
            )],
        ),
    );
    add(
        "/api/3/action/status_show",
        ckan("status_show", "Site and API version", vec![]),
    );
    add(
        "/api/3/action/help_show",
        ckan(
            "help_show",
            "Where an action is documented",
            vec![p("name", "query", true, "string", "Action name")],
        ),
    );
    add(
        "/api/3/action/datastore_search",
        ckan(
            "datastore_search",
            "Rows of a dataset: filters, words, fields, order, paging",
            vec![
                p(
                    "resource_id",
                    "query",
                    true,
                    "string",
                    "A resource id, or the dataset code",
                ),
                p(
                    "filters",
                    "query",
                    false,
                    "string",
                    "JSON object field → value or list of values",
                ),
                p(
                    "q",
                    "query",
                    false,
                    "string",
                    "Words anywhere in the row, or a JSON object field → words",
                ),
                p(
                    "limit",
                    "query",
                    false,
                    "integer",
                    "Rows, default 100, at most 10000",
                ),
                p("offset", "query", false, "integer", "Skip this many"),
                p(
                    "fields",
                    "query",
                    false,
                    "string",
                    "Comma list of fields to return",
                ),
                p(
                    "sort",
                    "query",
                    false,
                    "string",
                    "e.g. \"visitors desc, month\"",
                ),
                p(
                    "include_total",
                    "query",
                    false,
                    "boolean",
                    "Count the matching rows (default true)",
                ),
                p(
                    "records_format",
                    "query",
                    false,
                    "string",
                    "objects, lists, csv or tsv",
                ),
            ],
        ),
    );

    add(
        "/api/action/{name}",
        json!({"get": op("CKAN", "ckan_unversioned", "Any action above without the version in the path, as CKAN allows (ckanapi calls this form)", vec![
        p("name", "path", true, "string", "Action name, e.g. package_search"),
    ], &[("200", "As the versioned action"), ("400", "Unknown action")])}),
    );

    // Open data: downloads and DCAT.
    add(
        "/download/{code}.{format}",
        json!({"get": op("Open data", "download", "Download a public dataset (streamed); CSV cells that start like a formula are neutralised", vec![
        code(), p("format", "path", true, "string", "csv, json or geojson (geojson for datasets with a position or an administrative unit)"),
    ], &[("200", "The rows"), ("404", "No such public dataset or format"), ("429", "Too many requests")])}),
    );
    add(
        "/catalog.jsonld",
        json!({"get": op("DCAT-AP", "catalog_jsonld", "The catalogue as DCAT-AP 3.0 JSON-LD", vec![], &[("200", "application/ld+json")])}),
    );
    add(
        "/catalog.ttl",
        json!({"get": op("DCAT-AP", "catalog_ttl", "The catalogue as DCAT-AP 3.0 Turtle", vec![], &[("200", "text/turtle")])}),
    );
    add(
        "/dataset/{code}.jsonld",
        json!({"get": op("DCAT-AP", "dataset_jsonld", "One dataset as DCAT-AP JSON-LD", vec![code()], &[("200", "application/ld+json"), ("404", "No such public dataset")])}),
    );
    add(
        "/dataset/{code}.ttl",
        json!({"get": op("DCAT-AP", "dataset_ttl", "One dataset as DCAT-AP Turtle", vec![code()], &[("200", "text/turtle"), ("404", "No such public dataset")])}),
    );
    add(
        "/api/openapi.json",
        json!({"get": op("Documentation", "openapi", "This document", vec![], &[("200", "OpenAPI 3")])}),
    );
    add(
        "/api/docs",
        json!({"get": op("Documentation", "docs", "This document as a page", vec![], &[("200", "HTML")])}),
    );

    // Ingestion (data platform).
    add(
        "/api/v1/datasets",
        json!({
            "get": secured(op("Ingestion", "datasets_list", "Datasets the caller may read (public ones for everyone)", vec![], &[("200", "List of datasets")])),
            "post": secured(with_body(op("Ingestion", "datasets_define", "Create or replace a dataset definition (key with scope ingest, steward or administrator)", vec![], &[("201", "Created"), ("200", "Replaced"), ("401", "No key"), ("403", "Not this department's"), ("422", "Invalid definition, field named")]), "application/json", "{code, title, frequency, public, licence, tags, fields[], key[]}")),
        }),
    );
    add(
        "/api/v1/datasets/{code}",
        json!({"get": secured(op("Ingestion", "datasets_show", "One dataset's definition and row count", vec![code()], &[("200", "Dataset"), ("404", "Not found")]))}),
    );
    add(
        "/api/v1/datasets/{code}/records",
        json!({
            "get": secured(op("Ingestion", "records_read", "Rows, paged", vec![code(),
                p("unit", "query", false, "string", "Administrative unit code"),
                p("period", "query", false, "string", "Period in the dataset's frequency"),
                p("limit", "query", false, "integer", "At most 1000"),
                p("offset", "query", false, "integer", "Skip this many")], &[("200", "{records, total}")])),
            "post": secured(with_body(op("Ingestion", "records_push", "Send rows as CSV or a JSON array; rows with the same key are updated", vec![code(),
                p("partial", "query", false, "boolean", "Store the valid rows even if some are refused"),
                p("Idempotency-Key", "header", false, "string", "Replays return the first answer")], &[("200", "Ingest report"), ("422", "Refused rows with row and column"), ("413", "Too large")]), "text/csv", "CSV with a header row, or application/json")),
        }),
    );
    add(
        "/api/v1/datasets/{code}/batches",
        json!({"get": secured(op("Ingestion", "batches", "Ingest batches and their reports", vec![code()], &[("200", "Batches")]))}),
    );
    add(
        "/api/v1/datasets/{code}/quality",
        json!({"get": secured(op("Ingestion", "quality", "The four quality scores (Đủ, Đúng, Sạch, Sống)", vec![code()], &[("200", "Quality")]))}),
    );
    add(
        "/api/v1/departments",
        json!({"get": op("Reference", "departments", "The province's departments", vec![], &[("200", "List")])}),
    );
    add(
        "/api/v1/units",
        json!({"get": op("Reference", "units", "Administrative units", vec![
        p("level", "query", false, "string", "province, district or commune"),
        p("parent", "query", false, "string", "Parent unit code"),
        p("as_of", "query", false, "string", "Units valid on this date"),
        p("geometry", "query", false, "boolean", "A GeoJSON FeatureCollection with boundaries")], &[("200", "List or GeoJSON")])}),
    );
    add(
        "/api/v1/whoami",
        json!({"get": secured(op("Ingestion", "whoami", "Which API key this is", vec![], &[("200", "Key name, scopes, department"), ("401", "No or unknown key")]))}),
    );

    // Citizen feedback: Open311 and photos.
    add(
        "/open311/v2/discovery.{format}",
        json!({"get": op("Open311", "discovery", "Endpoints and formats", vec![format()], &[("200", "Discovery")])}),
    );
    add(
        "/open311/v2/services.{format}",
        json!({"get": op("Open311", "services", "Categories of reports", vec![format()], &[("200", "Services")])}),
    );
    add(
        "/open311/v2/services/{service_code}.{format}",
        json!({"get": op("Open311", "service_definition", "Attributes of a category", vec![p("service_code", "path", true, "string", "Category"), format()], &[("200", "Definition"), ("404", "Unknown")])}),
    );
    add(
        "/open311/v2/requests.{format}",
        json!({
            "get": op("Open311", "requests_list", "Public reports", vec![format(),
                p("service_request_id", "query", false, "string", "Comma list of ids"),
                p("service_code", "query", false, "string", "Comma list of categories"),
                p("status", "query", false, "string", "open or closed"),
                p("start_date", "query", false, "string", "ISO 8601"),
                p("end_date", "query", false, "string", "ISO 8601"),
                p("page", "query", false, "integer", "From 1"),
                p("page_size", "query", false, "integer", "At most 1000")], &[("200", "Requests"), ("400", "Bad parameter, named")]),
            "post": open311_create(),
        }),
    );
    add(
        "/open311/v2/requests/{id}.{format}",
        json!({"get": op("Open311", "request", "One report", vec![p("id", "path", true, "integer", "Public id"), format()], &[("200", "Request"), ("404", "Unknown")])}),
    );
    add(
        "/open311/v2/tokens/{token}.{format}",
        json!({"get": op("Open311", "token", "The request id behind a token", vec![p("token", "path", true, "string", "Token"), format()], &[("200", "Id"), ("404", "Unknown")])}),
    );
    add(
        "/api/v1/feedback/photos",
        json!({"post": with_body(op("Feedback", "photo_upload", "Upload a photo for a report (JPEG, PNG or WebP, at most 10 MB)", vec![], &[("201", "Token to name in the report"), ("413", "Too large"), ("422", "Not an image"), ("429", "Too many")]), "application/octet-stream", "The image's bytes")}),
    );
    add(
        "/api/v1/feedback/photos/{file}",
        json!({"get": op("Feedback", "photo", "A report's photo (JPEG without EXIF)", vec![p("file", "path", true, "string", "{id}.jpg")], &[("200", "image/jpeg"), ("404", "Unknown or not public")])}),
    );

    // Environment monitoring.
    let station = || p("code", "path", true, "string", "Station code");
    let span = || {
        vec![
            p(
                "from",
                "query",
                false,
                "string",
                "Date (2024-03-01) or time with offset",
            ),
            p(
                "to",
                "query",
                false,
                "string",
                "Date or time with offset (exclusive)",
            ),
        ]
    };
    add(
        "/api/v1/environment/stations",
        json!({
            "get": op("Environment", "stations", "Every station with its current VN_AQI (air) or VN_WQI (water)", vec![], &[("200", "Stations")]),
            "post": secured(with_body(op("Environment", "station_save", "Register a station, or update the one with the same code (key with scope ingest, steward or administrator)", vec![], &[("201", "Registered"), ("200", "Updated"), ("401", "No key"), ("403", "Another department's station"), ("422", "Invalid, field named")]), "application/json", "{code, name, kind: air|water, lat, lon, district_code, parameters[], mode, interval_minutes, limits{}} or a list of them")),
        }),
    );
    add(
        "/api/v1/environment/stations/{code}",
        json!({"get": op("Environment", "station", "One station with its current index", vec![station()], &[("200", "Station"), ("404", "Unknown")])}),
    );
    let mut aqi_params = vec![
        station(),
        p(
            "kind",
            "query",
            false,
            "string",
            "hourly (default, last 24 h) or daily (last 30 days)",
        ),
    ];
    aqi_params.extend(span());
    add(
        "/api/v1/environment/stations/{code}/aqi",
        json!({"get": op("Environment", "station_aqi", "VN_AQI history (Decision 1459/QĐ-TCMT): value, band, colour, dominant pollutant, sub-indices", aqi_params, &[("200", "Index points"), ("404", "Unknown station"), ("422", "Bad parameter, named")])}),
    );
    let mut wqi_params = vec![station()];
    wqi_params.extend(span());
    add(
        "/api/v1/environment/stations/{code}/wqi",
        json!({"get": op("Environment", "station_wqi", "VN_WQI history (Decision 1460/QĐ-TCMT) with the sub-indices", wqi_params, &[("200", "Index points"), ("404", "Unknown station")])}),
    );
    let mut reading_params = vec![
        station(),
        p(
            "parameter",
            "query",
            false,
            "string",
            "One parameter, e.g. pm25",
        ),
        p("limit", "query", false, "integer", "At most 10000"),
    ];
    reading_params.extend(span());
    add(
        "/api/v1/environment/stations/{code}/readings",
        json!({"get": op("Environment", "station_readings", "Raw readings, flagged ones marked", reading_params, &[("200", "Readings"), ("404", "Unknown station")])}),
    );
    add(
        "/api/v1/environment/stations/{code}/series",
        json!({"get": op("Environment", "station_series", "Chart series from the rollups: hourly means (day, week, month) or daily (year), the index, exceedances", vec![station(), p("range", "query", false, "string", "day, week, month or year")], &[("200", "Series"), ("404", "Unknown station"), ("422", "Bad range")])}),
    );
    add(
        "/api/v1/environment/readings",
        json!({"post": secured(with_body(op("Environment", "readings_push", "Readings (also over MQTT, topic ioc/env/{station_code}): deduplicated by station, parameter and time; a bad unit refuses the batch unless partial=true; implausible values are stored and flagged", vec![p("partial", "query", false, "boolean", "Store the valid readings of a batch with refused ones")], &[("200", "Report: inserted, updated, unchanged, flagged, rejected"), ("401", "No key"), ("413", "More than 100,000 readings"), ("422", "Refused readings, each with its index and field")]), "application/json", "[{station_code, parameter, time (ISO 8601 with offset), value, unit}]"))}),
    );

    // Operations.
    add(
        "/healthz",
        json!({"get": op("Operations", "healthz", "200 when the database answers", vec![], &[("200", "ok"), ("503", "Database unavailable")])}),
    );
    add(
        "/metrics",
        json!({"get": op("Operations", "metrics", "Prometheus metrics", vec![], &[("200", "text/plain")])}),
    );

    let mut tags = vec![
        json!({"name": "CKAN", "description": "CKAN Action API 3 (ckanapi, ckanr work unchanged)"}),
        json!({"name": "Open data"}),
        json!({"name": "DCAT-AP"}),
        json!({"name": "Ingestion"}),
        json!({"name": "Reference"}),
        json!({"name": "Open311", "description": "GeoReport v2"}),
        json!({"name": "Feedback"}),
        json!({"name": "Environment", "description": "Monitoring stations, readings, VN_AQI and VN_WQI"}),
        json!({"name": "Operations"}),
        json!({"name": "Documentation"}),
    ];
    for m in modules {
        let part = m.openapi();
        tags.extend(part.tags);
        for (path, item) in part.paths {
            paths.insert(path, item);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "IOC public APIs",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Open data (CKAN Action API, DCAT-AP, downloads), ingestion, citizen feedback (Open311 GeoReport v2), environment monitoring. Public read APIs are rate-limited per client: 429 with Retry-After.",
            "license": {"name": "Apache-2.0"},
        },
        "servers": [{"url": base}],
        "tags": tags,
        "components": {"securitySchemes": {
            "apiKey": {"type": "http", "scheme": "bearer", "description": "A department's API key: Authorization: Bearer ioc_…"},
            "session": {"type": "apiKey", "in": "cookie", "name": "ioc_session"},
        }},
        "paths": paths,
    })
}

pub async fn openapi_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state.settings, &headers);
    let body = serde_json::to_string_pretty(&document(&base, &state.modules)).unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The document as one readable page, grouped by tag.
pub async fn docs(State(state): State<AppState>, headers: HeaderMap) -> Html<String> {
    let base = base_url(&state.settings, &headers);
    let doc = document(&base, &state.modules);
    let mut html = String::from(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>IOC – API</title><style>\
         body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem;color:#1b2733}\
         h2{border-bottom:2px solid #0b5cad;padding-bottom:.2rem;margin-top:2rem}\
         .op{border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0;padding:.5rem .8rem}\
         .m{display:inline-block;min-width:3.5rem;font-weight:700;color:#fff;border-radius:4px;padding:0 .4rem;text-align:center}\
         .get{background:#0b7a3e}.post{background:#0b5cad}code{background:#f3f5f7;padding:0 .25rem}\
         table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #e1e4e8;padding:.15rem .5rem;text-align:left;vertical-align:top}\
         </style></head><body>",
    );
    html.push_str(&format!(
        "<h1>{}</h1><p>{}</p><p>OpenAPI 3: <a href=\"/api/openapi.json\">/api/openapi.json</a> · \
         <a href=\"/open-data\">Cổng dữ liệu mở / Open data portal</a></p>",
        esc(doc["info"]["title"].as_str().unwrap_or_default()),
        esc(doc["info"]["description"].as_str().unwrap_or_default())
    ));
    let tags = doc["tags"].as_array().cloned().unwrap_or_default();
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for tag in tags {
        let name = tag["name"].as_str().unwrap_or_default();
        html.push_str(&format!(
            "<h2 id=\"tag-{}\">{}</h2>",
            esc(&name.to_lowercase()),
            esc(name)
        ));
        if let Some(d) = tag["description"].as_str() {
            html.push_str(&format!("<p>{}</p>", esc(d)));
        }
        for (path, item) in &paths {
            for (method, o) in item.as_object().into_iter().flatten() {
                if o["tags"][0].as_str() != Some(name) {
                    continue;
                }
                let anchor = if name == "CKAN" && method == "get" {
                    format!(
                        " id=\"ckan-{}\"",
                        esc(path.rsplit('/').next().unwrap_or_default())
                    )
                } else {
                    String::new()
                };
                html.push_str(&format!(
                    "<div class=\"op\"{anchor}><span class=\"m {method}\">{}</span> <code>{}</code> — {}",
                    method.to_uppercase(),
                    esc(path),
                    esc(o["summary"].as_str().unwrap_or_default())
                ));
                if o.get("security").is_some() {
                    html.push_str(" <em>(API key or session)</em>");
                }
                let params = o["parameters"].as_array().cloned().unwrap_or_default();
                if !params.is_empty() {
                    html.push_str("<table><tr><th>parameter</th><th>in</th><th></th></tr>");
                    for prm in params {
                        html.push_str(&format!(
                            "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                            esc(prm["name"].as_str().unwrap_or_default()),
                            if prm["required"].as_bool() == Some(true) {
                                " *"
                            } else {
                                ""
                            },
                            esc(prm["in"].as_str().unwrap_or_default()),
                            esc(prm["description"].as_str().unwrap_or_default())
                        ));
                    }
                    html.push_str("</table>");
                }
                if let Some(b) = o["requestBody"]["description"].as_str() {
                    html.push_str(&format!("<p>Body: {}</p>", esc(b)));
                }
                let responses: Vec<String> = o["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(c, r)| {
                        format!(
                            "<code>{}</code> {}",
                            esc(c),
                            esc(r["description"].as_str().unwrap_or_default())
                        )
                    })
                    .collect();
                html.push_str(&format!("<p>{}</p></div>", responses.join(" · ")));
            }
        }
    }
    html.push_str("</body></html>");
    Html(html)
}
