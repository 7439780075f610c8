//! The OpenAPI 3 document of every public API at `/api/openapi.json`, and a readable
//! page made from it at `/api/docs` (served by `ioc`, no CDN). The platform's own paths are
//! here; each module adds its own (`ServerModule::openapi`). A test checks the document
//! against the routes the server really has, both ways.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Map, Value};

pub fn p(name: &str, place: &str, required: bool, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": place, "required": required, "schema": {"type": kind}, "description": description})
}

pub fn op(
    tag: &str,
    id: &str,
    summary: &str,
    params: Vec<Value>,
    responses: &[(&str, &str)],
) -> Value {
    let responses: Map<String, Value> = responses
        .iter()
        .map(|(code, d)| ((*code).to_string(), json!({"description": d})))
        .collect();
    json!({"tags": [tag], "operationId": id, "summary": summary, "parameters": params, "responses": responses})
}

pub fn with_body(mut o: Value, media: &str, description: &str) -> Value {
    o["requestBody"] = json!({"required": true, "description": description, "content": {media: {"schema": {"type": if media.contains("json") { "object" } else { "string" }}}}});
    o
}

pub fn secured(mut o: Value) -> Value {
    o["security"] = json!([{"apiKey": []}, {"session": []}]);
    o
}

/// The `{code}` path parameter of a dataset (the datasets and open-data paths share it).
pub fn dataset_code() -> Value {
    p(
        "code",
        "path",
        true,
        "string",
        "Dataset code, e.g. tourism-monthly",
    )
}

/// The document. `base` is the server's public URL; each module adds its own paths.
pub fn document(base: &str, modules: &[std::sync::Arc<dyn crate::module::ServerModule>]) -> Value {
    let mut paths = Map::new();
    let mut add = |path: &str, v: Value| {
        paths.insert(path.to_string(), v);
    };
    add(
        "/api/openapi.json",
        json!({"get": op("Documentation", "openapi", "This document", vec![], &[("200", "OpenAPI 3")])}),
    );
    add(
        "/api/docs",
        json!({"get": op("Documentation", "docs", "This document as a page", vec![], &[("200", "HTML")])}),
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

    // Operations.
    add(
        "/healthz",
        json!({"get": op("Operations", "healthz", "200 when the database answers", vec![], &[("200", "ok"), ("503", "Database unavailable")])}),
    );
    add(
        "/metrics",
        json!({"get": op("Operations", "metrics", "Prometheus metrics", vec![], &[("200", "text/plain")])}),
    );

    let mut tags = vec![json!({"name": "Reference"})];
    for m in modules {
        let part = m.openapi();
        tags.extend(part.tags);
        for (path, item) in part.paths {
            paths.insert(path, item);
        }
    }
    tags.extend([
        json!({"name": "Operations"}),
        json!({"name": "Documentation"}),
    ]);
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
    let base = crate::web::public_base_url(&state.settings, &headers);
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
    let base = crate::web::public_base_url(&state.settings, &headers);
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
