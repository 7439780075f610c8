//! Module 1's wire types: the counters of a period, per agency, district and month, and
//! the dossiers behind each number.

use serde::{Deserialize, Serialize};

/// What a summary or a list is asked for. Days are the province's (UTC+7), inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// `YYYY-MM-DD`; default: the first of January of `to`'s year.
    #[serde(default)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`; default: today.
    #[serde(default)]
    pub to: Option<String>,
    /// A department's code.
    #[serde(default)]
    pub agency: Option<String>,
    /// A district's code, or the province's for provincial agencies.
    #[serde(default)]
    pub unit: Option<String>,
}

/// The counters of one period, as officials count them (see `rules`). Rates are
/// percentages with one decimal, `None` when their denominator is 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub received: u64,
    pub received_online: u64,
    pub paid_online: u64,
    pub digitised: u64,
    pub resolved: u64,
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    /// At the end of the period (or now, for a period that has not ended).
    pub pending: u64,
    pub pending_within: u64,
    pub pending_overdue: u64,
    pub on_time_rate: Option<f64>,
    pub online_rate: Option<f64>,
    pub online_payment_rate: Option<f64>,
    pub digitised_rate: Option<f64>,
}

/// `part ÷ whole` as a percentage with one decimal; `None` for an empty whole.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

impl Counts {
    /// Fills in the rates and the split of the pending from the counts.
    pub fn finish(mut self) -> Self {
        self.pending_within = self.pending.saturating_sub(self.pending_overdue);
        self.on_time_rate = rate(self.resolved_early + self.resolved_on_time, self.resolved);
        self.online_rate = rate(self.received_online, self.received);
        self.online_payment_rate = rate(self.paid_online, self.received);
        self.digitised_rate = rate(self.digitised, self.received);
        self
    }
}

/// An agency's counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyCounts {
    pub agency: String,
    pub name: String,
    pub name_en: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A district's (or the province's own agencies') counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCounts {
    pub unit: String,
    pub name: String,
    pub name_en: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A month's counters: flows inside the month (within the period), pending at its end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthCounts {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// `GET /api/v1/admin-services/summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub from: String,
    pub to: String,
    pub agency: Option<String>,
    pub unit: Option<String>,
    /// The moment the pending are counted at (RFC 3339, province time): the end of `to`,
    /// or now when `to` is today or later.
    pub as_of: String,
    #[serde(flatten)]
    pub totals: Counts,
    pub by_agency: Vec<AgencyCounts>,
    pub by_unit: Vec<UnitCounts>,
    pub by_month: Vec<MonthCounts>,
}

/// Which dossiers behind a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Received,
    Resolved,
    Early,
    OnTime,
    Late,
    Pending,
    Within,
    Overdue,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Received,
        Kind::Resolved,
        Kind::Early,
        Kind::OnTime,
        Kind::Late,
        Kind::Pending,
        Kind::Within,
        Kind::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Received => "received",
            Kind::Resolved => "resolved",
            Kind::Early => "early",
            Kind::OnTime => "on_time",
            Kind::Late => "late",
            Kind::Pending => "pending",
            Kind::Within => "within",
            Kind::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A page of dossiers behind a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierQuery {
    pub kind: Kind,
    #[serde(flatten)]
    pub filter: Filter,
    /// 1-based.
    #[serde(default)]
    pub page: Option<u64>,
}

/// One dossier as lists show it: no personal data (dossiers carry none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierRow {
    pub id: String,
    pub agency: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub unit: String,
    pub level: String,
    pub channel: String,
    pub status: String,
    /// RFC 3339 in the province's time.
    pub received_at: String,
    pub due_at: String,
    pub resolved_at: Option<String>,
    /// Whole days past `due_at` at the list's moment (0 when not overdue).
    pub days_overdue: i64,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierPage {
    pub kind: Kind,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
    pub as_of: String,
    pub rows: Vec<DossierRow>,
}
