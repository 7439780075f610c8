//! Citizen feedback's paths in the OpenAPI document: Open311 GeoReport v2 and photos.

use crate::module::OpenApiPart;
use crate::web::openapi::{op, p, with_body};
use serde_json::{json, Value};

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

/// This module's paths in the OpenAPI document (`/api/openapi.json`).
pub fn part() -> OpenApiPart {
    let format = || p("format", "path", true, "string", "json or xml");
    let mut paths = Vec::new();
    let mut add = |path: &str, v: Value| paths.push((path.to_string(), v));

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
    OpenApiPart {
        tags: vec![
            json!({"name": "Open311", "description": "GeoReport v2"}),
            json!({"name": "Feedback"}),
        ],
        paths,
    }
}
