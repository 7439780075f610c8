//! Analytics events in Frigate's format, over MQTT (`frigate/events`, `frigate/reviews`) or
//! HTTP (`POST /api/v1/cameras/events`, the same JSON): each becomes an IOC event on the
//! camera whose code is Frigate's camera name (intrusion, speeding, crowd, or a plain
//! detection), rated by the rules; a warning or critical one raises an alert. A message
//! delivered twice, or an update of an object already stored, changes one row.

use super::store::{self, rfc3339, stmt, Access};
use crate::auth::internal;
use app::error::{AppError, AppResult, Text};
use app::model::Severity;
use app::modules::cameras::model::{CameraEvent, EventKind, EventRule};
use app::tr;
use sea_orm::ConnectionTrait;
use serde_json::Value as Json;

/// One message as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// `frigate` (a tracked object) or `frigate-review` (a review item).
    pub source: &'static str,
    pub id: String,
    pub camera: String,
    /// `person`, `car` … (a review's objects joined by commas).
    pub label: String,
    pub zones: Vec<String>,
    pub score: Option<f64>,
    pub speed: Option<f64>,
    /// People tracked together (a review's detections when it saw a person; 1 otherwise).
    pub people: u32,
    pub start_us: i64,
    pub end_us: Option<i64>,
    /// Frigate says it was not a real object: nothing is stored.
    pub false_positive: bool,
}

fn bad(field: &str, vi: &str, en: &str) -> AppError {
    AppError::invalid(field, Text::new(vi, en))
}

fn seconds_to_us(v: &Json) -> Option<i64> {
    v.as_f64()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e11)
        .map(|s| (s * 1e6) as i64)
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(|s| s.chars().take(100).collect())
                .take(50)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads Frigate's JSON: `{type, before, after}` as published, or the `after` object alone.
pub fn parse(body: &Json) -> AppResult<Incoming> {
    let after = body.get("after").unwrap_or(body);
    if !after.is_object() {
        return Err(bad(
            "after",
            "không phải sự kiện Frigate (cần đối tượng `after`)",
            "not a Frigate event (an `after` object is needed)",
        ));
    }
    let text = |k: &str| after.get(k).and_then(Json::as_str).map(str::trim);
    let id = text("id")
        .filter(|s| !s.is_empty() && s.len() <= 100)
        .ok_or_else(|| {
            bad(
                "id",
                "thiếu mã sự kiện (1–100 ký tự)",
                "the event's id is missing (1–100 characters)",
            )
        })?;
    let camera = text("camera")
        .filter(|s| !s.is_empty() && s.len() <= 50)
        .ok_or_else(|| bad("camera", "thiếu tên camera", "the camera is missing"))?;
    let start_us = after
        .get("start_time")
        .and_then(seconds_to_us)
        .ok_or_else(|| {
            bad(
                "start_time",
                "thiếu thời điểm bắt đầu (giây từ 1970)",
                "the start time is missing (seconds since 1970)",
            )
        })?;
    let end_us = after.get("end_time").and_then(seconds_to_us);
    let review = after.get("data").is_some_and(Json::is_object);
    let number = |k: &str| {
        after
            .get(k)
            .and_then(Json::as_f64)
            .filter(|x| x.is_finite())
    };
    Ok(if review {
        let data = &after["data"];
        let objects = strings(&data["objects"]);
        let detections = data["detections"].as_array().map_or(0, Vec::len);
        let person = objects.iter().any(|o| o == "person");
        Incoming {
            source: "frigate-review",
            id: id.to_string(),
            camera: camera.to_string(),
            label: objects.join(","),
            zones: strings(&data["zones"]),
            score: None,
            speed: None,
            people: if person {
                u32::try_from(detections.max(1)).unwrap_or(u32::MAX)
            } else {
                0
            },
            start_us,
            end_us,
            false_positive: false,
        }
    } else {
        let label = text("label").unwrap_or("object");
        let mut zones = strings(&after["entered_zones"]);
        for z in strings(&after["current_zones"]) {
            if !zones.contains(&z) {
                zones.push(z);
            }
        }
        Incoming {
            source: "frigate",
            id: id.to_string(),
            camera: camera.to_string(),
            label: label.chars().take(100).collect(),
            zones,
            score: number("top_score").or(number("score")),
            speed: number("average_estimated_speed").or(number("current_estimated_speed")),
            people: u32::from(label == "person"),
            start_us,
            end_us,
            false_positive: after
                .get("false_positive")
                .and_then(Json::as_bool)
                .unwrap_or(false),
        }
    })
}

/// The rules, by kind.
pub async fn rules<C: ConnectionTrait>(db: &C) -> AppResult<Vec<EventRule>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT kind, min_score, threshold, severity FROM camera_event_rule",
            vec![],
        ))
        .await
        .map_err(internal)?;
    let mut out: Vec<EventRule> = rows
        .iter()
        .filter_map(|r| {
            let kind: String = r.try_get_by_index(0).ok()?;
            Some(EventRule {
                kind: EventKind::parse(&kind)?,
                min_score: r.try_get_by_index(1).ok()?,
                threshold: r.try_get_by_index(2).ok()?,
                severity: r.try_get_by_index(3).ok()?,
            })
        })
        .collect();
    out.sort_by_key(|r| EventKind::ALL.iter().position(|k| *k == r.kind));
    Ok(out)
}

/// Replaces the rules of the kinds given. Administrators.
pub async fn save_rules<C: crate::db::Conn>(db: &C, rules: &[EventRule]) -> AppResult<()> {
    for (i, r) in rules.iter().enumerate() {
        if !(0.0..=1.0).contains(&r.min_score) {
            return Err(AppError::invalid(
                format!("{i}.min_score"),
                tr!("độ tin cậy từ 0 đến 1", "a confidence from 0 to 1"),
            ));
        }
        if !matches!(r.severity.as_str(), "none" | "warning" | "critical") {
            return Err(AppError::invalid(
                format!("{i}.severity"),
                tr!(
                    "mức là none, warning hoặc critical",
                    "the severity is none, warning or critical"
                ),
            ));
        }
        let needs = matches!(r.kind, EventKind::Speeding | EventKind::Crowd);
        if needs && !r.threshold.is_some_and(|t| t.is_finite() && t > 0.0) {
            return Err(AppError::invalid(
                format!("{i}.threshold"),
                tr!(
                    "cần ngưỡng dương (km/h cho tốc độ, số người cho đám đông)",
                    "a positive threshold is needed (km/h for speeding, people for a crowd)"
                ),
            ));
        }
    }
    let txn = db.begin().await.map_err(internal)?;
    for r in rules {
        txn.execute_raw(stmt(
            &txn,
            "INSERT INTO camera_event_rule (kind, min_score, threshold, severity) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (kind) DO UPDATE SET \
             min_score = excluded.min_score, threshold = excluded.threshold, \
             severity = excluded.severity",
            vec![
                r.kind.as_str().into(),
                r.min_score.into(),
                r.threshold.into(),
                r.severity.clone().into(),
            ],
        ))
        .await
        .map_err(internal)?;
    }
    txn.commit().await.map_err(internal)
}

/// What the rules make of a message: its kind and severity (`none`, `warning`,
/// `critical`). The first kind that applies, in order: speeding, crowd, intrusion.
pub fn rate(e: &Incoming, rules: &[EventRule], importance: u8) -> (EventKind, String) {
    let rule = |k: EventKind| rules.iter().find(|r| r.kind == k);
    let past = |k: EventKind, v: Option<f64>| {
        rule(k).is_some_and(|r| matches!((r.threshold, v), (Some(t), Some(v)) if v >= t))
    };
    let person = e.people > 0;
    let kind = if past(EventKind::Speeding, e.speed) {
        EventKind::Speeding
    } else if person && past(EventKind::Crowd, Some(f64::from(e.people))) {
        EventKind::Crowd
    } else if person && !e.zones.is_empty() {
        EventKind::Intrusion
    } else {
        EventKind::Detection
    };
    let severity = match rule(kind) {
        // A review item has no score: its objects were already confirmed.
        Some(r) if e.score.unwrap_or(1.0) >= r.min_score => r.severity.clone(),
        _ => "none".to_string(),
    };
    let severity = if severity == "warning" && importance >= 3 {
        "critical".to_string()
    } else {
        severity
    };
    (kind, severity)
}

fn severity_rank(s: &str) -> u8 {
    match s {
        "critical" => 2,
        "warning" => 1,
        _ => 0,
    }
}

/// Stores a message (new, or an update of one stored) and raises its alert. Returns the
/// event as stored, or `None` for a false positive.
pub async fn record<C: crate::db::Conn>(
    db: &C,
    e: &Incoming,
    now: i64,
) -> AppResult<Option<CameraEvent>> {
    let Some(cam) = store::get(db, &e.camera).await? else {
        return Err(AppError::invalid(
            "camera",
            Text::new(
                format!("không có camera mã '{}' (tên camera trong Frigate phải là mã camera trong IOC)", e.camera),
                format!("no camera with the code '{}' (Frigate's camera name must be the IOC camera's code)", e.camera),
            ),
        ));
    };
    if e.false_positive {
        return Ok(None);
    }
    let rules = rules(db).await?;
    let (kind, severity) = rate(e, &rules, cam.camera.importance);
    let txn = db.begin().await.map_err(internal)?;
    // An update never lowers what the object was seen doing: the person who entered the
    // zone stays an intrusion when they leave it.
    let before = txn
        .query_one_raw(stmt(
            &txn,
            "SELECT kind, severity FROM camera_event WHERE source = $1 AND external_id = $2",
            vec![e.source.into(), e.id.clone().into()],
        ))
        .await
        .map_err(internal)?;
    let (kind, severity) = match &before {
        Some(r) => {
            let old_kind: String = r.try_get_by_index(0).map_err(internal)?;
            let old_sev: String = r.try_get_by_index(1).map_err(internal)?;
            if severity_rank(&old_sev) > severity_rank(&severity)
                || (kind == EventKind::Detection && old_kind != "detection")
            {
                (EventKind::parse(&old_kind).unwrap_or(kind), old_sev)
            } else {
                (kind, severity)
            }
        }
        None => (kind, severity),
    };
    let zones = serde_json::to_string(&e.zones).map_err(internal)?;
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO camera_event (source, external_id, camera, kind, label, zones, score, speed, \
         severity, start_at, end_at, received_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
         ON CONFLICT (source, external_id) DO UPDATE SET kind = excluded.kind, \
         label = excluded.label, zones = excluded.zones, \
         score = COALESCE(excluded.score, camera_event.score), \
         speed = COALESCE(excluded.speed, camera_event.speed), severity = excluded.severity, \
         end_at = COALESCE(excluded.end_at, camera_event.end_at), updated_at = excluded.updated_at",
        vec![
            e.source.into(),
            e.id.clone().into(),
            e.camera.clone().into(),
            kind.as_str().into(),
            e.label.clone().into(),
            zones.into(),
            e.score.into(),
            e.speed.into(),
            severity.clone().into(),
            e.start_us.into(),
            e.end_us.into(),
            now.into(),
        ],
    ))
    .await
    .map_err(internal)?;
    let newly_alerting = severity_rank(&severity) > 0
        && before.as_ref().is_none_or(|r| {
            r.try_get_by_index::<String>(1)
                .is_ok_and(|s| severity_rank(&s) < severity_rank(&severity))
        });
    if newly_alerting {
        let name = &cam.camera.name;
        let (vi, en) = match kind {
            EventKind::Intrusion => ("Xâm nhập", "Intrusion"),
            EventKind::Speeding => ("Quá tốc độ", "Speeding"),
            EventKind::Crowd => ("Tụ tập đông người", "Crowd"),
            EventKind::Detection => ("Phát hiện", "Detection"),
        };
        let value = match kind {
            EventKind::Speeding => e.speed.map(|s| format!("{s:.0} km/h")).unwrap_or_default(),
            EventKind::Crowd => format!("{} người / people", e.people),
            _ => e.zones.join(", "),
        };
        crate::alerts::raise(
            &txn,
            crate::alerts::Raise {
                module: "cameras",
                kind: &format!("event-{}", kind.as_str()),
                subject: &e.camera,
                subject_name: name,
                department: cam.camera.department.as_deref(),
                severity: if severity == "critical" {
                    Severity::Critical
                } else {
                    Severity::Warning
                },
                title_vi: format!("{vi}: {name} ({})", e.label),
                title_en: format!("{en}: {name} ({})", e.label),
                value,
                observed_at: chrono::DateTime::from_timestamp_micros(e.start_us)
                    .unwrap_or_default(),
            },
        )
        .await?;
    }
    txn.commit().await.map_err(internal)?;
    let stored = list(db, Some(&e.camera), Some((e.source, &e.id)), 1).await?;
    Ok(stored.into_iter().next())
}

/// Frigate's snapshot topic (`{prefix}/{camera}/{label}/snapshot`, the best picture of
/// the latest object): kept with that camera's newest event of that label in the last ten
/// minutes, if any. Returns the event's id.
pub async fn attach_snapshot<C: ConnectionTrait>(
    db: &C,
    camera: &str,
    label: &str,
    bytes: Vec<u8>,
    now: i64,
) -> AppResult<Option<i64>> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT id FROM camera_event WHERE camera = $1 AND source = 'frigate' AND label = $2 \
             AND received_at >= $3 ORDER BY start_at DESC, id DESC LIMIT 1",
            vec![
                camera.into(),
                label.into(),
                (now - 10 * 60 * 1_000_000).into(),
            ],
        ))
        .await
        .map_err(internal)?;
    let Some(r) = row else { return Ok(None) };
    let id: i64 = r.try_get_by_index(0).map_err(internal)?;
    let jpeg = super::snapshot::prepare(db, camera, bytes).await?;
    super::snapshot::put(db, id, jpeg, now).await?;
    Ok(Some(id))
}

/// An event's camera.
pub async fn camera_of<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<Option<String>> {
    db.query_one_raw(stmt(
        db,
        "SELECT camera FROM camera_event WHERE id = $1",
        vec![id.into()],
    ))
    .await
    .map_err(internal)?
    .map(|r| r.try_get_by_index(0).map_err(internal))
    .transpose()
}

/// The events of the cameras the caller may watch (of one, if named: not found if they may
/// not), newest first.
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    access: Access<'_>,
    camera: Option<&str>,
    limit: u64,
) -> AppResult<Vec<CameraEvent>> {
    if let Some(code) = camera {
        store::visible(db, code, access)
            .await?
            .ok_or_else(|| AppError::NotFound("camera".into()))?;
        return list(db, Some(code), None, limit).await;
    }
    let mine: std::collections::HashSet<String> = store::list(db, access)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    // Read past what closed groups hide, so the caller still gets up to `limit` of theirs.
    let all = list(db, None, None, limit.saturating_mul(4)).await?;
    Ok(all
        .into_iter()
        .filter(|e| mine.contains(&e.camera))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect())
}

/// Events newest first: one camera's, or every camera's; `one`: a single stored event.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    camera: Option<&str>,
    one: Option<(&str, &str)>,
    limit: u64,
) -> AppResult<Vec<CameraEvent>> {
    let (source, id) = one.unzip();
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT id, camera, kind, label, zones, score, speed, severity, start_at, end_at, source, \
             EXISTS (SELECT 1 FROM camera_event_snapshot s WHERE s.event_id = camera_event.id) \
             FROM camera_event WHERE ($1 IS NULL OR camera = $1) AND ($2 IS NULL OR source = $2) \
             AND ($3 IS NULL OR external_id = $3) ORDER BY start_at DESC, id DESC LIMIT $4",
            vec![
                camera.map(str::to_string).into(),
                source.map(str::to_string).into(),
                id.map(str::to_string).into(),
                (limit as i64).into(),
            ],
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get_by_index(2).map_err(internal)?;
            let zones: String = r.try_get_by_index(4).map_err(internal)?;
            let id: i64 = r.try_get_by_index(0).map_err(internal)?;
            // SQLite answers EXISTS as an integer, PostgreSQL as a boolean.
            let has_snapshot = r
                .try_get_by_index::<bool>(11)
                .or_else(|_| r.try_get_by_index::<i64>(11).map(|n| n != 0))
                .map_err(internal)?;
            Ok(CameraEvent {
                id,
                snapshot_url: has_snapshot.then(|| format!("/api/v1/cameras/events/{id}/snapshot")),
                camera: r.try_get_by_index(1).map_err(internal)?,
                kind: EventKind::parse(&kind).unwrap_or(EventKind::Detection),
                label: r.try_get_by_index(3).map_err(internal)?,
                zones: serde_json::from_str(&zones).unwrap_or_default(),
                score: r.try_get_by_index(5).map_err(internal)?,
                speed: r.try_get_by_index(6).map_err(internal)?,
                severity: r.try_get_by_index(7).map_err(internal)?,
                start: rfc3339(r.try_get_by_index(8).map_err(internal)?),
                end: r
                    .try_get_by_index::<Option<i64>>(9)
                    .map_err(internal)?
                    .map(rfc3339),
                source: r.try_get_by_index(10).map_err(internal)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn default_rules() -> Vec<EventRule> {
        let r = |kind, min_score, threshold, severity: &str| EventRule {
            kind,
            min_score,
            threshold,
            severity: severity.into(),
        };
        vec![
            r(EventKind::Intrusion, 0.6, None, "warning"),
            r(EventKind::Speeding, 0.5, Some(80.0), "warning"),
            r(EventKind::Crowd, 0.5, Some(20.0), "warning"),
            r(EventKind::Detection, 0.0, None, "none"),
        ]
    }

    #[test]
    fn frigate_events_and_reviews_are_read_and_rated() {
        let person_in_zone = json!({"type": "new", "before": {}, "after": {
            "id": "1718987129.3-abc", "camera": "ql51-km20", "label": "person",
            "top_score": 0.82, "start_time": 1718987129.3, "end_time": null,
            "entered_zones": ["lane"], "current_zones": ["lane", "gate"], "false_positive": false}});
        let e = parse(&person_in_zone).unwrap();
        assert_eq!(e.source, "frigate");
        assert_eq!(e.zones, ["lane", "gate"]);
        assert_eq!(e.start_us, 1_718_987_129_300_000);
        let rules = default_rules();
        assert_eq!(
            rate(&e, &rules, 2),
            (EventKind::Intrusion, "warning".into())
        );
        assert_eq!(
            rate(&e, &rules, 3),
            (EventKind::Intrusion, "critical".into())
        );
        // Not sure enough: kept, no alert.
        let unsure = Incoming {
            score: Some(0.4),
            ..e.clone()
        };
        assert_eq!(rate(&unsure, &rules, 2).1, "none");

        let fast_car = json!({"id": "2-car", "camera": "ql51-km20", "label": "car", "score": 0.9,
            "start_time": 1718987130.0, "average_estimated_speed": 97.5});
        let e = parse(&fast_car).unwrap();
        assert_eq!(rate(&e, &rules, 2), (EventKind::Speeding, "warning".into()));
        let slow = Incoming {
            speed: Some(62.0),
            ..e
        };
        assert_eq!(
            rate(&slow, &rules, 2),
            (EventKind::Detection, "none".into())
        );

        let review = json!({"type": "update", "after": {"id": "r-1", "camera": "bb-bai-sau",
            "start_time": 1718987140.0, "end_time": 1718987190.5, "severity": "alert",
            "data": {"objects": ["person"], "zones": [], "detections": (0..25).map(|i| format!("d{i}")).collect::<Vec<_>>()}}});
        let e = parse(&review).unwrap();
        assert_eq!(e.source, "frigate-review");
        assert_eq!(e.people, 25);
        assert_eq!(e.end_us, Some(1_718_987_190_500_000));
        assert_eq!(rate(&e, &rules, 1), (EventKind::Crowd, "warning".into()));

        for (bad, field) in [
            (json!({"after": {"camera": "x", "start_time": 1.0}}), "id"),
            (json!({"after": {"id": "a", "start_time": 1.0}}), "camera"),
            (json!({"after": {"id": "a", "camera": "x"}}), "start_time"),
            (json!("text"), "after"),
        ] {
            match parse(&bad) {
                Err(AppError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
