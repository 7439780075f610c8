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
        (
            "/api/v1/security/monitors".to_string(),
            json!({
                "get": secured(op("Security", "security_monitors", "Site and port monitors with their last check: state (unknown, up, pending, down, maintenance), since, last_check, response_ms, status_code, error, cert_expires, cert_days_left, cert_issuer, cert_error, availability_30d (administrators; a steward sees their department's)", vec![], &[("200", "Monitors"), ("401", "Not signed in"), ("403", "Not an administrator or steward")])),
                "post": secured(with_body(op("Security", "security_monitor_save", "Define a monitor, or redefine the one with the same code: an HTTP(S) site (accepted status codes, keyword) or a TCP port, checked every interval seconds (at least 20) within timeout, down after retries failed checks in a row (administrators; a steward for their department)", vec![], &[("201", "Created"), ("200", "Updated"), ("401", "Not signed in"), ("403", "Not an administrator or steward"), ("422", "Invalid, field named")]), "application/json", "{code, name, department, url (https://…, http://…, tcp://host:port), interval, timeout, retries, accepted_status[], keyword, ignore_tls, public, active}")),
            }),
        ),
        (
            "/api/v1/security/monitors/{code}/check".to_string(),
            json!({"post": secured(op("Security", "security_monitor_check", "Check a monitor now and answer it with the result", vec![p("code", "path", true, "string", "The monitor's code")], &[("200", "The monitor after the check"), ("401", "Not signed in"), ("403", "Not an administrator or the department's steward"), ("404", "No such monitor")]))}),
        ),
        (
            "/api/v1/security/availability".to_string(),
            json!({"get": secured(op("Security", "security_availability", "Each monitor's availability in a month (checks up or pending over checks outside maintenance), its checks, failures, maintenance checks and mean response time", vec![p("month", "query", false, "string", "2024-06 (default: this month)")], &[("200", "Availability per monitor"), ("401", "Not signed in"), ("403", "Not an administrator or steward"), ("422", "Bad month")]))}),
        ),
        (
            "/api/v1/security/maintenance".to_string(),
            json!({
                "get": secured(op("Security", "security_maintenance", "Maintenance windows that have not ended", vec![], &[("200", "Windows"), ("401", "Not signed in"), ("403", "Not an administrator or steward")])),
                "post": secured(with_body(op("Security", "security_maintenance_add", "Plan a maintenance window: checks inside it are not counted and open no incident", vec![], &[("201", "Planned"), ("401", "Not signed in"), ("403", "Not an administrator or steward"), ("422", "Invalid, field named")]), "application/json", "{title, department, monitors[], starts_at, ends_at} (RFC 3339; no monitors: all of the department's, or all)")),
            }),
        ),
        (
            "/api/v1/security/maintenance/{id}".to_string(),
            json!({"delete": secured(op("Security", "security_maintenance_end", "End (delete) a maintenance window", vec![p("id", "path", true, "integer", "The window's id")], &[("204", "Ended"), ("401", "Not signed in"), ("403", "Not an administrator or steward"), ("404", "No such window")]))}),
        ),
        (
            "/api/v1/security/incidents".to_string(),
            json!({
                "get": secured(op("Security", "security_incidents", "Open incidents, then those closed in the last 30 days, each with its log", vec![], &[("200", "Incidents"), ("401", "Not signed in"), ("403", "Not an official")])),
                "post": secured(with_body(op("Security", "security_incident_open", "Open an incident (officials)", vec![], &[("201", "Opened"), ("401", "Not signed in"), ("403", "Not an official"), ("422", "Invalid, field named")]), "application/json", "{title, subject, severity (warning, critical), event, note}")),
            }),
        ),
        (
            "/api/v1/security/incidents/{id}/status".to_string(),
            json!({"post": secured(with_body(op("Security", "security_incident_move", "Move an incident one step: new → acknowledged → in_progress → resolved → closed, or false_alarm (with a note) before it is resolved", vec![p("id", "path", true, "integer", "The incident's id")], &[("200", "The incident after the step"), ("401", "Not signed in"), ("403", "Not an official"), ("404", "No such incident"), ("422", "Step not allowed from its status, or a note missing")]), "application/json", "{to, note}"))}),
        ),
        (
            "/api/v1/security/status".to_string(),
            json!({"get": op("Security", "security_status_index", "The departments with public status pages: their sites and how many are down (public)", vec![], &[("200", "Departments")])}),
        ),
        (
            "/api/v1/security/status/{department}".to_string(),
            json!({"get": op("Security", "security_status_page", "A department's public status page: each public site's state, availability over 30 days and this month, a bar per day, outages and maintenance; no addresses (public)", vec![p("department", "path", true, "string", "The department's code")], &[("200", "Status page"), ("404", "No such department")])}),
        ),
    ];
    OpenApiPart {
        tags: vec![
            json!({"name": "Security", "description": "Security events (syslog, CEF, LEEF, Wazuh), the systems they concern, site monitors, incidents and status pages"}),
        ],
        paths,
    }
}
