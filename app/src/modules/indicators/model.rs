//! Wire types of socio-economic indicators: their definition (what administrators edit)
//! and their computed values (what module 8 shows).

use serde::{Deserialize, Serialize};

/// How the rows of a dataset become one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// Sum of a field.
    Sum,
    /// Mean of a field over the rows that have it.
    Avg,
    /// Number of rows (that have the field, when one is named).
    Count,
    /// Sum of the field ÷ sum of the denominator field × factor.
    Ratio,
}

impl Aggregate {
    pub const ALL: [Aggregate; 4] = [
        Aggregate::Sum,
        Aggregate::Avg,
        Aggregate::Count,
        Aggregate::Ratio,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Avg => "avg",
            Aggregate::Count => "count",
            Aggregate::Ratio => "ratio",
        }
    }

    pub fn parse(s: &str) -> Option<Aggregate> {
        Aggregate::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Sums and counts add up over the year (year-to-date, pro-rata targets);
    /// averages and ratios are levels, compared with their target as they are.
    pub fn cumulative(self) -> bool {
        matches!(self, Aggregate::Sum | Aggregate::Count)
    }
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Formula {
    pub aggregate: Aggregate,
    /// The dataset's code.
    pub dataset: String,
    /// The field summed or averaged, the numerator of a ratio, or (optional) the field a
    /// counted row must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The denominator of a ratio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    /// Multiplies the result, e.g. 100 for a percentage.
    #[serde(default = "one")]
    pub factor: f64,
}

impl Formula {
    /// The fields of its dataset it reads: the field and the denominator, when named.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        [self.field.as_deref(), self.denominator.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
    }

    /// The formula as people read it, e.g. `sum(visitors) × 1` → "Σ visitors".
    pub fn text(&self) -> String {
        let field = self.field.as_deref().unwrap_or("*");
        let core = match self.aggregate {
            Aggregate::Sum => format!("Σ {field}"),
            Aggregate::Avg => format!("avg({field})"),
            Aggregate::Count => format!("count({field})"),
            Aggregate::Ratio => format!(
                "Σ {field} ÷ Σ {}",
                self.denominator.as_deref().unwrap_or("?")
            ),
        };
        if self.factor == 1.0 {
            core
        } else {
            format!("{core} × {}", self.factor)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// More is better (revenue, visitors, on-time rate).
    Higher,
    /// Less is better (late rate, pollution).
    Lower,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Periodicity {
    Month,
    Quarter,
    Year,
}

impl Periodicity {
    pub const ALL: [Periodicity; 3] = [Periodicity::Month, Periodicity::Quarter, Periodicity::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Periodicity::Month => "month",
            Periodicity::Quarter => "quarter",
            Periodicity::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Periodicity> {
        Periodicity::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The periods of a year: `2024-01`…`2024-12`, `2024-Q1`…`2024-Q4`, or `2024`.
    pub fn periods(self, year: i32) -> Vec<String> {
        match self {
            Periodicity::Month => (1..=12).map(|m| format!("{year:04}-{m:02}")).collect(),
            Periodicity::Quarter => (1..=4).map(|q| format!("{year:04}-Q{q}")).collect(),
            Periodicity::Year => vec![format!("{year:04}")],
        }
    }

    /// The last month (1–12) of a period of this periodicity, from its index in the year.
    pub fn end_month(self, index: usize) -> u32 {
        match self {
            Periodicity::Month => index as u32 + 1,
            Periodicity::Quarter => (index as u32 + 1) * 3,
            Periodicity::Year => 12,
        }
    }
}

/// A target for a year, or for one period of it, for the province or one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub year: i32,
    /// A period in the indicator's periodicity (`2024-Q2`); absent for the whole year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// An administrative unit's code; absent for the province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub value: f64,
}

/// Status bands as % attainment of the target: green at or above `green`, amber at or
/// above `amber`, red below.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub green: f64,
    pub amber: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            green: 100.0,
            amber: 90.0,
        }
    }
}

/// An indicator as administrators define it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDef {
    pub code: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Display unit, e.g. "tỷ đồng" or "%".
    pub unit: String,
    #[serde(default)]
    pub decimals: u8,
    pub direction: Direction,
    pub periodicity: Periodicity,
    /// The responsible department's code.
    pub department: String,
    pub formula: Formula,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Demo figures, labelled as such wherever they show.
    #[serde(default)]
    pub demo: bool,
}

/// A stored indicator with who changed it last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRecord {
    pub def: IndicatorDef,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Green,
    Amber,
    Red,
    /// A value but no target to compare with.
    NoTarget,
    /// No data for the span.
    NoData,
}

impl Status {
    pub fn slug(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::NoTarget => "no-target",
            Status::NoData => "no-data",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Status::Green => lang.pick("Đạt", "On track"),
            Status::Amber => lang.pick("Cần chú ý", "At risk"),
            Status::Red => lang.pick("Không đạt", "Off track"),
            Status::NoTarget => lang.pick("Chưa có chỉ tiêu", "No target"),
            Status::NoData => lang.pick("Chưa có số liệu", "No data"),
        }
    }
}

/// An indicator's value for one unit over the selected span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitValue {
    pub unit: String,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub pct_of_target: Option<f64>,
    pub status: Status,
}

/// One indicator on the board: the year to date for the selected unit, its periods and
/// its districts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorView {
    pub def: IndicatorDef,
    pub department_name: String,
    pub formula_text: String,
    /// Year to date (sums) or the level over the year to date (averages, ratios).
    pub value: Option<f64>,
    /// The whole year's target.
    pub target: Option<f64>,
    /// The target for the span so far: pro-rata for sums, the target itself for levels.
    pub target_to_date: Option<f64>,
    pub pct_of_target: Option<f64>,
    pub status: Status,
    /// The latest period with data in the span.
    pub last_period: Option<String>,
    /// Periods of the year in the indicator's periodicity, and per period: the value,
    /// the year to date, and the target to date.
    pub periods: Vec<String>,
    pub period_values: Vec<Option<f64>>,
    pub to_date: Vec<Option<f64>>,
    pub target_line: Vec<Option<f64>>,
    /// Per district, over the same span.
    pub by_unit: Vec<UnitValue>,
    /// When the data behind it last changed.
    pub last_update: Option<String>,
}

/// A district as selectors and the map name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitName {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

/// A district's name in the reader's language: the whole province for none, the code of
/// one not on the list.
pub fn unit_name(districts: &[UnitName], code: Option<&str>, lang: crate::i18n::Lang) -> String {
    let Some(code) = code else {
        return lang.pick("Toàn tỉnh", "Whole province").to_string();
    };
    districts
        .iter()
        .find(|d| d.code == code)
        .map(|d| lang.pick(&d.name, &d.name_en).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Module 8's data for one year (up to a month) and one unit or the province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorBoard {
    pub year: i32,
    pub through_month: u32,
    pub unit: Option<String>,
    pub years: Vec<i32>,
    pub districts: Vec<UnitName>,
    pub indicators: Vec<IndicatorView>,
    pub demo: bool,
}

/// One dataset row behind a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    pub unit: Option<String>,
    pub unit_name: Option<String>,
    pub period: Option<String>,
    /// The formula's fields and their values in this row.
    pub values: Vec<(String, Option<f64>)>,
    /// The batch that wrote it; 0 for a row a module derives as it is read.
    pub batch_id: i64,
    pub updated_at: String,
}

pub use crate::modules::datasets::model::SourceBatch;

/// Where a value came from: formula, dataset, department, rows and the batches that
/// brought them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub indicator: String,
    pub title: String,
    pub formula_text: String,
    pub dataset: String,
    pub dataset_title: String,
    pub department: String,
    pub department_name: String,
    pub unit: Option<String>,
    pub unit_name: Option<String>,
    /// The span: `2024-01`…`2024-06`, or one period.
    pub from_period: String,
    pub to_period: String,
    pub value: Option<f64>,
    pub row_count: u64,
    /// The first rows (at most [`Provenance::ROW_LIMIT`]).
    pub rows: Vec<SourceRow>,
    pub batches: Vec<SourceBatch>,
    pub last_update: Option<String>,
}

impl Provenance {
    pub const ROW_LIMIT: usize = 200;
}

/// A dataset an indicator may be built on, with its numeric fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceDataset {
    pub code: String,
    pub title: String,
    pub department: String,
    pub frequency: crate::modules::datasets::model::Frequency,
    /// (name, unit) of the integer and decimal fields.
    pub numeric_fields: Vec<(String, Option<String>)>,
    /// Every field's name, for counts.
    pub fields: Vec<String>,
}

/// What the indicator editor needs: the stored indicators, datasets and departments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorCatalogue {
    pub indicators: Vec<IndicatorRecord>,
    pub datasets: Vec<SourceDataset>,
    pub departments: Vec<crate::model::Department>,
}

/// A department's dataset as a sector page lists it: where its public rows are, and
/// whether the reader may send new figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorDataset {
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub public: bool,
    pub record_count: u64,
    pub last_ingest_at: Option<String>,
    /// The reader is this department's steward (or an administrator).
    pub may_upload: bool,
}

/// An indicator's value for the same span of the year before, for growth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousYear {
    pub code: String,
    pub value: Option<f64>,
    pub period_values: Vec<Option<f64>>,
}

/// A sector page's data (health, education, tourism): its department's indicators on
/// the board, the same span a year before, and its datasets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorBoard {
    pub department: String,
    pub board: IndicatorBoard,
    pub previous: Vec<PreviousYear>,
    pub datasets: Vec<SectorDataset>,
}

impl SectorBoard {
    /// Growth over the same span a year before, in %.
    pub fn growth(&self, code: &str, value: Option<f64>) -> Option<f64> {
        let before = self.previous.iter().find(|p| p.code == code)?.value?;
        let now = value?;
        (before != 0.0).then(|| (now - before) / before.abs() * 100.0)
    }
}
