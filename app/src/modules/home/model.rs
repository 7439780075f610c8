//! What the public home shows: figures any visitor may see, nothing personal.

use serde::{Deserialize, Serialize};

/// The home page's figures, from three modules' public functions in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicHome {
    /// Air stations, the worst air first (stations without a current index last).
    pub air: Vec<AirNow>,
    pub feedback: FeedbackResults,
    /// Public datasets in the catalogue.
    pub datasets: u64,
    /// The most recently updated public datasets (at most [`LATEST_DATASETS`]).
    pub latest: Vec<DatasetLink>,
    pub demo: bool,
}

pub const LATEST_DATASETS: usize = 4;

/// An air station's current VN_AQI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AirNow {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    pub district: Option<String>,
    #[serde(default)]
    pub district_en: Option<String>,
    /// The latest hourly VN_AQI, unless the station is silent.
    pub aqi: Option<u32>,
    pub label_vi: String,
    pub label_en: String,
    /// `#rrggbb`.
    pub colour: String,
    /// RFC 3339, the hour the index is for.
    pub at: Option<String>,
    /// No reading for longer than the station's interval.
    pub silent: bool,
}

/// Citizens' reports and how they were handled (Decision 766's ratios).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackResults {
    pub received: u64,
    pub resolved: u64,
    pub pending: u64,
    /// Handled by the deadline ÷ all within competence × 100.
    pub on_time_pct: Option<f64>,
    pub satisfaction_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetLink {
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub department_name: String,
    pub department_name_en: String,
    /// `YYYY-MM-DD` or RFC 3339.
    pub last_update: Option<String>,
}
