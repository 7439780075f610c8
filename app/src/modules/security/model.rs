//! Module 2's wire types: security events as stored and read back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How an event arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventFormat {
    Rfc5424,
    Rfc3164,
    Cef,
    Leef,
    Wazuh,
    /// A message that fits no format, kept whole.
    Raw,
}

impl EventFormat {
    pub const ALL: [EventFormat; 6] = [
        EventFormat::Rfc5424,
        EventFormat::Rfc3164,
        EventFormat::Cef,
        EventFormat::Leef,
        EventFormat::Wazuh,
        EventFormat::Raw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventFormat::Rfc5424 => "rfc5424",
            EventFormat::Rfc3164 => "rfc3164",
            EventFormat::Cef => "cef",
            EventFormat::Leef => "leef",
            EventFormat::Wazuh => "wazuh",
            EventFormat::Raw => "raw",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// CEF's four bands, which every source is mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSeverity {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl EventSeverity {
    pub const ALL: [EventSeverity; 4] = [
        EventSeverity::Low,
        EventSeverity::Medium,
        EventSeverity::High,
        EventSeverity::VeryHigh,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventSeverity::Low => "low",
            EventSeverity::Medium => "medium",
            EventSeverity::High => "high",
            EventSeverity::VeryHigh => "very_high",
        }
    }

    /// 1 (low) to 4 (very high), as stored: filters compare ranks.
    pub fn rank(self) -> i16 {
        self as i16 + 1
    }

    pub fn from_rank(rank: i16) -> Option<Self> {
        Self::ALL.get(usize::try_from(rank - 1).ok()?).copied()
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// (vi, en)
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            EventSeverity::Low => ("Thấp", "Low"),
            EventSeverity::Medium => ("Trung bình", "Medium"),
            EventSeverity::High => ("Cao", "High"),
            EventSeverity::VeryHigh => ("Rất cao", "Very high"),
        }
    }
}

/// A stored security event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub id: i64,
    /// When the server received it (RFC 3339, UTC).
    pub received_at: String,
    /// The time as the sender wrote it, or null.
    pub event_time: Option<String>,
    /// The socket address it came from (`ip:port`), or `api` with the key's name for JSON.
    pub sender: String,
    pub hostname: Option<String>,
    pub app: Option<String>,
    pub format: EventFormat,
    pub severity: EventSeverity,
    pub message: String,
    /// Structured-data parameters, CEF/LEEF header and extension keys, Wazuh's fields.
    pub fields: Map<String, Value>,
    /// The registered system it concerns, by code, when one matched.
    pub asset: Option<String>,
}

/// The receiver's counters since this server started.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IntakeStats {
    pub received: u64,
    pub stored: u64,
    /// Dropped because the queue to the database was full.
    pub dropped_queue_full: u64,
    /// TCP frames over the size cap (their connection closed) and oversize datagrams.
    pub oversize: u64,
    /// Connections or datagrams from outside the allowed networks.
    pub refused_sender: u64,
    /// Connections refused because the cap on open connections was reached.
    pub refused_connections: u64,
    /// Connections closed after sitting idle.
    pub idle_closed: u64,
    /// TLS handshakes that failed.
    pub tls_failed: u64,
    pub open_connections: u64,
    /// Messages waiting for the database.
    pub queued: u64,
    /// UDP datagrams the kernel dropped before the receiver read them (Linux); null where
    /// it cannot be read.
    pub udp_lost: Option<u64>,
}

/// A system the province runs (a site, a server, a network device), whose events are
/// attached to it by address or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    pub code: String,
    pub name: String,
    /// The owning department's code.
    pub department: String,
    /// Security level 1–5 (Nghị định 85/2016/NĐ-CP).
    pub level: u8,
    /// The district it sits in, for the map; None: province-wide.
    #[serde(default)]
    pub unit: Option<String>,
    /// IP addresses, networks (CIDR) and host names its events come from or go to.
    #[serde(default)]
    pub addresses: Vec<String>,
}

/// What the board is asked for: the last `days` days (1, 7 or 30), one district or all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFilter {
    pub days: u32,
    #[serde(default)]
    pub unit: Option<String>,
}

/// A count per severity, low to very high.
pub type BySeverity = [u64; 4];

/// A name (an attack type, a source address) and its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    pub count: u64,
    /// Its worst event's severity.
    pub worst: EventSeverity,
}

/// An asset and its events in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetCount {
    pub asset: Asset,
    pub count: u64,
    /// High and very high.
    pub high: u64,
}

/// A type of attack or event, counted per bucket of the board's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindSeries {
    pub name: String,
    pub counts: Vec<u64>,
}

/// One bar of the timeline: an hour (a day's board) or a day, in the province's time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// `2024-06-01` or `2024-06-01 14:00`.
    pub label: String,
    pub counts: BySeverity,
}

/// The `/security` page's figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityBoard {
    pub days: u32,
    /// The period, RFC 3339.
    pub from: String,
    pub to: String,
    pub unit: Option<String>,
    pub by_severity: BySeverity,
    pub timeline: Vec<Bucket>,
    /// Attack types: CEF/LEEF names, Wazuh rule descriptions, else the application.
    pub kinds: Vec<NameCount>,
    /// The five most frequent types, counted per bucket of `timeline`.
    pub kind_timeline: Vec<KindSeries>,
    /// Source addresses named by the events (CEF `src`, Wazuh `data.srcip` …).
    pub sources: Vec<NameCount>,
    pub assets: Vec<AssetCount>,
    /// Events on assets per district.
    pub by_unit: Vec<(String, u64)>,
    /// Registered assets.
    pub asset_total: u64,
    /// Open vulnerabilities (a system and a CVE each) by severity, as scanners report them;
    /// all zero where none report.
    pub vulnerabilities: BySeverity,
    /// The CVEs on the most systems (name: `CVE (package)`, count: systems).
    pub top_vulnerabilities: Vec<NameCount>,
    /// The districts, named, for the selector and the tables.
    pub districts: Vec<crate::modules::indicators::model::UnitName>,
}

/// The events list of the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventQuery {
    pub days: u32,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub severity: Option<EventSeverity>,
    #[serde(default)]
    pub q: Option<String>,
}

/// A monitor's state, as Uptime Kuma names them: a failed check first makes it pending,
/// and down only after its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonitorState {
    /// Not checked yet.
    Unknown,
    Up,
    Pending,
    Down,
    /// Inside a maintenance window: not counted in availability, no incident.
    Maintenance,
}

impl MonitorState {
    pub const ALL: [MonitorState; 5] = [
        MonitorState::Up,
        MonitorState::Pending,
        MonitorState::Down,
        MonitorState::Maintenance,
        MonitorState::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MonitorState::Unknown => "unknown",
            MonitorState::Up => "up",
            MonitorState::Pending => "pending",
            MonitorState::Down => "down",
            MonitorState::Maintenance => "maintenance",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// (vi, en)
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            MonitorState::Unknown => ("Chưa kiểm tra", "Not checked yet"),
            MonitorState::Up => ("Hoạt động", "Up"),
            MonitorState::Pending => ("Đang xác nhận lỗi", "Pending"),
            MonitorState::Down => ("Ngừng hoạt động", "Down"),
            MonitorState::Maintenance => ("Bảo trì", "Maintenance"),
        }
    }
}

fn default_interval() -> u32 {
    60
}
fn default_timeout() -> u32 {
    10
}
fn default_retries() -> u32 {
    1
}
fn default_accepted() -> Vec<String> {
    vec!["200-299".into()]
}
fn yes() -> bool {
    true
}

/// A monitor as an administrator defines it (`POST /api/v1/security/monitors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorInput {
    pub code: String,
    pub name: String,
    /// The owning department's code: its status page shows the monitor.
    pub department: String,
    /// `https://…`, `http://…` or `tcp://host:port`.
    pub url: String,
    /// Seconds between checks, at least 20.
    #[serde(default = "default_interval")]
    pub interval: u32,
    /// Seconds a check may take, less than the interval.
    #[serde(default = "default_timeout")]
    pub timeout: u32,
    /// Failed checks that stay pending before the monitor is down (0: down at once).
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Accepted HTTP status codes and ranges (`200-299`, `301`).
    #[serde(default = "default_accepted")]
    pub accepted_status: Vec<String>,
    /// Text the page must contain.
    #[serde(default)]
    pub keyword: Option<String>,
    /// Count a site up even when its certificate does not verify (its expiry is still read).
    #[serde(default)]
    pub ignore_tls: bool,
    /// Shown on the department's public status page.
    #[serde(default = "yes")]
    pub public: bool,
    /// Checked; a paused monitor keeps its history.
    #[serde(default = "yes")]
    pub active: bool,
}

/// A monitor with its latest check (`GET /api/v1/security/monitors`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Monitor {
    #[serde(flatten)]
    pub def: MonitorInput,
    pub state: MonitorState,
    /// Since when it has been in this state (RFC 3339).
    pub since: String,
    pub last_check: Option<String>,
    pub response_ms: Option<u32>,
    pub status_code: Option<u16>,
    /// Why the last check failed.
    pub error: Option<String>,
    /// The site's certificate: when it expires (RFC 3339), days left (negative once
    /// expired), who issued it, and why it does not verify (None when it does).
    pub cert_expires: Option<String>,
    pub cert_days_left: Option<i64>,
    pub cert_issuer: Option<String>,
    pub cert_error: Option<String>,
    /// Availability over the last 30 days, 0–100, maintenance excluded; None before checks.
    pub availability_30d: Option<f64>,
    /// The incident opened when it went down, while open.
    pub incident: Option<i64>,
}

/// A planned maintenance: checks inside it are not counted and open no incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maintenance {
    #[serde(default)]
    pub id: i64,
    pub title: String,
    /// Every monitor of this department, or only `monitors` when listed.
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub monitors: Vec<String>,
    /// RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
}

/// An incident's place in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    New,
    Acknowledged,
    InProgress,
    Resolved,
    Closed,
    FalseAlarm,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 6] = [
        IncidentStatus::New,
        IncidentStatus::Acknowledged,
        IncidentStatus::InProgress,
        IncidentStatus::Resolved,
        IncidentStatus::Closed,
        IncidentStatus::FalseAlarm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::New => "new",
            IncidentStatus::Acknowledged => "acknowledged",
            IncidentStatus::InProgress => "in_progress",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Closed => "closed",
            IncidentStatus::FalseAlarm => "false_alarm",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// (vi, en)
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            IncidentStatus::New => ("Mới", "New"),
            IncidentStatus::Acknowledged => ("Đã tiếp nhận", "Acknowledged"),
            IncidentStatus::InProgress => ("Đang xử lý", "In progress"),
            IncidentStatus::Resolved => ("Đã khắc phục", "Resolved"),
            IncidentStatus::Closed => ("Đóng", "Closed"),
            IncidentStatus::FalseAlarm => ("Cảnh báo nhầm", "False alarm"),
        }
    }

    /// Closed and false alarms are final.
    pub fn is_final(self) -> bool {
        matches!(self, IncidentStatus::Closed | IncidentStatus::FalseAlarm)
    }

    /// Where an official may move it from here: the next step, back to work from
    /// resolved, and false alarm until it is resolved.
    pub fn next(self) -> &'static [IncidentStatus] {
        use IncidentStatus::*;
        match self {
            New => &[Acknowledged, FalseAlarm],
            Acknowledged => &[InProgress, FalseAlarm],
            InProgress => &[Resolved, FalseAlarm],
            Resolved => &[Closed, InProgress],
            Closed | FalseAlarm => &[],
        }
    }
}

/// One step of an incident's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentStep {
    pub at: String,
    /// Who moved it (an official's name, or `hệ thống` for the monitors).
    pub actor: String,
    pub from: Option<IncidentStatus>,
    pub to: IncidentStatus,
    pub note: Option<String>,
}

/// A security incident: opened by an official (from an event or by hand) or by a monitor
/// going down (closed again by it when the site is back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: i64,
    pub title: String,
    /// `monitor`, `event` or `manual`.
    pub source: String,
    /// The monitor's code, the event's system or host, or what the official named.
    pub subject: String,
    pub department: Option<String>,
    /// `warning` or `critical`.
    pub severity: String,
    pub status: IncidentStatus,
    pub opened_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    pub opened_by: String,
    pub summary: Option<String>,
    pub log: Vec<IncidentStep>,
}

/// An official opens an incident (from an event of the list, or by hand).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIncident {
    pub title: String,
    pub subject: String,
    /// `warning` or `critical`.
    pub severity: String,
    #[serde(default)]
    pub event: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A step an official takes on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentMove {
    pub id: i64,
    pub to: IncidentStatus,
    #[serde(default)]
    pub note: Option<String>,
}

/// One day of a status page: the share of checks that found the site up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayAvailability {
    /// `2024-06-01`, the province's calendar.
    pub day: String,
    /// 0–100; None when nothing was checked (or all of it was maintenance).
    pub availability: Option<f64>,
}

/// A monitor as the public sees it: no address, no error text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicMonitor {
    pub code: String,
    pub name: String,
    /// The last state seen (while paused, the state before the pause).
    pub state: MonitorState,
    /// Not checked for now.
    pub paused: bool,
    pub since: String,
    pub availability_30d: Option<f64>,
    /// This calendar month so far.
    pub availability_month: Option<f64>,
    /// The last 30 days, oldest first.
    pub days: Vec<DayAvailability>,
}

/// A department's public status page (`/status/{department}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusPage {
    pub department: String,
    pub department_name: String,
    pub monitors: Vec<PublicMonitor>,
    /// Outages of these sites in the last 30 days, newest first.
    pub outages: Vec<Outage>,
    /// Maintenance now or ahead.
    pub maintenance: Vec<Maintenance>,
    pub generated_at: String,
}

/// An outage as the status page tells it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outage {
    pub monitor: String,
    pub name: String,
    pub started_at: String,
    /// None while it lasts.
    pub ended_at: Option<String>,
}

/// A department that has a status page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusEntry {
    pub department: String,
    pub department_name: String,
    pub monitors: u32,
    pub down: u32,
}

/// Monthly availability of each monitor (`GET /api/v1/security/availability?month=`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthAvailability {
    pub monitor: String,
    pub name: String,
    pub department: String,
    /// `2024-06`.
    pub month: String,
    pub availability: Option<f64>,
    pub checks: u64,
    pub failed: u64,
    pub maintenance: u64,
    /// Mean response time of the month's checks.
    pub mean_ms: Option<f64>,
}
