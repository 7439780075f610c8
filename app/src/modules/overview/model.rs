use crate::model::{Kpi, Series};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewFilter {
    pub year: i32,
    /// A district's GSO code; `None` for the whole province.
    pub district: Option<String>,
    /// 1–12; `None` for the whole year.
    pub month: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictRef {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictValue {
    pub code: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewData {
    pub filter: OverviewFilter,
    /// Years that have data, oldest first.
    pub years: Vec<i32>,
    pub districts: Vec<DistrictRef>,
    pub kpis: Vec<Kpi>,
    /// Tourist visits per month (12 values) for the chosen area and year.
    pub visitors_by_month: Series,
    /// Dossiers resolved on time and late per month, stacked.
    pub dossiers_by_month: Vec<Series>,
    /// Tourist visits per district for the chosen period: the map's choropleth.
    pub visitors_by_district: Vec<DistrictValue>,
    /// True when the figures are generated demo data.
    pub demo: bool,
}

/// KPI keys, also used as test ids.
pub mod kpi {
    pub const POPULATION: &str = "population";
    pub const VISITORS: &str = "visitors";
    pub const DOSSIERS: &str = "dossiers";
    pub const ON_TIME: &str = "on_time";
    pub const FEEDBACK: &str = "feedback";
    pub const FEEDBACK_RESOLVED: &str = "feedback_resolved";
}
