//! Module 10's wire types.

use serde::{Deserialize, Serialize};

/// A camera's health as its probe last saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CameraState {
    /// Not checked yet.
    Unknown,
    Online,
    /// Reachable, but its image or its stream no longer changes.
    Frozen,
    Offline,
}

impl CameraState {
    pub const ALL: [CameraState; 4] = [Self::Unknown, Self::Online, Self::Frozen, Self::Offline];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Online => "online",
            Self::Frozen => "frozen",
            Self::Offline => "offline",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A camera as an administrator registers it (`POST /api/v1/cameras`). The addresses and
/// credentials stay on the server: no answer carries them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CameraInput {
    /// Short and stable: letters, digits, `-`, `_`.
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// A district's code.
    #[serde(default)]
    pub unit: Option<String>,
    /// A group's code (created with that name if new): the wall's sections and who sees them.
    #[serde(default)]
    pub group: Option<String>,
    /// The department that owns the camera.
    #[serde(default)]
    pub department: Option<String>,
    /// The main stream: an HLS playlist (`.m3u8`) on the camera or a media server.
    #[serde(default)]
    pub stream_url: Option<String>,
    /// The sub-stream (smaller) for the grid; the main stream if none.
    #[serde(default)]
    pub sub_stream_url: Option<String>,
    /// A still image (JPEG) of what the camera sees now.
    #[serde(default)]
    pub snapshot_url: Option<String>,
    /// Sent to the camera or media server (HTTP Basic); stored on the server only.
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// 1 (low) to 3 (high): how urgent its being down is.
    #[serde(default)]
    pub importance: Option<u8>,
    /// What it films that is personal data, and the legal basis (Decree 13/2023).
    #[serde(default)]
    pub privacy_note: Option<String>,
    /// Areas painted black on its event snapshots before they are stored: polygons of
    /// [x, y] points from 0 to 1 (x to the right, y down). Left out: the stored ones stay.
    #[serde(default)]
    pub privacy_masks: Option<Vec<Vec<[f64; 2]>>>,
}

/// A camera as officials see it: where it is, its health, and how to watch it through
/// the server. Never its upstream address or credentials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub unit: Option<String>,
    pub group: Option<String>,
    pub department: Option<String>,
    pub importance: u8,
    pub privacy_note: Option<String>,
    pub state: CameraState,
    /// Since when it has been in `state` (RFC 3339).
    pub since: String,
    /// The proxied HLS playlist (main stream), if it has a stream.
    pub live_url: Option<String>,
    /// The proxied sub-stream playlist for the grid.
    pub sub_live_url: Option<String>,
    /// The proxied still image, if it has one.
    #[serde(default)]
    pub snapshot_url: Option<String>,
    /// Whether credentials are stored (never what they are).
    pub has_credentials: bool,
    /// Areas painted black on its event snapshots.
    #[serde(default)]
    pub privacy_masks: Vec<Vec<[f64; 2]>>,
}

/// One line of the view log: who watched which camera, when (administrators read it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub camera: String,
    pub viewer: String,
    /// `main` or `sub`.
    pub stream: String,
    /// RFC 3339.
    pub at: String,
}

/// A group of cameras: a section of the wall, and who may watch it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    /// The wall's order.
    pub position: i64,
    /// The departments whose people may watch its cameras (administrators always may);
    /// empty: every official.
    pub departments: Vec<String>,
}

/// A group as an administrator defines it (`POST /api/v1/cameras/groups`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    pub code: String,
    pub name: String,
    /// Its place on the wall; after the others if not given (or kept, for a group known).
    #[serde(default)]
    pub position: Option<i64>,
    /// Department codes; empty: open to every official.
    #[serde(default)]
    pub departments: Vec<String>,
}

/// The wall's layouts: tiles shown at once.
pub const LAYOUTS: [u8; 4] = [1, 4, 9, 16];

/// Past this many tiles the wall shows still images, refreshed, instead of live video: a
/// tablet decodes a few streams at most.
pub const MAX_LIVE_TILES: u8 = 6;

/// How one official's wall is set up, kept on the server so it follows them to any screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WallPrefs {
    /// One of [`LAYOUTS`].
    pub layout: u8,
    /// A group's code, or every camera.
    pub group: Option<String>,
}

impl Default for WallPrefs {
    fn default() -> Self {
        Self {
            layout: 4,
            group: None,
        }
    }
}

/// How much of a period a camera was seen working: online time over the time its state
/// was known (frozen counts as down). `None` when it was never checked in the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Uptime {
    pub day: Option<f64>,
    pub week: Option<f64>,
}

/// The wall: the groups, the cameras the caller may watch with their uptime, and the
/// caller's saved layout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wall {
    pub groups: Vec<Group>,
    pub cameras: Vec<Camera>,
    /// Per camera, in the order of `cameras`.
    pub uptime: Vec<Uptime>,
    pub prefs: WallPrefs,
    /// The districts a camera may be placed in.
    pub districts: Vec<crate::modules::indicators::model::UnitName>,
    /// The latest analytics events on these cameras, newest first (at most 30).
    #[serde(default)]
    pub events: Vec<CameraEvent>,
}

/// A change of a camera's state (RFC 3339 time).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    pub state: CameraState,
    pub at: String,
}

/// One camera in detail: its health over time and, for administrators, who watched it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameraDetail {
    pub camera: Camera,
    pub uptime: Uptime,
    /// The last check (RFC 3339), if any.
    pub checked_at: Option<String>,
    /// Why the last check failed, in words that carry no address.
    pub last_error: Option<String>,
    /// Newest first, at most 50.
    pub changes: Vec<StateChange>,
    /// Newest first, at most 50; empty for anyone but an administrator.
    pub views: Vec<View>,
    /// Its analytics events, newest first (at most 50).
    #[serde(default)]
    pub events: Vec<CameraEvent>,
}

/// What an analytics system saw on a camera, as the IOC names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A person inside a zone (Frigate's zones mark restricted areas).
    Intrusion,
    /// A vehicle faster than the rule's threshold (km/h).
    Speeding,
    /// At least the rule's threshold of people tracked at once.
    Crowd,
    /// Anything else detected.
    Detection,
}

impl EventKind {
    pub const ALL: [EventKind; 4] = [
        Self::Intrusion,
        Self::Speeding,
        Self::Crowd,
        Self::Detection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intrusion => "intrusion",
            Self::Speeding => "speeding",
            Self::Crowd => "crowd",
            Self::Detection => "detection",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How an event of a kind is rated: past `min_score` (and `threshold`, for speeding and
/// crowds) it has `severity`, and a warning or critical one raises an alert. A camera of
/// importance 3 turns a warning into a critical alert.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    pub kind: EventKind,
    /// The detector's confidence, 0 to 1.
    pub min_score: f64,
    /// km/h for speeding, people for a crowd; unused otherwise.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// `none` (kept, no alert), `warning` or `critical`.
    pub severity: String,
}

/// An event on a camera (RFC 3339 times).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameraEvent {
    pub id: i64,
    pub camera: String,
    pub kind: EventKind,
    /// What was detected: `person`, `car` …
    pub label: String,
    pub zones: Vec<String>,
    pub score: Option<f64>,
    /// km/h, when the analytics estimated it.
    pub speed: Option<f64>,
    /// `none`, `warning` or `critical`, by the rules when it arrived.
    pub severity: String,
    pub start: String,
    /// Still going on while empty.
    pub end: Option<String>,
    /// Where it came from: `frigate` (events), `frigate-review`.
    pub source: String,
    /// Its snapshot through the server (masked), while kept.
    #[serde(default)]
    pub snapshot_url: Option<String>,
}
