//! Wire types of module 6, tourism: accommodation and attractions, and each district's
//! figures against the same span a year before.

use crate::i18n::Lang;
use crate::modules::indicators::model::UnitName;
use serde::{Deserialize, Serialize};

/// A hotel (accommodation) or an attraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TourismPlace {
    pub name: String,
    /// `accommodation` or `attraction`.
    pub kind: String,
    pub unit: Option<String>,
    pub rooms: Option<i64>,
    pub stars: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    pub synthetic: bool,
}

/// A district's figures over the span, and the same span a year before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DistrictTourism {
    pub unit: String,
    pub visitors: f64,
    pub visitors_before: f64,
    pub overnight: f64,
    pub international: f64,
    pub revenue: f64,
    pub revenue_before: f64,
    pub rooms: f64,
    /// Room nights sold ÷ available × 100.
    pub occupancy: Option<f64>,
}

/// Module 6's own sections for a year up to a month, province or district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TourismBoard {
    pub year: i32,
    pub through_month: u32,
    pub unit: Option<String>,
    pub places: Vec<TourismPlace>,
    pub by_district: Vec<DistrictTourism>,
    pub districts: Vec<UnitName>,
}

impl TourismBoard {
    pub fn unit_name(&self, code: Option<&str>, lang: Lang) -> String {
        crate::modules::indicators::model::unit_name(&self.districts, code, lang)
    }
}

/// Growth in % of `now` over `before`.
pub fn growth(now: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| (now - before) / before * 100.0)
}
