//! Module 7's wire types: stations, readings and what the ingestion answers, indices
//! and the series the pages draw.

use super::params::StationKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A station as a department's system registers it (`POST /api/v1/environment/stations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationInput {
    pub code: String,
    pub name: String,
    /// The English name, for the pages in English.
    #[serde(default)]
    pub name_en: Option<String>,
    pub kind: StationKind,
    pub lat: f64,
    pub lon: f64,
    pub district_code: Option<String>,
    pub parameters: Vec<String>,
    /// `automatic` (default) or `periodic` (samples taken by hand).
    #[serde(default)]
    pub mode: Option<String>,
    /// Minutes between readings; silence longer than this raises a "Sống" alert.
    /// Default: 60 for automatic stations, 31 days for periodic ones.
    #[serde(default)]
    pub interval_minutes: Option<u32>,
    /// Limits per parameter in the parameter's unit, overriding the defaults.
    #[serde(default)]
    pub limits: BTreeMap<String, f64>,
    /// The owning department; a department's key may only name its own. Default: the
    /// key's department, else the Department of Natural Resources and Environment.
    #[serde(default)]
    pub department: Option<String>,
}

/// A registered station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    pub kind: StationKind,
    pub mode: String,
    pub lat: f64,
    pub lon: f64,
    pub district_code: Option<String>,
    pub district_name: Option<String>,
    #[serde(default)]
    pub district_name_en: Option<String>,
    pub department: String,
    pub parameters: Vec<String>,
    pub interval_minutes: u32,
    /// The limit in force per parameter (the station's own or the default).
    pub limits: BTreeMap<String, f64>,
    /// The latest reading's time, RFC 3339.
    pub last_reading_at: Option<String>,
}

impl Station {
    /// The station's name in the reader's language (its Vietnamese name if it has no other).
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.name(&self.name, self.name_en.as_deref())
    }

    /// The station's district in the reader's language.
    pub fn district_in(&self, lang: crate::i18n::Lang) -> Option<&str> {
        let vi = self.district_name.as_deref()?;
        Some(lang.name(vi, self.district_name_en.as_deref()))
    }
}

/// One reading, as sent over HTTP or MQTT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingInput {
    /// Over MQTT the topic names the station and this may be left out.
    #[serde(default)]
    pub station_code: Option<String>,
    pub parameter: String,
    /// ISO 8601 with an offset, e.g. `2024-03-01T08:00:00+07:00`.
    pub time: String,
    pub value: f64,
    #[serde(default)]
    pub unit: Option<String>,
}

/// A reading refused, by its position in the list (from 0) and the field at fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingRejection {
    pub index: usize,
    pub field: String,
    pub reason: String,
}

/// A reading stored but flagged: implausible, so left out of rollups and indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingFlag {
    pub index: usize,
    pub station_code: String,
    pub parameter: String,
    pub time: String,
    pub value: f64,
    pub reason: String,
}

/// What the ingestion did with a list of readings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingReport {
    /// False when nothing was stored (a rejected reading without `partial`).
    pub committed: bool,
    pub received: usize,
    pub inserted: u64,
    /// Readings for a (station, parameter, time) already stored with another value.
    pub updated: u64,
    /// Readings already stored with the same value (sent twice).
    pub unchanged: u64,
    pub flagged: Vec<ReadingFlag>,
    pub rejected: Vec<ReadingRejection>,
}

/// One index value (VN_AQI hourly or daily, VN_WQI) with its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexPoint {
    /// The hour's start (hourly, WQI) or the day (daily, `YYYY-MM-DD`), RFC 3339 in UTC+7.
    pub time: String,
    pub value: u32,
    pub label_vi: String,
    pub label_en: String,
    /// `#rrggbb`.
    pub colour: String,
    /// The parameter with the largest sub-index (AQI) or the lowest (WQI).
    pub dominant: Option<String>,
    pub sub_indices: BTreeMap<String, f64>,
}

/// A station with its current index, for maps and tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationNow {
    pub station: Station,
    /// The latest hourly AQI (air) or WQI (water), if any.
    pub index: Option<IndexPoint>,
    /// No reading for longer than the station's interval.
    pub silent: bool,
}

/// The province's current picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentNow {
    pub stations: Vec<StationNow>,
    /// RFC 3339.
    pub generated_at: String,
    pub demo: bool,
}

/// The spans a station's charts cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Range {
    Day,
    Week,
    Month,
    Year,
}

impl Range {
    pub const ALL: [Range; 4] = [Range::Day, Range::Week, Range::Month, Range::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Range::Day => "day",
            Range::Week => "week",
            Range::Month => "month",
            Range::Year => "year",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Range::Day => lang.pick("24 giờ", "24 h"),
            Range::Week => lang.pick("7 ngày", "7 days"),
            Range::Month => lang.pick("30 ngày", "30 days"),
            Range::Year => lang.pick("1 năm", "1 year"),
        }
    }

    /// Seconds covered.
    pub fn seconds(self) -> i64 {
        match self {
            Range::Day => 24 * 3600,
            Range::Week => 7 * 24 * 3600,
            Range::Month => 30 * 24 * 3600,
            Range::Year => 365 * 24 * 3600,
        }
    }

    /// One point per hour, or per day for a year.
    pub fn step(self) -> i64 {
        match self {
            Range::Year => 24 * 3600,
            _ => 3600,
        }
    }
}

/// One parameter's series over the range, aligned with [`StationSeries::times`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamSeries {
    pub parameter: String,
    pub unit: String,
    /// Hourly (or daily) means; `None` where no valid reading exists.
    pub mean: Vec<Option<f64>>,
    /// The limit in force, if any.
    pub limit: Option<f64>,
    /// Points of the range above the limit.
    pub exceedances: u32,
    pub max: Option<f64>,
}

/// A station's charts for one range: served from the hourly and daily rollups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationSeries {
    pub station: Station,
    pub range: Range,
    /// The start of each point (epoch seconds).
    pub times: Vec<i64>,
    pub params: Vec<ParamSeries>,
    /// The index over the same points (hourly AQI/WQI, daily AQI for a year).
    pub index: Vec<Option<u32>>,
    /// The latest index with its parts and the latest value of each parameter.
    pub now: Option<IndexPoint>,
    pub latest: Vec<LatestValue>,
    /// Readings of the range flagged as implausible.
    pub flagged: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatestValue {
    pub parameter: String,
    pub value: f64,
    pub unit: String,
    /// RFC 3339.
    pub time: String,
}
