//! Module 1's paths in the OpenAPI document.

use crate::module::OpenApiPart;
use crate::web::openapi::{op, p};
use serde_json::json;

pub fn part() -> OpenApiPart {
    let span = || {
        vec![
            p(
                "from",
                "query",
                false,
                "string",
                "First day, YYYY-MM-DD (province time, UTC+7). Default: 1 January of `to`'s year",
            ),
            p(
                "to",
                "query",
                false,
                "string",
                "Last day, YYYY-MM-DD, inclusive. Default: today; later days count as today",
            ),
            p("agency", "query", false, "string", "A department's code"),
            p(
                "unit",
                "query",
                false,
                "string",
                "A district's code, or the province's for provincial agencies",
            ),
        ]
    };
    let mut list = span();
    list.push(p(
        "kind",
        "query",
        false,
        "string",
        "received, resolved, early, on_time, late, pending, within or overdue (default received)",
    ));
    list.push(p(
        "page",
        "query",
        false,
        "integer",
        "1-based; 50 dossiers a page",
    ));
    let paths = vec![
        (
            "/api/v1/admin-services/summary".to_string(),
            json!({"get": op("Admin services", "admin_services_summary", "Dossiers received, resolved early / on time / late, pending within deadline and overdue at the period's end, on-time, online, online-payment and digitised rates (percent, one decimal, null when the denominator is 0); by_agency, by_unit and by_month with the same counts", span(), &[("200", "Summary"), ("422", "Bad parameter, named")])}),
        ),
        (
            "/api/v1/admin-services/overdue".to_string(),
            json!({"get": op("Admin services", "admin_services_overdue", "Dossiers pending now past their due time, most overdue first: id, agency, procedure, received, due, days overdue. Officials (session) or a key with scope read (a department's key: its own agency)", vec![
                p("agency", "query", false, "string", "A department's code"),
                p("unit", "query", false, "string", "A district's code"),
                p("page", "query", false, "integer", "1-based; 50 dossiers a page"),
            ], &[("200", "A page of dossiers with the total"), ("401", "Not signed in"), ("403", "Not allowed"), ("422", "Bad parameter, named")])}),
        ),
        (
            "/api/v1/admin-services/dossiers".to_string(),
            json!({"get": op("Admin services", "admin_services_dossiers", "The dossiers behind a number of the summary, a page at a time. Officials (session) or a key with scope read", list, &[("200", "A page of dossiers with the total"), ("401", "Not signed in"), ("403", "Not allowed"), ("422", "Bad parameter, named")])}),
        ),
        (
            "/api/v1/admin-services/scorecard".to_string(),
            json!({"get": op("Admin services", "admin_services_scorecard", "The Decision 766 scorecard of a period: the sub-indicators as stored (group, numerator, denominator, maximum points, scoring rule, computed or entered), and for the province and each agency the numerator, denominator, ratio and points of each, the points per group and the total (out of scored_max: the sub-indicators with data)", vec![
                p("period", "query", false, "string", "A year (2026) or a quarter (2026-Q3). Default: this quarter"),
            ], &[("200", "Scorecard"), ("422", "Bad parameter, named")])}),
        ),
    ];
    OpenApiPart {
        tags: vec![
            json!({"name": "Admin services", "description": "Public administration services: dossiers counted from per-dossier data (dataset `dossiers`)"}),
        ],
        paths,
    }
}
