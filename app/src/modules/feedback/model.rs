//! Wire types of citizen feedback (phản ánh kiến nghị): services, reports, their
//! workflow and what the public may see of them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// At most this many photos per report (and per answer).
pub const MAX_PHOTOS: usize = 3;

/// Where a report is in its handling. Open311 sees `open` for all but the last three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Received,
    Accepted,
    Assigned,
    InProgress,
    Resolved,
    Rejected,
    Closed,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 7] = [
        ReportStatus::Received,
        ReportStatus::Accepted,
        ReportStatus::Assigned,
        ReportStatus::InProgress,
        ReportStatus::Resolved,
        ReportStatus::Rejected,
        ReportStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Received => "received",
            ReportStatus::Accepted => "accepted",
            ReportStatus::Assigned => "assigned",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::Resolved => "resolved",
            ReportStatus::Rejected => "rejected",
            ReportStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Open311's two states.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ReportStatus::Resolved | ReportStatus::Rejected | ReportStatus::Closed
        )
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        let (vi, en) = match self {
            ReportStatus::Received => ("Đã tiếp nhận", "Received"),
            ReportStatus::Accepted => ("Đã chấp nhận", "Accepted"),
            ReportStatus::Assigned => ("Đã chuyển xử lý", "Assigned"),
            ReportStatus::InProgress => ("Đang xử lý", "In progress"),
            ReportStatus::Resolved => ("Đã xử lý", "Resolved"),
            ReportStatus::Rejected => ("Không tiếp nhận", "Rejected"),
            ReportStatus::Closed => ("Đã đóng", "Closed"),
        };
        lang.pick(vi, en)
    }
}

/// What an official does to a report. The server checks it against the status and the
/// official's department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReportAction {
    Accept,
    /// With the reason and, if any, where the citizen should go instead.
    Reject {
        reason: String,
    },
    /// To a department (also re-routing from one department to another).
    Assign {
        department: String,
    },
    Start,
    /// The public answer, optionally with photos of the finished work (upload tokens).
    Resolve {
        answer: String,
        #[serde(default)]
        photos: Vec<String>,
    },
    /// A note only officials see.
    Note {
        text: String,
    },
    Close,
}

/// A service (category) citizens report under, with its deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub group: String,
    pub department: String,
    /// Hours from receipt to the deadline.
    pub sla_hours: i64,
    /// What else is asked of the reporter (Open311 service definition).
    #[serde(default)]
    pub attributes: Vec<ServiceAttribute>,
}

/// A question a category asks (Open311 GeoReport v2 attribute).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceAttribute {
    pub code: String,
    /// string, number, datetime, text, singlevaluelist or multivaluelist.
    pub datatype: String,
    pub required: bool,
    /// The question, shown to the reporter.
    pub description: String,
    #[serde(default)]
    pub description_en: String,
    pub order: u32,
    #[serde(default)]
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// A photo as served: its address and whose it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub url: String,
    /// `report` (the citizen's) or `resolution` (the finished work).
    pub purpose: String,
    pub width: u32,
    pub height: u32,
}

/// The answer to a photo upload: the token a report then names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedPhoto {
    pub token: String,
    pub width: u32,
    pub height: u32,
    /// The position the camera recorded, offered back to the uploader to place the
    /// report; stored privately, never served.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A recent open report of the same category nearby: offered to the citizen before
/// filing, never merged silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Similar {
    /// The public (Open311) id, not the tracking code.
    pub id: i64,
    pub description: String,
    pub status: ReportStatus,
    pub created_at: String,
    pub distance_m: f64,
}

/// What a citizen sends from `/report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewReport {
    pub service_code: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Tokens of photos uploaded first (at most three).
    #[serde(default)]
    pub photos: Vec<String>,
    /// Answers to the category's attributes, code → value (lists comma-separated).
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// A photo elsewhere (Open311 `media_url`): http or https only.
    #[serde(default)]
    pub media_url: Option<String>,
}

/// The answer to a new report: the code to follow it with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filed {
    pub code: String,
    /// The public id (Open311 `service_request_id`).
    #[serde(default)]
    pub id: i64,
    pub due_at: String,
}

/// One step of a report's history as the public sees it (no internal notes, no names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub at: String,
    pub status: ReportStatus,
    pub text: Option<String>,
}

/// A report as anyone with its code sees it: no personal data, no internal notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicReport {
    pub code: String,
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub district: Option<String>,
    pub status: ReportStatus,
    pub department_name: Option<String>,
    pub answer: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub due_at: String,
    pub resolved_at: Option<String>,
    /// The citizen's rating once given: satisfied or not.
    pub satisfied: Option<bool>,
    pub history: Vec<PublicEvent>,
    #[serde(default)]
    pub photos: Vec<Photo>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

/// One event of the full history officials see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub status: Option<ReportStatus>,
    pub text: Option<String>,
    pub internal: bool,
}

/// A report as officials see it, with the reporter's contact and internal notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub public: PublicReport,
    pub id: i64,
    pub department: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub overdue: bool,
    pub events: Vec<Event>,
    /// Where the reporter's camera said the photo was taken, if it did.
    pub photo_position: Option<(f64, f64)>,
    /// A photo elsewhere, from an Open311 client.
    pub media_url: Option<String>,
}

/// Filters of the officials' inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InboxFilter {
    pub status: Option<ReportStatus>,
    pub service_code: Option<String>,
    pub district: Option<String>,
    pub overdue_only: bool,
    pub page: u64,
}

/// One line of the inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub id: i64,
    pub code: String,
    pub service_name: String,
    pub status: ReportStatus,
    pub department: Option<String>,
    pub district: Option<String>,
    pub created_at: String,
    pub due_at: String,
    pub overdue: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub rows: Vec<InboxRow>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// Counts of one slice (a category, a department, a district, or all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Tally {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub total: u64,
    /// Not rejected: within the competence of the province.
    pub within: u64,
    pub resolved: u64,
    pub on_time: u64,
    pub late: u64,
    pub pending: u64,
    pub overdue: u64,
    pub rated: u64,
    pub satisfied: u64,
    pub unsatisfied_or_late: u64,
}

impl Tally {
    /// Decision 766: handled by the deadline ÷ all within competence × 100.
    pub fn on_time_pct(&self) -> Option<f64> {
        (self.within > 0).then(|| self.on_time as f64 / self.within as f64 * 100.0)
    }

    /// Decision 766: (all − rated unsatisfied or handled late) ÷ all × 100.
    pub fn satisfaction_pct(&self) -> Option<f64> {
        (self.within > 0).then(|| {
            (self.within - self.unsatisfied_or_late.min(self.within)) as f64 / self.within as f64
                * 100.0
        })
    }
}

/// A report on the public map: where and whether it is still open; nothing personal.
/// Sent as `[lat, lon, open]` to keep 10,000 of them small.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapPoint(pub f64, pub f64, pub bool);

/// The public statistics of citizen feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackStats {
    pub all: Tally,
    pub by_service: Vec<Tally>,
    pub by_department: Vec<Tally>,
    pub by_district: Vec<Tally>,
    /// The most recent located reports (at most `MAX_MAP_POINTS`).
    pub points: Vec<MapPoint>,
    pub demo: bool,
}

/// The public map shows at most this many reports, the most recent first.
pub const MAX_MAP_POINTS: u64 = 10_000;
