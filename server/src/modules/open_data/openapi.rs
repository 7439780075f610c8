//! Open data's paths in the OpenAPI document: CKAN, downloads, DCAT-AP.

use crate::module::OpenApiPart;
use crate::web::openapi::{dataset_code as code, op, p, with_body};
use serde_json::{json, Value};

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

/// This module's paths in the OpenAPI document (`/api/openapi.json`).
pub fn part() -> OpenApiPart {
    let mut paths = Vec::new();
    let mut add = |path: &str, v: Value| paths.push((path.to_string(), v));

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
    OpenApiPart {
        tags: vec![
            json!({"name": "CKAN", "description": "CKAN Action API 3 (ckanapi, ckanr work unchanged)"}),
            json!({"name": "Open data"}),
            json!({"name": "DCAT-AP"}),
        ],
        paths,
    }
}
