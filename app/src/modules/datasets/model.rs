//! Wire types of datasets, ingestion reports and quality scores.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Integer,
    Decimal,
    Text,
    Date,
    Enum,
    Boolean,
    /// Latitude in degrees, −90 to 90.
    Lat,
    /// Longitude in degrees, −180 to 180.
    Long,
    /// An administrative unit's GSO code.
    Unit,
    /// The period a row is about, in the dataset's frequency.
    Period,
    /// A moment with its offset from UTC (RFC 3339, e.g. `2024-03-01T08:30:00+07:00`).
    Datetime,
    /// A department's code (one of `/api/v1/departments`).
    Department,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Allowed values of an `enum` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Display unit, e.g. "lượt" or "triệu đồng".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// How rows of a numeric field combine over districts and periods: `sum` for counts and
    /// money, `mean` for averages, indices and ratios (summing them is meaningless). Unset:
    /// `mean` for a `%` unit or an index-like name, else `sum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine: Option<Combine>,
    /// Filters on this field use an index of its own (kept on every write: each costs some
    /// ingest speed). Unit and period fields are indexed anyway.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indexed: bool,
}

/// How a numeric field's rows combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    Sum,
    Mean,
}

impl FieldDef {
    /// The field's title in `lang`, else its other title, else its name.
    pub fn label(&self, lang: crate::i18n::Lang) -> &str {
        let (vi, en) = (self.title.as_deref(), self.title_en.as_deref());
        let first = match lang {
            crate::i18n::Lang::Vi => vi.or(en),
            crate::i18n::Lang::En => en.or(vi),
        };
        first.unwrap_or(&self.name)
    }

    /// How the field's rows combine (see [`FieldDef::combine`]).
    pub fn combines(&self) -> Combine {
        if let Some(c) = self.combine {
            return c;
        }
        let unit = self.unit.as_deref().unwrap_or_default().trim();
        let name = self.name.to_ascii_lowercase();
        let index_like = [
            "aqi", "wqi", "index", "avg", "mean", "average", "rate", "ratio", "pct", "percent",
            "score",
        ]
        .iter()
        .any(|w| name.split(['_', '-']).any(|part| part == *w));
        if unit == "%" || index_like {
            Combine::Mean
        } else {
            Combine::Sum
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

impl Frequency {
    /// How long data may go without an update before it is no longer live, in days.
    pub fn max_age_days(self) -> i64 {
        match self {
            Frequency::Daily => 1,
            Frequency::Weekly => 7,
            Frequency::Monthly => 31,
            Frequency::Quarterly => 92,
            Frequency::Yearly => 366,
        }
    }
}

/// A dataset as a department defines it (the body of `POST /api/v1/datasets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetDef {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The owning department; defaults to the caller's.
    #[serde(default)]
    pub department: Option<String>,
    pub frequency: Frequency,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub fields: Vec<FieldDef>,
    /// Field names whose values identify a row; rows with the same key are updated.
    pub key: Vec<String>,
    /// A `department` field naming who a row belongs to: a department's key or steward may
    /// then write the rows that name their department (each agency sends its own dossiers),
    /// as well as the dataset's own department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_field: Option<String>,
}

/// A stored dataset as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    #[serde(flatten)]
    pub def: DatasetDef,
    pub department: String,
    pub created_at: String,
    pub updated_at: String,
    /// When rows last changed, if ever.
    pub last_ingest_at: Option<String>,
    pub record_count: u64,
}

/// One refused cell or row: 1-based row number (the CSV header is row 1, so the first
/// data row is 2; in JSON arrays the first element is row 1), the column, the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub row: u64,
    pub column: Option<String>,
    /// In English: what machines read (and what batches stored before the Vietnamese was
    /// kept beside it hold alone).
    pub reason: String,
    /// The same in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_vi: Option<String>,
}

impl Rejection {
    pub fn new(row: u64, column: Option<String>, reason: crate::error::Text) -> Self {
        Self {
            row,
            column,
            reason: reason.en,
            reason_vi: Some(reason.vi),
        }
    }

    /// The reason in the reader's language (English where no Vietnamese was kept).
    pub fn reason(&self, lang: crate::i18n::Lang) -> &str {
        match (lang, &self.reason_vi) {
            (crate::i18n::Lang::Vi, Some(vi)) => vi,
            _ => &self.reason,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    pub batch_id: i64,
    pub dataset: String,
    /// False when nothing was stored (a rejected row without `?partial=true`).
    pub committed: bool,
    pub received: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub rejections: Vec<Rejection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i64,
    pub actor: String,
    pub source: String,
    pub received_at: String,
    pub committed: bool,
    pub received: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

/// One of the four scores, 0–1, with the counts it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub score: f64,
    pub numerator: u64,
    pub denominator: u64,
}

/// "Đủ, Đúng, Sạch, Sống".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    /// Đủ: share of expected unit × period cells present.
    pub complete: Score,
    /// Đúng: share of submitted rows valid against the schema.
    pub correct: Score,
    /// Sạch: share of submitted rows that were neither duplicates nor conflicting.
    pub clean: Score,
    /// Sống: 1 when updated within the expected frequency, falling to 0 at four periods late.
    pub live: Score,
    /// Days since the last update, if any.
    pub age_days: Option<f64>,
    /// Mean of the four.
    pub overall: f64,
}

/// A dataset as the data page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetRow {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    pub department: String,
    pub department_name: String,
    #[serde(default)]
    pub department_name_en: String,
    pub public: bool,
    pub record_count: u64,
    pub last_ingest_at: Option<String>,
    pub quality: Quality,
    /// Whether the caller may upload to it (its department's steward, or an admin).
    pub can_upload: bool,
}

/// A department's datasets taken together, for the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentQuality {
    pub department: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub datasets: u64,
    /// Mean of its datasets' overall scores.
    pub overall: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSummary {
    pub datasets: Vec<DatasetRow>,
    pub departments: Vec<DepartmentQuality>,
    /// The province: mean over every dataset.
    pub province_overall: Option<f64>,
}

/// An expected unit × period with no row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingCell {
    pub unit: String,
    pub unit_name: String,
    pub period: String,
}

/// A refused row and the batch that brought it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedRow {
    pub batch_id: i64,
    pub received_at: String,
    pub actor: String,
    /// Whether the rest of its batch was stored (`?partial=true`).
    pub committed: bool,
    #[serde(flatten)]
    pub rejection: Rejection,
}

/// The drill-down behind Đủ and Đúng: what is missing and what was refused (the first
/// 500 of each, with the totals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityDetail {
    pub dataset: String,
    pub title: String,
    pub missing: Vec<MissingCell>,
    pub missing_total: u64,
    pub rejected: Vec<RejectedRow>,
    pub rejected_total: u64,
}

/// A batch and how many of the rows shown it brought: where those rows came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceBatch {
    pub id: i64,
    pub actor: String,
    pub source: String,
    pub received_at: String,
    pub rows: u64,
}

/// What a figure on a module's page is made of: one dataset's rows of a district (its
/// own and its communes'), of the periods from `from` up to, not including, `until`
/// (normalised: `2024`, `2024-03`, `2024-W10`), and whose fields hold these values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RowsAsk {
    pub dataset: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    /// (field, value).
    #[serde(default)]
    pub filters: Vec<(String, String)>,
}

impl RowsAsk {
    /// The rows of one year of `dataset` (any periodicity: the year's periods share its
    /// prefix).
    pub fn year(dataset: &str, year: i32) -> Self {
        Self {
            dataset: dataset.to_string(),
            from: Some(format!("{year:04}")),
            until: Some(format!("{:04}", year + 1)),
            ..Default::default()
        }
    }

    /// Months 1 to `through` of a year of a monthly dataset.
    pub fn months(dataset: &str, year: i32, through: u32) -> Self {
        Self {
            until: Some(if through >= 12 {
                format!("{:04}", year + 1)
            } else {
                format!("{year:04}-{:02}", through + 1)
            }),
            ..Self::year(dataset, year)
        }
    }

    pub fn unit(mut self, unit: Option<String>) -> Self {
        self.unit = unit;
        self
    }

    pub fn filter(mut self, field: &str, value: &str) -> Self {
        self.filters.push((field.to_string(), value.to_string()));
        self
    }
}

/// One row behind a figure: its values in the order of [`DrillRows::fields`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillRow {
    pub unit_name: Option<String>,
    pub values: Vec<serde_json::Value>,
    pub batch_id: i64,
    pub updated_at: String,
}

/// The rows a [`RowsAsk`] names (the first [`DrillRows::ROW_LIMIT`]), with the batches
/// that brought them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillRows {
    pub dataset: String,
    pub title: String,
    pub title_en: Option<String>,
    pub department_name: String,
    pub unit_name: Option<String>,
    /// (name, title) of each field.
    pub fields: Vec<(String, Option<String>)>,
    pub row_count: u64,
    pub rows: Vec<DrillRow>,
    pub batches: Vec<SourceBatch>,
    pub last_update: Option<String>,
}

impl DrillRows {
    pub const ROW_LIMIT: usize = 200;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn rejections_stored_before_the_vietnamese_still_read() {
        let old: Rejection =
            serde_json::from_str(r#"{"row":3,"column":"month","reason":"required, but empty"}"#)
                .unwrap();
        assert_eq!(old.reason(Lang::Vi), "required, but empty");
        let new = Rejection::new(
            3,
            None,
            crate::tr!("trùng với dòng 2", "duplicate of row 2"),
        );
        assert_eq!(new.reason(Lang::Vi), "trùng với dòng 2");
        assert_eq!(new.reason(Lang::En), "duplicate of row 2");
        let back: Rejection = serde_json::from_str(&serde_json::to_string(&new).unwrap()).unwrap();
        assert_eq!(back, new);
    }

    #[test]
    fn a_span_of_months_ends_before_the_next_one() {
        let a = RowsAsk::months("tourism-monthly", 2024, 6);
        assert_eq!(
            (a.from.as_deref(), a.until.as_deref()),
            (Some("2024"), Some("2024-07"))
        );
        let a = RowsAsk::months("tourism-monthly", 2024, 12);
        assert_eq!(a.until.as_deref(), Some("2025"));
        // "2024-06" < "2024-07" and "2024" < "2024-01": the span holds months 1 to 6.
        assert!("2024" <= "2024-01" && "2024-06" < "2024-07");
    }
}
