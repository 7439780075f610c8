//! Social-network monitoring's paths in the OpenAPI document.

use crate::module::OpenApiPart;
use crate::web::openapi::{op, p, secured, with_body};
use serde_json::json;

pub fn part() -> OpenApiPart {
    let posts = vec![
        p("topic", "query", false, "string", "A topic's name"),
        p("since", "query", false, "string", "Published at or after: a date (2024-06-01, the province's midnight) or an RFC 3339 time"),
        p("sentiment", "query", false, "string", "positive, neutral or negative"),
        p("unit", "query", false, "string", "A district's code"),
        p("source", "query", false, "string", "A source's code"),
        p("limit", "query", false, "integer", "1 to 1000 (default 100)"),
    ];
    let signed = vec![
        p("X-IOC-Source", "header", true, "string", "The push source's code"),
        p("X-IOC-Timestamp", "header", true, "string", "Unix time in seconds, within 300 s of the server's clock"),
        p("X-IOC-Signature", "header", true, "string", "sha256= and the hex HMAC-SHA256, keyed by the source's secret, of \"{timestamp}.{body}\""),
    ];
    OpenApiPart {
        tags: vec![
            json!({"name": "Social", "description": "Social-network monitoring: what open sources say about the province"}),
        ],
        paths: vec![
            (
                "/api/v1/social/analyze".to_string(),
                json!({"post": with_body(op("Social", "social_analyze", "What the analyser makes of one Vietnamese text: normalized (lowercase, NFC, tone marks placed by one rule), folded (no marks), sentiment (positive, neutral, negative), score (−1..1), the lexicon phrases that made it with their weights, the SimHash near-duplicates are grouped by; signed-in officials also get the watchlist topics and districts it matches (anyone)", vec![], &[("200", "The analysis"), ("422", "No text, or longer than 20,000 characters")]), "application/json", "{text}")}),
            ),
            (
                "/api/v1/social/topics".to_string(),
                json!({
                    "get": secured(op("Social", "social_topics", "The watchlist topics: name, phrases, exclude, unit, sector (officials, or a key with scope read)", vec![], &[("200", "Topics"), ("401", "Not signed in"), ("403", "Not an official")])),
                    "post": secured(with_body(op("Social", "social_topic_save", "Define a topic, or redefine the one with the same name: keyword phrases with or without diacritics (1–200, 1–8 words each), exclusions, optional district and sector; the posts of the last 30 days are matched against it at once (administrators)", vec![], &[("201", "Created"), ("200", "Updated"), ("401", "Not signed in"), ("403", "Not an administrator"), ("422", "Invalid, field named")]), "application/json", "{name, phrases[], exclude[], unit, sector}")),
                }),
            ),
            (
                "/api/v1/social/topics/{id}".to_string(),
                json!({"delete": secured(op("Social", "social_topic_delete", "Delete a topic and its matches; the posts stay (administrators)", vec![p("id", "path", true, "integer", "The topic's id")], &[("204", "Deleted"), ("401", "Not signed in"), ("403", "Not an administrator"), ("404", "No such topic")]))}),
            ),
            (
                "/api/v1/social/sources".to_string(),
                json!({
                    "get": secured(op("Social", "social_sources", "The sources and their health: kind (rss, atom, jsonfeed, push), url, interval_s, state (unknown, ok, failing), last_fetch_at, last_ok_at, failures in a row, last_error, posts (officials, or a key with scope read)", vec![], &[("200", "Sources"), ("401", "Not signed in"), ("403", "Not an official")])),
                    "post": secured(with_body(op("Social", "social_source_save", "Add a source, or redefine the one with the same code: a feed (rss, atom, jsonfeed) fetched every interval_s seconds (60–86,400, default 900) with conditional requests and backoff on errors, or a push source whose answer carries its signing secret, once (administrators)", vec![], &[("201", "Created"), ("200", "Updated"), ("401", "Not signed in"), ("403", "Not an administrator"), ("422", "Invalid, field named")]), "application/json", "{code, name, kind, url, interval_s, active}")),
                }),
            ),
            (
                "/api/v1/social/sources/{code}/fetch".to_string(),
                json!({"post": secured(op("Social", "social_source_fetch", "Fetch a feed source now and answer it as it is after (administrators)", vec![p("code", "path", true, "string", "The source's code")], &[("200", "The source after the fetch"), ("401", "Not signed in"), ("403", "Not an administrator"), ("404", "No such feed source")]))}),
            ),
            (
                "/api/v1/social/posts".to_string(),
                json!({
                    "get": secured(op("Social", "social_posts", "Posts, newest first: url, title, source, published_at, sentiment, score, topics (names), cluster (the near-duplicate group: its first post's id), first (whether this post is the group's first, the one counted), reposts (the group's other posts), first_source (for a repost: the source of the group's first post), units (officials, or a key with scope read)", posts, &[("200", "Posts"), ("401", "Not signed in"), ("403", "Not an official"), ("422", "Bad parameter, named")])),
                    "post": with_body(op("Social", "social_posts_push", "Posts a department's tool collected, signed with its push source's secret: one post or a list of up to 500, each {url, title, text, author, published_at (RFC 3339), guid}; all checked before any is stored; a post sent again (same guid, else url) is stored once", signed, &[("201", "Stored: {received, stored}"), ("401", "No or wrong signature, or no such push source"), ("422", "Refused: the timestamp too far from the server's clock, or a post invalid ([index].field named)")]), "application/json", "A post or a list of posts"),
                }),
            ),
        ],
    }
}
