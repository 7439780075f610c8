//! The Decision 766/QĐ-TTg scorecard (chất lượng phục vụ người dân, doanh nghiệp trong
//! thực hiện thủ tục hành chính): five groups, 100 points. Each sub-indicator is data
//! (numerator, denominator, maximum points, scoring rule) that an administrator corrects
//! without a code change; those the IOC can count are computed from the dossiers and from
//! module 9's reports, the others are entered per period by the responsible department.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};

/// The five groups: number, Vietnamese and English names, points.
pub const GROUPS: [(u8, &str, &str, f64); 5] = [
    (1, "Công khai, minh bạch", "Openness and transparency", 18.0),
    (
        2,
        "Tiến độ, kết quả giải quyết",
        "Progress and results",
        20.0,
    ),
    (3, "Số hóa hồ sơ", "Digitised dossiers", 22.0),
    (4, "Cung cấp dịch vụ trực tuyến", "Online services", 22.0),
    (5, "Mức độ hài lòng", "Satisfaction", 18.0),
];

/// What a computed sub-indicator counts. `entered` marks the others.
pub const ENTERED: &str = "entered";
/// (key, what it counts in Vietnamese, in English).
pub const MEASURES: [(&str, &str, &str); 7] = [
    (
        "dossiers.on_time",
        "hồ sơ: (trước hạn + đúng hạn) ÷ đã giải quyết",
        "dossiers: (early + on time) ÷ resolved",
    ),
    (
        "dossiers.not_overdue",
        "hồ sơ: còn hạn ÷ đang giải quyết cuối kỳ",
        "dossiers: within deadline ÷ pending at the end",
    ),
    (
        "dossiers.digitised",
        "hồ sơ: số hoá ÷ tiếp nhận",
        "dossiers: digitised ÷ received",
    ),
    (
        "dossiers.online",
        "hồ sơ: tiếp nhận trực tuyến ÷ tiếp nhận",
        "dossiers: received online ÷ received",
    ),
    (
        "dossiers.paid_online",
        "hồ sơ: thanh toán trực tuyến ÷ tiếp nhận",
        "dossiers: paid online ÷ received",
    ),
    (
        "feedback.on_time",
        "phản ánh: xử lý đúng hạn ÷ thuộc thẩm quyền",
        "feedback: handled by the deadline ÷ within competence",
    ),
    (
        "feedback.satisfaction",
        "phản ánh: (tất cả − không hài lòng hoặc trễ hạn) ÷ tất cả",
        "feedback: (all − unsatisfied or late) ÷ all",
    ),
];

/// How a ratio (in %) becomes points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// maximum × ratio ÷ 100.
    Proportional,
    /// The first step whose `at_least` the ratio reaches gives `share` of the maximum;
    /// none reached gives 0.
    Thresholds { steps: Vec<Step> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// A ratio in %, 0 to 100.
    pub at_least: f64,
    /// Of the maximum points, 0 to 1.
    pub share: f64,
}

impl Rule {
    /// Points for `ratio` (%), rounded to two decimals.
    pub fn points(&self, ratio: f64, max: f64) -> f64 {
        let ratio = ratio.clamp(0.0, 100.0);
        let p = match self {
            Rule::Proportional => max * ratio / 100.0,
            Rule::Thresholds { steps } => steps
                .iter()
                .find(|s| ratio >= s.at_least)
                .map(|s| max * s.share)
                .unwrap_or(0.0),
        };
        round2(p)
    }

    /// "tỉ lệ" or "≥ 95 %: 100 % · ≥ 80 %: 50 %" for the page.
    pub fn describe(&self, vi: bool) -> String {
        match self {
            Rule::Proportional => {
                if vi {
                    "theo tỉ lệ".into()
                } else {
                    "proportional".into()
                }
            }
            Rule::Thresholds { steps } => steps
                .iter()
                .map(|s| format!("≥ {} %: {} %", s.at_least, round2(s.share * 100.0)))
                .collect::<Vec<_>>()
                .join(" · "),
        }
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// One sub-indicator, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubIndicator {
    /// `1.1`, `2.3`…
    pub code: String,
    pub group: u8,
    pub title: String,
    pub title_en: String,
    pub numerator: String,
    pub numerator_en: String,
    pub denominator: String,
    pub denominator_en: String,
    pub max_points: f64,
    pub rule: Rule,
    /// A key of [`MEASURES`], or [`ENTERED`].
    pub source: String,
    /// The department that enters an entered sub-indicator's province-wide value.
    pub department: Option<String>,
    /// Moves on each change: an edit made on an older version is refused.
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

impl SubIndicator {
    pub fn computed(&self) -> bool {
        self.source != ENTERED
    }
}

/// An administrator's correction of a sub-indicator's weight, rule or wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreEdit {
    pub code: String,
    /// The version the administrator saw.
    pub version: i64,
    pub max_points: f64,
    pub rule: Rule,
    pub title: String,
    pub title_en: String,
}

impl ScoreEdit {
    /// Names the field that is wrong.
    pub fn validate(&self) -> AppResult<()> {
        if !self.max_points.is_finite() || !(0.0..=100.0).contains(&self.max_points) {
            return Err(AppError::invalid(
                "max_points",
                tr!("phải từ 0 đến 100 điểm", "must be 0 to 100 points"),
            ));
        }
        if self.title.trim().is_empty() {
            return Err(AppError::invalid(
                "title",
                tr!("không được để trống", "must not be empty"),
            ));
        }
        if let Rule::Thresholds { steps } = &self.rule {
            if steps.is_empty() {
                return Err(AppError::invalid(
                    "rule",
                    tr!("cần ít nhất một ngưỡng", "needs at least one threshold"),
                ));
            }
            for (i, s) in steps.iter().enumerate() {
                let n = i + 1;
                if !s.at_least.is_finite() || !(0.0..=100.0).contains(&s.at_least) {
                    return Err(AppError::invalid(
                        "rule",
                        tr!(
                            "ngưỡng {n}: tỉ lệ phải từ 0 đến 100 %",
                            "threshold {n}: the ratio must be 0 to 100 %"
                        ),
                    ));
                }
                if !s.share.is_finite() || !(0.0..=1.0).contains(&s.share) {
                    return Err(AppError::invalid(
                        "rule",
                        tr!(
                            "ngưỡng {n}: phần điểm phải từ 0 đến 100 %",
                            "threshold {n}: the share of points must be 0 to 100 %"
                        ),
                    ));
                }
                if i > 0 && s.at_least >= steps[i - 1].at_least {
                    return Err(AppError::invalid(
                        "rule",
                        tr!(
                            "ngưỡng {n}: các ngưỡng phải giảm dần",
                            "threshold {n}: thresholds must go down"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A department's value of an entered sub-indicator for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreEntry {
    pub code: String,
    /// `YYYY` or `YYYY-Qn`.
    pub period: String,
    /// The agency the value is for; empty for the province as a whole.
    #[serde(default)]
    pub agency: String,
    pub numerator: f64,
    pub denominator: f64,
}

impl ScoreEntry {
    pub fn validate(&self) -> AppResult<()> {
        period_span(&self.period)?;
        if !self.denominator.is_finite() || self.denominator <= 0.0 {
            return Err(AppError::invalid(
                "denominator",
                tr!("phải lớn hơn 0", "must be greater than 0"),
            ));
        }
        if !self.numerator.is_finite() || self.numerator < 0.0 {
            return Err(AppError::invalid(
                "numerator",
                tr!("không được âm", "must not be negative"),
            ));
        }
        if self.numerator > self.denominator {
            return Err(AppError::invalid(
                "numerator",
                tr!(
                    "không được lớn hơn mẫu số",
                    "must not exceed the denominator"
                ),
            ));
        }
        Ok(())
    }
}

/// A period's first and last day (`YYYY-MM-DD`): `2026` or `2026-Q3`.
pub fn period_span(period: &str) -> AppResult<(String, String)> {
    let bad = || {
        AppError::invalid(
            "period",
            tr!(
                "'{period}' không phải một năm (2026) hay một quý (2026-Q3)",
                "'{period}' is neither a year (2026) nor a quarter (2026-Q3)"
            ),
        )
    };
    let (year, quarter) = match period.split_once("-Q") {
        Some((y, q)) => (y, Some(q.parse::<u8>().map_err(|_| bad())?)),
        None => (period, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match quarter {
        None => Ok((format!("{year}-01-01"), format!("{year}-12-31"))),
        Some(q @ 1..=4) => {
            let first = 3 * (q - 1) + 1;
            let last = first + 2;
            let end = if last == 6 || last == 9 { 30 } else { 31 };
            Ok((
                format!("{year}-{first:02}-01"),
                format!("{year}-{last:02}-{end}"),
            ))
        }
        Some(_) => Err(bad()),
    }
}

/// The periods offered: this year's quarters up to `today` (`YYYY-MM-DD`), the year,
/// then last year's, newest first.
pub fn periods(today: &str) -> Vec<String> {
    let year: i32 = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2024);
    let month: u32 = today.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(12);
    let mut out = Vec::new();
    for q in (1..=month.div_ceil(3)).rev() {
        out.push(format!("{year}-Q{q}"));
    }
    out.push(year.to_string());
    for q in (1..=4).rev() {
        out.push(format!("{}-Q{q}", year - 1));
    }
    out.push((year - 1).to_string());
    out
}

/// A sub-indicator's value for one scope (the province or an agency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// %, two decimals; `None` without data (no denominator, or not entered).
    pub ratio: Option<f64>,
    /// `None` without data.
    pub points: Option<f64>,
}

impl Line {
    pub fn new(def: &SubIndicator, value: Option<(f64, f64)>) -> Line {
        let ratio = value
            .filter(|(_, d)| *d > 0.0)
            .map(|(n, d)| round2(n / d * 100.0));
        Line {
            code: def.code.clone(),
            numerator: value.map(|v| v.0),
            denominator: value.map(|v| v.1),
            ratio,
            points: ratio.map(|r| def.rule.points(r, def.max_points)),
        }
    }
}

/// The scores of the province or of one agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeScore {
    /// An agency's code; empty for the province.
    pub scope: String,
    pub name: String,
    pub name_en: String,
    /// Points per group, in [`GROUPS`]' order.
    pub groups: Vec<f64>,
    pub total: f64,
    /// The points of the sub-indicators that have data: the total is out of these.
    pub scored_max: f64,
    pub lines: Vec<Line>,
}

impl ScopeScore {
    pub fn new(
        scope: String,
        name: String,
        name_en: String,
        defs: &[SubIndicator],
        lines: Vec<Line>,
    ) -> Self {
        let mut groups = vec![0.0; GROUPS.len()];
        let mut scored_max = 0.0;
        for (def, line) in defs.iter().zip(&lines) {
            if let Some(p) = line.points {
                if let Some(g) = groups.get_mut(usize::from(def.group.max(1)) - 1) {
                    *g += p;
                }
                scored_max += def.max_points;
            }
        }
        let groups: Vec<f64> = groups.into_iter().map(round2).collect();
        ScopeScore {
            scope,
            name,
            name_en,
            total: round2(groups.iter().sum()),
            groups,
            scored_max: round2(scored_max),
            lines,
        }
    }
}

/// `GET /api/v1/admin-services/scorecard`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub period: String,
    pub from: String,
    pub to: String,
    pub periods: Vec<String>,
    pub indicators: Vec<SubIndicator>,
    pub province: ScopeScore,
    /// Highest total first.
    pub agencies: Vec<ScopeScore>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps() -> Rule {
        Rule::Thresholds {
            steps: vec![
                Step {
                    at_least: 95.0,
                    share: 1.0,
                },
                Step {
                    at_least: 80.0,
                    share: 0.5,
                },
            ],
        }
    }

    #[test]
    fn rules_turn_ratios_into_points() {
        assert_eq!(Rule::Proportional.points(87.5, 12.0), 10.5);
        assert_eq!(Rule::Proportional.points(120.0, 12.0), 12.0);
        assert_eq!(steps().points(95.0, 6.0), 6.0);
        assert_eq!(steps().points(94.99, 6.0), 3.0);
        assert_eq!(steps().points(79.0, 6.0), 0.0);
    }

    #[test]
    fn a_scope_adds_its_groups_and_says_what_it_is_out_of() {
        let def = |code: &str, group: u8, max: f64| SubIndicator {
            code: code.into(),
            group,
            title: code.into(),
            title_en: code.into(),
            numerator: String::new(),
            numerator_en: String::new(),
            denominator: String::new(),
            denominator_en: String::new(),
            max_points: max,
            rule: Rule::Proportional,
            source: ENTERED.into(),
            department: None,
            version: 1,
            updated_at: String::new(),
            updated_by: String::new(),
        };
        let defs = [def("1.1", 1, 10.0), def("2.1", 2, 20.0), def("2.2", 2, 4.0)];
        let lines = vec![
            Line::new(&defs[0], Some((1.0, 2.0))),
            Line::new(&defs[1], Some((3.0, 4.0))),
            Line::new(&defs[2], Some((0.0, 0.0))),
        ];
        assert_eq!(lines[2].ratio, None);
        let s = ScopeScore::new(String::new(), "x".into(), "x".into(), &defs, lines);
        assert_eq!(s.groups, vec![5.0, 15.0, 0.0, 0.0, 0.0]);
        assert_eq!(s.total, 20.0);
        assert_eq!(s.scored_max, 30.0);
    }

    #[test]
    fn periods_are_years_and_quarters() {
        assert_eq!(
            period_span("2026-Q3").ok(),
            Some(("2026-07-01".into(), "2026-09-30".into()))
        );
        assert_eq!(
            period_span("2025-Q4").ok(),
            Some(("2025-10-01".into(), "2025-12-31".into()))
        );
        assert_eq!(
            period_span("2024").ok(),
            Some(("2024-01-01".into(), "2024-12-31".into()))
        );
        assert!(period_span("2024-Q5").is_err());
        assert!(period_span("24").is_err());
        assert_eq!(periods("2026-05-02")[..3], ["2026-Q2", "2026-Q1", "2026"]);
    }

    #[test]
    fn an_edit_names_what_is_wrong() {
        let mut e = ScoreEdit {
            code: "2.1".into(),
            version: 1,
            max_points: 12.0,
            rule: steps(),
            title: "x".into(),
            title_en: "x".into(),
        };
        assert!(e.validate().is_ok());
        e.rule = Rule::Thresholds {
            steps: vec![
                Step {
                    at_least: 80.0,
                    share: 0.5,
                },
                Step {
                    at_least: 95.0,
                    share: 1.0,
                },
            ],
        };
        assert!(matches!(e.validate(), Err(AppError::Invalid { field, .. }) if field == "rule"));
        e.rule = Rule::Proportional;
        e.max_points = 101.0;
        assert!(
            matches!(e.validate(), Err(AppError::Invalid { field, .. }) if field == "max_points")
        );
    }
}
