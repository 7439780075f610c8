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
    /// Source addresses named by the events (CEF `src`, Wazuh `data.srcip` …).
    pub sources: Vec<NameCount>,
    pub assets: Vec<AssetCount>,
    /// Events on assets per district.
    pub by_unit: Vec<(String, u64)>,
    /// Registered assets.
    pub asset_total: u64,
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
