//! Camera surveillance's paths in the OpenAPI document.

use crate::module::OpenApiPart;
use crate::web::openapi::{op, p, secured, with_body};
use serde_json::json;

pub fn part() -> OpenApiPart {
    let code = || p("code", "path", true, "string", "The camera's code");
    OpenApiPart {
        tags: vec![
            json!({"name": "Cameras", "description": "Camera surveillance: the registry, health and live video through the server"}),
        ],
        paths: vec![
            (
                "/api/v1/cameras".to_string(),
                json!({
                    "get": secured(op("Cameras", "cameras", "The cameras the caller may watch (see the groups): code, name, lat, lon, unit, group, department, importance, privacy_note, state (unknown, online, frozen, offline), since, live_url and sub_live_url (the proxied playlists), snapshot_url (the proxied still image), has_credentials; never an upstream address or a credential (officials, or a key with scope read)", vec![], &[("200", "Cameras"), ("401", "Not signed in"), ("403", "Not an official")])),
                    "post": secured(with_body(op("Cameras", "camera_save", "Register a camera, or redefine the one with the same code: stream_url (HLS), sub_stream_url, snapshot_url, username and password (kept on the server; credentials inside an address are taken out of it), group (created if new), importance 1–3, privacy_note, privacy_masks (polygons of [x, y] from 0 to 1, painted black on its event snapshots; left out: kept) (administrators)", vec![], &[("201", "Created"), ("200", "Updated"), ("401", "Not signed in"), ("403", "Not an administrator"), ("422", "Invalid, field named")]), "application/json", "{code, name, lat, lon, unit, group, department, stream_url, sub_stream_url, snapshot_url, username, password, importance, privacy_note}")),
                }),
            ),
            (
                "/api/v1/cameras/groups".to_string(),
                json!({
                    "get": secured(op("Cameras", "camera_groups", "The groups the caller may watch, in the wall's order: code, name, position, departments (empty: open to every official)", vec![], &[("200", "Groups"), ("401", "Not signed in"), ("403", "Not an official")])),
                    "post": secured(with_body(op("Cameras", "camera_group_save", "Create a group, or change the one with the same code: name, position on the wall, and the departments whose people may watch its cameras (empty: every official; administrators always may). A camera of a closed group is not found for anyone else (administrators)", vec![], &[("200", "Saved"), ("401", "Not signed in"), ("403", "Not an administrator"), ("422", "Invalid, field named")]), "application/json", "{code, name, position, departments}")),
                }),
            ),
            (
                "/api/v1/cameras/events".to_string(),
                json!({
                    "get": secured(op("Cameras", "camera_events", "Video analytics events on the cameras the caller may watch, newest first: id, camera, kind (intrusion, speeding, crowd, detection), label, zones, score, speed (km/h), severity (none, warning, critical), start, end, source (officials, or a key with scope read)", vec![p("camera", "query", false, "string", "One camera's code"), p("limit", "query", false, "integer", "1 to 1000 (default 100)")], &[("200", "Events"), ("401", "Not signed in"), ("403", "Not an official"), ("404", "No such camera (or closed to the caller)")])),
                    "post": secured(with_body(op("Cameras", "camera_event", "An event in Frigate's JSON, as published on frigate/events (a tracked object: id, camera, label, top_score, start_time, end_time, entered_zones, current_zones, average_estimated_speed, false_positive) or frigate/reviews (a review item: id, camera, start_time, end_time, data.objects, data.zones, data.detections); `{type, before, after}` or `after` alone. Frigate's camera name is the IOC camera's code. Rated by the rules; a warning or critical one raises an alert. The same id again updates the event. A `snapshot` beside them (base64 JPEG or PNG, at most 5 MB) is kept as the event picture, masked (a key with scope ingest, or an administrator)", vec![], &[("201", "Stored"), ("200", "A false positive, not stored"), ("401", "Not signed in"), ("403", "Not allowed"), ("422", "Invalid, field named")]), "application/json", "{type, before, after}")),
                }),
            ),
            (
                "/api/v1/cameras/events/{id}/snapshot".to_string(),
                json!({"get": secured(op("Cameras", "camera_event_snapshot", "An event's snapshot as kept: JPEG, the camera's privacy masks painted black, until the retention deletes it (those who may watch the camera; logged as a view)", vec![p("id", "path", true, "integer", "The event's id")], &[("200", "image/jpeg"), ("401", "Not signed in"), ("403", "Not an official"), ("404", "No such event or snapshot (or closed to the caller)")]))}),
            ),
            (
                "/api/v1/cameras/event-rules".to_string(),
                json!({
                    "get": secured(op("Cameras", "camera_event_rules", "How events are rated, per kind: min_score (0–1), threshold (km/h for speeding, people for a crowd), severity (none, warning, critical); a camera of importance 3 turns a warning into critical (officials)", vec![], &[("200", "Rules"), ("401", "Not signed in"), ("403", "Not an official")])),
                    "put": secured(with_body(op("Cameras", "camera_event_rules_save", "Replace the rules of the kinds given (administrators)", vec![], &[("200", "The rules now"), ("401", "Not signed in"), ("403", "Not an administrator"), ("422", "Invalid, field named")]), "application/json", "[{kind, min_score, threshold, severity}]")),
                }),
            ),
            (
                "/api/v1/cameras/views".to_string(),
                json!({"get": secured(op("Cameras", "camera_views", "Who watched which camera, when (one line per viewer, camera and stream per 10 minutes), newest first (administrators)", vec![p("limit", "query", false, "integer", "1 to 5000 (default 200)"), p("camera", "query", false, "string", "One camera's code")], &[("200", "Views"), ("401", "Not signed in"), ("403", "Not an administrator")]))}),
            ),
            (
                "/api/v1/cameras/{code}/live.m3u8".to_string(),
                json!({"get": secured(op("Cameras", "camera_live", "The camera's live HLS playlist through the server: every address in it is a sealed, short-lived address of this server (signed-in officials; logged as a view)", vec![code(), p("stream", "query", false, "string", "sub: the smaller stream for a grid")], &[("200", "application/vnd.apple.mpegurl"), ("401", "Not signed in"), ("403", "Not an official"), ("404", "No such camera, or no stream"), ("503", "The camera does not answer")]))}),
            ),
            (
                "/api/v1/cameras/{code}/media/{token}".to_string(),
                json!({"get": secured(op("Cameras", "camera_media", "A segment, key or playlist a proxied playlist names, streamed through; Range requests are passed on (signed-in officials)", vec![code(), p("token", "path", true, "string", "A sealed address from a proxied playlist")], &[("200", "The media"), ("206", "Part of it"), ("401", "Not signed in"), ("403", "Not an official, an expired or foreign address, or a host the camera did not register"), ("503", "The camera does not answer")]))}),
            ),
            (
                "/api/v1/cameras/{code}/snapshot".to_string(),
                json!({"get": secured(op("Cameras", "camera_snapshot", "The camera's still image now, through the server (signed-in officials)", vec![code()], &[("200", "The image"), ("401", "Not signed in"), ("403", "Not an official"), ("404", "No such camera, or no snapshot address"), ("503", "The camera does not answer")]))}),
            ),
        ],
    }
}
