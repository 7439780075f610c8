//! Wire types of module 4, health: facilities and disease surveillance. Aggregates only:
//! no patient appears anywhere.

use serde::{Deserialize, Serialize};

/// The reportable diseases the demo and the page know by code (code, vi, en). Others sent
/// by the department show under their code.
pub const DISEASES: [(&str, &str, &str); 3] = [
    ("dengue", "Sốt xuất huyết", "Dengue"),
    ("hfmd", "Tay chân miệng", "Hand, foot and mouth disease"),
    ("measles", "Sởi", "Measles"),
];

pub fn disease_name(code: &str, lang: crate::i18n::Lang) -> String {
    DISEASES
        .iter()
        .find(|d| d.0 == code)
        .map(|d| lang.pick(d.1, d.2).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A hospital, district health centre or commune health station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    pub name: String,
    /// `hospital`, `district_centre` or `commune_station`.
    pub kind: String,
    /// `province`, `district` or `commune`.
    pub level: String,
    pub unit: Option<String>,
    pub beds: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    /// Generated for the demo, not a real record.
    pub synthetic: bool,
}

/// One disease in one district (or the province) over the year's weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiseaseWeeks {
    pub disease: String,
    /// A district's code; None for the whole province.
    pub unit: Option<String>,
    pub cases: Vec<Option<f64>>,
    pub deaths: Vec<Option<f64>>,
    pub median: Vec<Option<f64>>,
    pub threshold: Vec<Option<f64>>,
    /// Weeks whose cases exceed the threshold (indexes into `weeks`).
    pub above: Vec<usize>,
}

/// Module 4's own sections for a year: facilities and the surveillance weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthBoard {
    pub year: i32,
    pub unit: Option<String>,
    pub facilities: Vec<Facility>,
    /// The year's ISO weeks, `2024-W01`….
    pub weeks: Vec<String>,
    pub diseases: Vec<DiseaseWeeks>,
    /// The districts' names, for the tables.
    pub districts: Vec<crate::modules::indicators::model::UnitName>,
}

impl HealthBoard {
    pub fn unit_name(&self, code: Option<&str>, lang: crate::i18n::Lang) -> String {
        crate::modules::indicators::model::unit_name(&self.districts, code, lang)
    }
}
