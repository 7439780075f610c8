//! Information security's paths in the OpenAPI document.

use crate::module::OpenApiPart;
use crate::web::openapi::{op, p, secured, with_body};
use serde_json::json;

/// This module's paths in the OpenAPI document (`/api/openapi.json`).
pub fn part() -> OpenApiPart {
    let events = vec![
        p("since", "query", false, "string", "Received at or after: a date (2024-06-01, the province's midnight) or an RFC 3339 time"),
        p("until", "query", false, "string", "Received before: a date or an RFC 3339 time"),
        p("severity", "query", false, "string", "At least: low, medium, high or very_high"),
        p("asset", "query", false, "string", "An asset's code"),
        p("q", "query", false, "string", "Words in the message, host name or application"),
        p("limit", "query", false, "integer", "1 to 1000 (default 100)"),
    ];
    let paths = vec![
        (
            "/api/v1/security/events".to_string(),
            json!({
                "get": secured(op("Security", "security_events", "Stored security events, newest first: received_at, event_time (as sent), sender (socket address), hostname, app, format (rfc5424, rfc3164, cef, leef, wazuh, raw), severity (low, medium, high, very_high), message, fields, asset (officials, or a key with scope read)", events, &[("200", "Events"), ("401", "Not signed in"), ("403", "Not an official"), ("422", "Bad parameter, named")])),
                "post": secured(with_body(op("Security", "security_events_push", "Wazuh alerts as Wazuh's integrations send them (rule.level as a number or a string, rule.description, rule.groups, agent.name, agent.ip, data.*): one object, a list, or one per line; all stored or none (key with scope ingest)", vec![], &[("201", "Stored: {stored}"), ("401", "No key"), ("403", "Key without scope ingest"), ("422", "Refused, the alert's index and field named")]), "application/json", "A Wazuh alert object, a list of them, or NDJSON")),
            }),
        ),
        (
            "/api/v1/security/intake".to_string(),
            json!({"get": secured(op("Security", "security_intake", "This server's syslog receiver since it started: received, stored, dropped because the queue was full, oversize frames, refused senders and connections, idle closes, open connections, queued", vec![], &[("200", "Counters"), ("401", "Not signed in"), ("403", "Not an official")]))}),
        ),
        (
            "/api/v1/security/assets".to_string(),
            json!({
                "get": secured(op("Security", "security_assets", "The registered systems: code, name, department, security level 1–5 (Decree 85/2016), unit, addresses", vec![], &[("200", "Assets"), ("401", "Not signed in"), ("403", "Not an official")])),
                "post": secured(with_body(op("Security", "security_asset_save", "Register a system, or update the one with the same code (administrators, a department's steward or key for its own systems)", vec![], &[("201", "Registered"), ("200", "Updated"), ("401", "No key"), ("403", "Another department's system"), ("422", "Invalid, field named")]), "application/json", "{code, name, department, level, unit, addresses[]}")),
            }),
        ),
    ];
    OpenApiPart {
        tags: vec![
            json!({"name": "Security", "description": "Security events (syslog, CEF, LEEF, Wazuh) and the systems they concern"}),
        ],
        paths,
    }
}
