//! How officials count dossiers, as pure functions (the server keeps its counters with
//! them; the tests check them by hand). Days are the province's calendar days (UTC+7).
//!
//! - received in a period: `received_at` inside it;
//! - resolved in a period: `resolved_at` inside it, **early** when resolved on a day before
//!   the day of `due_at`, **on time** on that day at or before `due_at`, **late** after it;
//! - pending at the end of a period: received by then and not resolved by then (returned
//!   and withdrawn dossiers are neither), **overdue** when `due_at` is before that end;
//! - on-time rate = (early + on time) ÷ resolved; online rate = received online ÷ received;
//!   online payment and digitised rates ÷ received.

use crate::error::Text;
use serde_json::{Map, Value};

/// The dataset dossiers arrive in.
pub const DATASET: &str = "dossiers";
/// The province's offset from UTC, in seconds.
pub const OFFSET: i64 = 7 * 3600;

/// A dossier's place in the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub id: String,
    pub agency: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub unit: String,
    pub level: String,
    pub channel: String,
    pub status: String,
    /// Epoch seconds.
    pub received_at: i64,
    pub due_at: i64,
    pub resolved_at: Option<i64>,
    pub paid_online: bool,
    pub digitised: bool,
}

/// How a resolved dossier met its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Early,
    OnTime,
    Late,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Early => "early",
            Outcome::OnTime => "on_time",
            Outcome::Late => "late",
        }
    }
}

/// The province's day holding `t`, as days since 1970-01-01.
pub fn day_number(t: i64) -> i64 {
    (t + OFFSET).div_euclid(86_400)
}

/// The province's day holding `t`, `YYYY-MM-DD`.
pub fn day(t: i64) -> String {
    use chrono::Datelike;
    // Written by hand: a strftime pattern is parsed anew on each call, three per dossier.
    chrono::DateTime::from_timestamp(day_number(t) * 86_400, 0)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        .unwrap_or_default()
}

/// The first moment of a province day (`YYYY-MM-DD`), epoch seconds.
pub fn day_start(iso: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp() - OFFSET)
}

/// Epoch seconds as RFC 3339 in the province's time.
pub fn local_rfc3339(t: i64) -> String {
    let Some(ict) = chrono::FixedOffset::east_opt(OFFSET as i32) else {
        return String::new();
    };
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&ict).to_rfc3339())
        .unwrap_or_default()
}

impl Dossier {
    /// Counted as resolved or pending: neither returned nor withdrawn.
    pub fn counted(&self) -> bool {
        !matches!(self.status.as_str(), "returned" | "withdrawn")
    }

    /// Resolved, and when.
    pub fn resolved(&self) -> Option<i64> {
        if self.status == "resolved" {
            self.resolved_at
        } else {
            None
        }
    }

    pub fn outcome(&self) -> Option<Outcome> {
        let at = self.resolved()?;
        Some(if at > self.due_at {
            Outcome::Late
        } else if day_number(at) < day_number(self.due_at) {
            Outcome::Early
        } else {
            Outcome::OnTime
        })
    }

    /// Pending now: counted and not resolved.
    pub fn pending(&self) -> bool {
        self.counted() && self.resolved().is_none()
    }

    /// What it adds to the counters of each province day (see [`DayCounts`]).
    pub fn contributions(&self) -> Vec<(i64, DayCounts)> {
        let mut out = Vec::with_capacity(3);
        let received = DayCounts {
            received: 1,
            online: i64::from(self.channel == "online"),
            paid: i64::from(self.paid_online),
            digitised: i64::from(self.digitised),
            recv_open: i64::from(self.counted()),
            ..Default::default()
        };
        out.push((day_number(self.received_at), received));
        if self.counted() {
            out.push((
                day_number(self.due_at),
                DayCounts {
                    due_open: 1,
                    ..Default::default()
                },
            ));
        }
        if let (Some(at), Some(outcome)) = (self.resolved(), self.outcome()) {
            out.push((
                day_number(at),
                DayCounts {
                    resolved: 1,
                    early: i64::from(outcome == Outcome::Early),
                    on_time: i64::from(outcome == Outcome::OnTime),
                    late: i64::from(outcome == Outcome::Late),
                    ..Default::default()
                },
            ));
            // Resolved and due, both by the end of this day: no longer overdue from then.
            out.push((
                day_number(at).max(day_number(self.due_at)),
                DayCounts {
                    due_res: 1,
                    ..Default::default()
                },
            ));
        }
        out
    }
}

/// Counters of one province day (per agency and unit), kept by the server so a summary
/// never reads the dossiers themselves. Pending at the end of day D is
/// Σ_{≤D} recv_open − Σ_{≤D} resolved; overdue, Σ_{≤D} due_open − Σ_{≤D} due_res
/// (a dossier is never due before it is received, nor resolved before).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub received: i64,
    pub online: i64,
    pub paid: i64,
    pub digitised: i64,
    /// Received, neither returned nor withdrawn.
    pub recv_open: i64,
    pub resolved: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    /// Due on this day, neither returned nor withdrawn.
    pub due_open: i64,
    /// Resolved dossiers, on the later of their due and resolved days.
    pub due_res: i64,
}

impl DayCounts {
    pub const COLUMNS: [&'static str; 11] = [
        "received",
        "online",
        "paid",
        "digitised",
        "recv_open",
        "resolved",
        "early",
        "on_time",
        "late",
        "due_open",
        "due_res",
    ];

    pub fn values(&self) -> [i64; 11] {
        [
            self.received,
            self.online,
            self.paid,
            self.digitised,
            self.recv_open,
            self.resolved,
            self.early,
            self.on_time,
            self.late,
            self.due_open,
            self.due_res,
        ]
    }

    pub fn from_values(v: [i64; 11]) -> Self {
        DayCounts {
            received: v[0],
            online: v[1],
            paid: v[2],
            digitised: v[3],
            recv_open: v[4],
            resolved: v[5],
            early: v[6],
            on_time: v[7],
            late: v[8],
            due_open: v[9],
            due_res: v[10],
        }
    }

    /// `self + sign × other`.
    pub fn add(&mut self, other: &DayCounts, sign: i64) {
        let (a, b) = (self.values(), other.values());
        let mut out = [0; 11];
        for i in 0..11 {
            out[i] = a[i] + sign * b[i];
        }
        *self = DayCounts::from_values(out);
    }

    pub fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }
}

fn text<'a>(row: &'a Map<String, Value>, name: &str) -> &'a str {
    row.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn time(row: &Map<String, Value>, name: &str) -> Option<i64> {
    let t = row.get(name)?.as_str()?;
    chrono::DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|d| d.timestamp())
}

/// A validated row of the `dossiers` dataset as a dossier; `None` when a required part is
/// missing (the definition makes them required).
pub fn from_row(row: &Map<String, Value>) -> Option<Dossier> {
    Some(Dossier {
        id: row.get("id").and_then(Value::as_str)?.to_string(),
        agency: text(row, "agency").to_string(),
        procedure_code: text(row, "procedure_code").to_string(),
        procedure_name: text(row, "procedure_name").to_string(),
        unit: text(row, "unit").to_string(),
        level: text(row, "level").to_string(),
        channel: text(row, "channel").to_string(),
        status: text(row, "status").to_string(),
        received_at: time(row, "received_at")?,
        due_at: time(row, "due_at")?,
        resolved_at: time(row, "resolved_at"),
        paid_online: row.get("paid_online").and_then(Value::as_bool) == Some(true),
        digitised: row.get("digitised").and_then(Value::as_bool) == Some(true),
    })
}

/// What a dossier's fields must say of each other: (column, reason) for each rule broken.
pub fn row_rules(row: &Map<String, Value>) -> Vec<(String, Text)> {
    let mut errors = Vec::new();
    let (Some(received), Some(due)) = (time(row, "received_at"), time(row, "due_at")) else {
        return errors;
    };
    if due < received {
        errors.push((
            "due_at".to_string(),
            tr!(
                "hạn giải quyết trước thời điểm tiếp nhận",
                "due before the dossier was received"
            ),
        ));
    }
    let status = text(row, "status");
    match (status, time(row, "resolved_at")) {
        ("resolved", None) => errors.push((
            "resolved_at".to_string(),
            tr!(
                "bắt buộc khi hồ sơ đã giải quyết (status = resolved)",
                "required when the dossier is resolved (status = resolved)"
            ),
        )),
        ("received" | "processing", Some(_)) => errors.push((
            "resolved_at".to_string(),
            tr!(
                "phải để trống khi hồ sơ đang xử lý (status = {status})",
                "must be empty while the dossier is pending (status = {status})"
            ),
        )),
        (_, Some(at)) if at < received => errors.push((
            "resolved_at".to_string(),
            tr!(
                "trước thời điểm tiếp nhận",
                "before the dossier was received"
            ),
        )),
        _ => {}
    }
    errors
}

/// The `dossiers` dataset's definition (JSON of `POST /api/v1/datasets`), for the demo and
/// for a province that sets the module up (README). No field is `indexed`: module 1 answers
/// every question by agency from its own tables, and an index on the rows' JSON cost each
/// batch a tenth of its time.
pub fn definition(department: &str) -> Value {
    serde_json::json!({
        "code": DATASET,
        "title": "Hồ sơ thủ tục hành chính",
        "title_en": "Administrative procedure dossiers",
        "description": "Mỗi hồ sơ một dòng, do cơ quan tiếp nhận gửi; không có thông tin cá nhân.",
        "department": department,
        "frequency": "daily",
        "public": false,
        "owner_field": "agency",
        "fields": [
            {"name": "id", "type": "text", "required": true},
            {"name": "agency", "type": "department", "required": true},
            {"name": "procedure_code", "type": "text", "required": true},
            {"name": "procedure_name", "type": "text", "required": true},
            {"name": "unit", "type": "unit", "required": true},
            {"name": "level", "type": "enum", "required": true,
             "values": ["full_online", "partial_online", "offline"]},
            {"name": "channel", "type": "enum", "required": true,
             "values": ["online", "counter", "postal"]},
            {"name": "received_at", "type": "datetime", "required": true},
            {"name": "due_at", "type": "datetime", "required": true},
            {"name": "resolved_at", "type": "datetime"},
            {"name": "status", "type": "enum", "required": true,
             "values": ["received", "processing", "resolved", "returned", "withdrawn"]},
            {"name": "paid_online", "type": "boolean"},
            {"name": "digitised", "type": "boolean"}],
        "key": ["id"]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    fn dossier(received: &str, due: &str, resolved: Option<&str>, status: &str) -> Dossier {
        Dossier {
            id: "1".into(),
            agency: "STP".into(),
            procedure_code: "p".into(),
            procedure_name: "P".into(),
            unit: "747".into(),
            level: "full_online".into(),
            channel: "online".into(),
            status: status.into(),
            received_at: t(received),
            due_at: t(due),
            resolved_at: resolved.map(t),
            paid_online: false,
            digitised: true,
        }
    }

    #[test]
    fn deadlines_are_met_by_the_province_day() {
        let due = "2024-03-05T17:00:00+07:00";
        let at = |r: &str| dossier("2024-03-01T08:00:00+07:00", due, Some(r), "resolved").outcome();
        assert_eq!(
            at("2024-03-05T17:00:00+07:00"),
            Some(Outcome::OnTime),
            "exactly at due"
        );
        assert_eq!(
            at("2024-03-05T17:00:01+07:00"),
            Some(Outcome::Late),
            "one second after"
        );
        assert_eq!(
            at("2024-03-04T23:59:59+07:00"),
            Some(Outcome::Early),
            "late on the day before"
        );
        // 2024-03-04T17:30Z is 00:30 on the 5th in the province: the due day, not the day before.
        assert_eq!(at("2024-03-04T17:30:00Z"), Some(Outcome::OnTime));
        assert_eq!(at("2024-03-05T08:00:00+07:00"), Some(Outcome::OnTime));
        let returned = dossier("2024-03-01T08:00:00+07:00", due, Some(due), "returned");
        assert_eq!(returned.outcome(), None);
        assert!(!returned.pending() && !returned.counted());
    }

    #[test]
    fn days_are_the_provinces() {
        assert_eq!(day(t("2024-01-31T17:00:00Z")), "2024-02-01");
        assert_eq!(day(t("2024-01-31T16:59:59Z")), "2024-01-31");
        assert_eq!(
            day_start("2024-02-01"),
            Some(t("2024-02-01T00:00:00+07:00"))
        );
    }

    #[test]
    fn rows_must_agree_with_themselves() {
        let row = |v: Value| v.as_object().unwrap().clone();
        let ok = row(
            serde_json::json!({"received_at": "2024-03-01T08:00:00+07:00",
            "due_at": "2024-03-05T17:00:00+07:00", "status": "processing"}),
        );
        assert!(row_rules(&ok).is_empty());
        let cols =
            |v: Value| -> Vec<String> { row_rules(&row(v)).into_iter().map(|e| e.0).collect() };
        assert_eq!(
            cols(
                serde_json::json!({"received_at": "2024-03-01T08:00:00+07:00",
            "due_at": "2024-02-05T17:00:00+07:00", "status": "resolved"})
            ),
            ["due_at", "resolved_at"]
        );
        assert_eq!(
            cols(
                serde_json::json!({"received_at": "2024-03-01T08:00:00+07:00",
            "due_at": "2024-03-05T17:00:00+07:00", "status": "received",
            "resolved_at": "2024-03-02T08:00:00+07:00"})
            ),
            ["resolved_at"]
        );
        assert_eq!(
            cols(
                serde_json::json!({"received_at": "2024-03-01T08:00:00+07:00",
            "due_at": "2024-03-05T17:00:00+07:00", "status": "resolved",
            "resolved_at": "2024-02-02T08:00:00+07:00"})
            ),
            ["resolved_at"]
        );
    }
}
