//! Wire types shared by every module.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Who is asking. Ordered: each role can do what the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Public,
    Official,
    Steward,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Public, Role::Official, Role::Steward, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Public => "public",
            Role::Official => "official",
            Role::Steward => "steward",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// True when this role may do what `needed` allows.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The signed-in user as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
}

/// A provincial department (Sở, ban, ngành): data, not code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub demo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    District,
    Commune,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<UnitLevel> {
        [UnitLevel::Province, UnitLevel::District, UnitLevel::Commune]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

/// An administrative unit (tỉnh, huyện, xã) valid over a span of dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminUnit {
    /// General Statistics Office code, e.g. "747".
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub name_short: String,
    pub unit_type: String,
    pub level: UnitLevel,
    pub parent_code: Option<String>,
    pub population: Option<i64>,
    /// ISO dates; `valid_to` is empty while the unit still exists.
    pub valid_from: String,
    pub valid_to: Option<String>,
}

/// A labelled number series for charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// One KPI as the tiles show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub key: String,
    pub value: f64,
    /// Unit label in Vietnamese and English, e.g. ("lượt", "visits").
    pub unit_vi: String,
    pub unit_en: String,
    /// Change against the same span of the previous year, in percent.
    pub change_pct: Option<f64>,
    /// Decimal places to show.
    pub decimals: u8,
}

impl Kpi {
    /// A count, with its change against the same span a year before (when there was one).
    pub fn count(key: &str, now: f64, before: f64, unit_vi: &str, unit_en: &str) -> Kpi {
        Kpi {
            key: key.into(),
            value: now,
            unit_vi: unit_vi.into(),
            unit_en: unit_en.into(),
            change_pct: (before > 0.0).then(|| (now - before) / before * 100.0),
            decimals: 0,
        }
    }
}

/// A point on the map with its popup text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapMarker {
    pub lat: f64,
    pub lon: f64,
    pub title: String,
    /// Plain text; the map escapes it.
    pub detail: String,
    /// A category, e.g. "hospital", used for the marker's style and the layer toggle.
    pub kind: String,
    /// A fill colour (`#rrggbb`) overriding the kind's, e.g. a station's index band.
    #[serde(default)]
    pub color: Option<String>,
}

/// What every map needs from the server: boundaries, places and the tile setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapBase {
    /// A GeoJSON FeatureCollection of the district-level units; each feature has
    /// `code`, `name` and `name_en` properties.
    pub districts_geojson: String,
    pub attribution: String,
    /// A tile URL template from the configuration; without it the map shows boundaries only.
    pub tile_url: Option<String>,
    pub tile_attribution: Option<String>,
    pub places: Vec<MapMarker>,
}

/// How urgent an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Severity {
        if s == "critical" {
            Severity::Critical
        } else {
            Severity::Warning
        }
    }
}

/// One alert of the shared feed: raised by a module's rule, shown on the overview and on
/// the module's page until the condition ends; an official acknowledges it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub id: i64,
    /// The module that raised it, by its slug (`environment`).
    pub module: String,
    /// The rule, e.g. `aqi`, `limit`, `silence`.
    pub kind: String,
    /// What it is about, e.g. a station's code.
    pub subject: String,
    pub subject_name: String,
    pub severity: Severity,
    pub title_vi: String,
    pub title_en: String,
    /// The value that raised it, with its unit, as text ("AQI 163", "NO₂ 240 µg/m³").
    pub value: String,
    /// When the condition was observed (the data's time), RFC 3339.
    pub observed_at: String,
    pub raised_at: String,
    /// Set when the condition has ended.
    pub cleared_at: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

/// What an alert feed asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertQuery {
    /// One module's alerts only.
    pub module: Option<String>,
    /// Also the ones whose condition has ended (most recent first).
    pub include_cleared: bool,
    pub limit: Option<u32>,
}
