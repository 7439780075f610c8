//! The data platform's paths in the OpenAPI document: datasets and ingestion.

use crate::module::OpenApiPart;
use crate::web::openapi::{dataset_code as code, op, p, secured, with_body};
use serde_json::{json, Value};

/// This module's paths in the OpenAPI document (`/api/openapi.json`).
pub fn part() -> OpenApiPart {
    let mut paths = Vec::new();
    let mut add = |path: &str, v: Value| paths.push((path.to_string(), v));

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
                p("offset", "query", false, "integer", "Skip this many"),
                p("after", "query", false, "integer", "Start after this _id (keyset paging: follow `next`, as fast deep as at the start)")], &[("200", "{records, total, limit, offset, next}")])),
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
    OpenApiPart {
        tags: vec![json!({"name": "Ingestion"})],
        paths,
    }
}
