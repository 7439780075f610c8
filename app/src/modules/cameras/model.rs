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
    /// Whether credentials are stored (never what they are).
    pub has_credentials: bool,
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
