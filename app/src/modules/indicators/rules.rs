//! Pure rules of indicators: validation of a definition against its dataset, how dataset
//! periods fold into indicator periods, targets to date and status. No I/O, so both the
//! server and tests use them as they are.

use super::model::{Aggregate, Direction, IndicatorDef, Periodicity, Status, Target, Thresholds};
use crate::error::AppError;
use crate::modules::datasets::model::{DatasetDef, FieldType, Frequency};

/// The period's name in a Vietnamese sentence.
fn periodicity_vi(p: Periodicity) -> &'static str {
    match p {
        Periodicity::Month => "tháng",
        Periodicity::Quarter => "quý",
        Periodicity::Year => "năm",
    }
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether a dataset of this frequency can feed an indicator of this periodicity.
pub fn compatible(frequency: Frequency, periodicity: Periodicity) -> bool {
    match periodicity {
        Periodicity::Month => matches!(frequency, Frequency::Daily | Frequency::Monthly),
        Periodicity::Quarter => matches!(
            frequency,
            Frequency::Daily | Frequency::Monthly | Frequency::Quarterly
        ),
        Periodicity::Year => true,
    }
}

fn numeric(dataset: &DatasetDef, field: &str, what: &str) -> Result<(), AppError> {
    let Some(f) = dataset.fields.iter().find(|f| f.name == field) else {
        return Err(AppError::invalid(
            what,
            tr!(
                "tập dữ liệu {} không có trường \"{field}\"",
                "dataset {} has no field \"{field}\"",
                dataset.code
            ),
        ));
    };
    if !matches!(f.kind, FieldType::Integer | FieldType::Decimal) {
        return Err(AppError::invalid(
            what,
            tr!(
                "trường \"{field}\" không phải là số",
                "field \"{field}\" is not a number"
            ),
        ));
    }
    Ok(())
}

/// Checks what needs no database: code, title, unit, decimals, factor, thresholds and
/// targets. The editor runs it before sending; the server runs it again in [`validate`].
pub fn basics(def: &IndicatorDef) -> Result<(), AppError> {
    if !is_code(&def.code) {
        return Err(AppError::invalid(
            "code",
            tr!(
                "dùng 1–64 chữ thường, chữ số và dấu gạch ngang, bắt đầu bằng một chữ cái",
                "use 1–64 lower-case letters, digits and dashes, starting with a letter"
            ),
        ));
    }
    if def.title.trim().is_empty() {
        return Err(AppError::invalid(
            "title",
            tr!("cần có tên", "a title is required"),
        ));
    }
    if def.unit.trim().is_empty() {
        return Err(AppError::invalid(
            "unit",
            tr!(
                "cần có đơn vị tính, ví dụ \"tỷ đồng\" hoặc \"%\"",
                "a unit is required, e.g. \"tỷ đồng\" or \"%\""
            ),
        ));
    }
    if def.decimals > 4 {
        return Err(AppError::invalid(
            "decimals",
            tr!("tối đa 4 chữ số thập phân", "at most 4 decimal places"),
        ));
    }
    if !def.formula.factor.is_finite() || def.formula.factor == 0.0 {
        return Err(AppError::invalid(
            "formula.factor",
            tr!("một số khác 0", "a non-zero number"),
        ));
    }
    let Thresholds { green, amber } = def.thresholds;
    if !(green.is_finite() && amber.is_finite() && amber > 0.0 && amber <= green) {
        return Err(AppError::invalid(
            "thresholds",
            tr!("ngưỡng vàng phải lớn hơn 0 và không vượt ngưỡng xanh (cả hai tính theo % chỉ tiêu)", "amber must be above 0 and not above green (both in % of target)"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, t) in def.targets.iter().enumerate() {
        let field = format!("targets[{}]", i + 1);
        if !(1900..=2200).contains(&t.year) {
            return Err(AppError::invalid(
                field,
                tr!("năm nằm ngoài phạm vi", "year out of range"),
            ));
        }
        if !t.value.is_finite() || t.value < 0.0 {
            return Err(AppError::invalid(
                field,
                tr!(
                    "chỉ tiêu phải là một số ≥ 0",
                    "the target must be a number ≥ 0"
                ),
            ));
        }
        if let Some(p) = &t.period {
            if !def.periodicity.periods(t.year).contains(p) || def.periodicity == Periodicity::Year
            {
                return Err(AppError::invalid(field, {
                    let (vi, en, year) = (
                        periodicity_vi(def.periodicity),
                        def.periodicity.as_str(),
                        t.year,
                    );
                    tr!(
                        "\"{p}\" không phải là {vi} của năm {year}",
                        "\"{p}\" is not a {en} of {year}"
                    )
                }));
            }
        }
        if !seen.insert((t.year, t.period.clone(), t.unit.clone())) {
            return Err(AppError::invalid(field, {
                let when = t.period.clone().unwrap_or_else(|| t.year.to_string());
                tr!("chỉ tiêu thứ hai cho {when}", "a second target for {when}")
            }));
        }
    }
    Ok(())
}

/// Checks a definition. `dataset` is the one its formula names, if it exists;
/// `departments` are the known department codes.
pub fn validate(
    def: &IndicatorDef,
    dataset: Option<&DatasetDef>,
    departments: &[String],
) -> Result<(), AppError> {
    basics(def)?;
    if !departments.iter().any(|d| d == &def.department) {
        return Err(AppError::invalid(
            "department",
            tr!(
                "không có đơn vị \"{}\"",
                "unknown department \"{}\"",
                def.department
            ),
        ));
    }
    let f = &def.formula;
    let Some(ds) = dataset else {
        return Err(AppError::invalid(
            "formula.dataset",
            tr!(
                "không có tập dữ liệu \"{}\"",
                "no dataset \"{}\"",
                f.dataset
            ),
        ));
    };
    if !compatible(ds.frequency, def.periodicity) {
        return Err(AppError::invalid("periodicity", {
            let (code, freq) = (&ds.code, format!("{:?}", ds.frequency).to_lowercase());
            let (vi, en) = (periodicity_vi(def.periodicity), def.periodicity.as_str());
            tr!(
                "tập dữ liệu {code} có tần suất {freq}; không cho được giá trị theo {vi}",
                "dataset {code} is {freq}; it cannot give {en} values"
            )
        }));
    }
    if !ds.fields.iter().any(|x| x.kind == FieldType::Period) {
        return Err(AppError::invalid(
            "formula.dataset",
            tr!(
                "tập dữ liệu {} không có trường kỳ",
                "dataset {} has no period field",
                ds.code
            ),
        ));
    }
    match f.aggregate {
        Aggregate::Sum | Aggregate::Avg | Aggregate::Ratio => {
            let Some(field) = f.field.as_deref().filter(|s| !s.is_empty()) else {
                return Err(AppError::invalid(
                    "formula.field",
                    tr!("chọn trường", "choose the field"),
                ));
            };
            numeric(ds, field, "formula.field")?;
        }
        Aggregate::Count => {
            if let Some(field) = f.field.as_deref().filter(|s| !s.is_empty()) {
                if !ds.fields.iter().any(|x| x.name == field) {
                    return Err(AppError::invalid(
                        "formula.field",
                        tr!(
                            "tập dữ liệu {} không có trường \"{field}\"",
                            "dataset {} has no field \"{field}\"",
                            ds.code
                        ),
                    ));
                }
            }
        }
    }
    if f.aggregate == Aggregate::Ratio {
        let Some(den) = f.denominator.as_deref().filter(|s| !s.is_empty()) else {
            return Err(AppError::invalid(
                "formula.denominator",
                tr!(
                    "tỷ lệ cần một trường mẫu số",
                    "a ratio needs a denominator field"
                ),
            ));
        };
        numeric(ds, den, "formula.denominator")?;
    }
    Ok(())
}

/// The indicator period a stored dataset period falls in: `2024-03` → `2024-Q1` for a
/// quarterly indicator. None when it cannot be placed (a weekly row in a monthly view).
pub fn fold_period(period: &str, periodicity: Periodicity) -> Option<String> {
    let year = period.get(0..4)?;
    year.parse::<i32>().ok()?;
    let rest = period.get(4..).unwrap_or("");
    match periodicity {
        Periodicity::Year => Some(year.to_string()),
        Periodicity::Month => {
            let m: u32 = rest.strip_prefix('-')?.get(0..2)?.parse().ok()?;
            (1..=12).contains(&m).then(|| format!("{year}-{m:02}"))
        }
        Periodicity::Quarter => {
            let rest = rest.strip_prefix('-')?;
            if let Some(q) = rest.strip_prefix('Q') {
                let q: u32 = q.parse().ok()?;
                return (1..=4).contains(&q).then(|| format!("{year}-Q{q}"));
            }
            let m: u32 = rest.get(0..2)?.parse().ok()?;
            (1..=12)
                .contains(&m)
                .then(|| format!("{year}-Q{}", (m - 1) / 3 + 1))
        }
    }
}

/// Attainment in %: how far the value is towards the target, 100 meaning met. For
/// "lower is better" it is target ÷ value, so a late rate under its cap scores above 100.
pub fn attainment(value: f64, target: f64, direction: Direction) -> Option<f64> {
    match direction {
        Direction::Higher if target > 0.0 => Some(value / target * 100.0),
        Direction::Higher => Some(if value >= target { 100.0 } else { 0.0 }),
        Direction::Lower if value > 0.0 => Some(target / value * 100.0),
        Direction::Lower => Some(100.0),
    }
}

pub fn status(
    value: Option<f64>,
    target: Option<f64>,
    direction: Direction,
    t: Thresholds,
) -> Status {
    let Some(v) = value else {
        return Status::NoData;
    };
    let Some(target) = target else {
        return Status::NoTarget;
    };
    match attainment(v, target, direction) {
        Some(a) if a >= t.green - 1e-9 => Status::Green,
        Some(a) if a >= t.amber - 1e-9 => Status::Amber,
        Some(_) => Status::Red,
        None => Status::NoTarget,
    }
}

/// The target for the year's first `elapsed` periods (1-based count) for one unit
/// (None: the province). Sums: the period targets so far when there are any, else the
/// year's target pro-rata. Levels: the period's own target, else the year's.
pub fn target_to_date(
    targets: &[Target],
    year: i32,
    unit: Option<&str>,
    periodicity: Periodicity,
    cumulative: bool,
    elapsed: usize,
) -> Option<f64> {
    if elapsed == 0 {
        return None;
    }
    let periods = periodicity.periods(year);
    let mine = |t: &&Target| t.year == year && t.unit.as_deref() == unit;
    let annual = targets
        .iter()
        .filter(mine)
        .find(|t| t.period.is_none())
        .map(|t| t.value);
    let per_period: Vec<Option<f64>> = periods
        .iter()
        .map(|p| {
            targets
                .iter()
                .filter(mine)
                .find(|t| t.period.as_deref() == Some(p.as_str()))
                .map(|t| t.value)
        })
        .collect();
    let elapsed = elapsed.min(periods.len());
    if cumulative {
        let given = &per_period[..elapsed];
        if given.iter().all(Option::is_some) && periods.len() > 1 {
            return Some(given.iter().flatten().sum());
        }
        annual.map(|a| a * elapsed as f64 / periods.len() as f64)
    } else {
        per_period[elapsed - 1].or(annual)
    }
}

/// The whole year's target for one unit: the annual one, or the sum (levels: the last)
/// of period targets when all are given.
pub fn annual_target(
    targets: &[Target],
    year: i32,
    unit: Option<&str>,
    periodicity: Periodicity,
    cumulative: bool,
) -> Option<f64> {
    let n = periodicity.periods(year).len();
    let annual = targets
        .iter()
        .find(|t| t.year == year && t.unit.as_deref() == unit && t.period.is_none())
        .map(|t| t.value);
    annual.or_else(|| {
        if cumulative {
            target_to_date(targets, year, unit, periodicity, true, n)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::indicators::model::Formula;

    fn dataset() -> DatasetDef {
        serde_json::from_value(serde_json::json!({
            "code": "t", "title": "T", "frequency": "monthly",
            "fields": [
                {"name": "district_code", "type": "unit", "required": true},
                {"name": "month", "type": "period", "required": true},
                {"name": "visitors", "type": "integer"},
                {"name": "note", "type": "text"}],
            "key": ["district_code", "month"]}))
        .unwrap()
    }

    fn def() -> IndicatorDef {
        IndicatorDef {
            code: "visitors".into(),
            title: "Lượt khách".into(),
            title_en: None,
            description: None,
            unit: "lượt".into(),
            decimals: 0,
            direction: Direction::Higher,
            periodicity: Periodicity::Month,
            department: "SDL".into(),
            formula: Formula {
                aggregate: Aggregate::Sum,
                dataset: "t".into(),
                field: Some("visitors".into()),
                denominator: None,
                factor: 1.0,
            },
            targets: vec![Target {
                year: 2024,
                period: None,
                unit: None,
                value: 1200.0,
            }],
            thresholds: Thresholds::default(),
            demo: false,
        }
    }

    fn field_of(r: Result<(), AppError>) -> String {
        match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_good_definition_passes_and_a_missing_field_is_named() {
        let depts = vec!["SDL".to_string()];
        let ds = dataset();
        assert_eq!(validate(&def(), Some(&ds), &depts), Ok(()));
        let mut d = def();
        d.formula.field = Some("visits".into());
        assert_eq!(field_of(validate(&d, Some(&ds), &depts)), "formula.field");
        d.formula.field = Some("note".into());
        assert_eq!(field_of(validate(&d, Some(&ds), &depts)), "formula.field");
        let mut d = def();
        d.formula.aggregate = Aggregate::Ratio;
        assert_eq!(
            field_of(validate(&d, Some(&ds), &depts)),
            "formula.denominator"
        );
        assert_eq!(field_of(validate(&def(), None, &depts)), "formula.dataset");
        assert_eq!(field_of(validate(&def(), Some(&ds), &[])), "department");
        let mut d = def();
        d.thresholds = Thresholds {
            green: 90.0,
            amber: 95.0,
        };
        assert_eq!(field_of(validate(&d, Some(&ds), &depts)), "thresholds");
        let mut d = def();
        d.targets.push(d.targets[0].clone());
        assert_eq!(field_of(validate(&d, Some(&ds), &depts)), "targets[2]");
        let mut d = def();
        d.targets[0].period = Some("2024-Q1".into());
        assert_eq!(field_of(validate(&d, Some(&ds), &depts)), "targets[1]");
    }

    #[test]
    fn a_yearly_dataset_cannot_give_monthly_values() {
        let mut ds = dataset();
        ds.frequency = Frequency::Yearly;
        assert_eq!(
            field_of(validate(&def(), Some(&ds), &["SDL".into()])),
            "periodicity"
        );
        assert!(compatible(Frequency::Monthly, Periodicity::Quarter));
        assert!(!compatible(Frequency::Quarterly, Periodicity::Month));
    }

    #[test]
    fn periods_fold_into_the_indicator_periodicity() {
        assert_eq!(
            fold_period("2024-05", Periodicity::Quarter).as_deref(),
            Some("2024-Q2")
        );
        assert_eq!(
            fold_period("2024-12-31", Periodicity::Month).as_deref(),
            Some("2024-12")
        );
        assert_eq!(
            fold_period("2024-Q3", Periodicity::Quarter).as_deref(),
            Some("2024-Q3")
        );
        assert_eq!(
            fold_period("2024-Q3", Periodicity::Year).as_deref(),
            Some("2024")
        );
        assert_eq!(fold_period("2024-W09", Periodicity::Month), None);
    }

    #[test]
    fn targets_to_date_are_pro_rata_for_sums_and_flat_for_levels() {
        let t = def().targets;
        let m = Periodicity::Month;
        assert_eq!(target_to_date(&t, 2024, None, m, true, 3), Some(300.0));
        assert_eq!(target_to_date(&t, 2024, None, m, false, 3), Some(1200.0));
        assert_eq!(target_to_date(&t, 2023, None, m, true, 3), None);
        assert_eq!(target_to_date(&t, 2024, Some("747"), m, true, 3), None);
        let q: Vec<Target> = (1..=4)
            .map(|i| Target {
                year: 2024,
                period: Some(format!("2024-Q{i}")),
                unit: None,
                value: f64::from(i) * 10.0,
            })
            .collect();
        let qp = Periodicity::Quarter;
        assert_eq!(target_to_date(&q, 2024, None, qp, true, 2), Some(30.0));
        assert_eq!(target_to_date(&q, 2024, None, qp, false, 2), Some(20.0));
        assert_eq!(annual_target(&q, 2024, None, qp, true), Some(100.0));
    }

    #[test]
    fn status_follows_direction_and_thresholds() {
        let th = Thresholds::default();
        let up = Direction::Higher;
        assert_eq!(status(Some(100.0), Some(100.0), up, th), Status::Green);
        assert_eq!(status(Some(95.0), Some(100.0), up, th), Status::Amber);
        assert_eq!(status(Some(80.0), Some(100.0), up, th), Status::Red);
        assert_eq!(status(Some(80.0), None, up, th), Status::NoTarget);
        assert_eq!(status(None, Some(1.0), up, th), Status::NoData);
        let down = Direction::Lower;
        assert_eq!(status(Some(2.0), Some(3.0), down, th), Status::Green);
        assert_eq!(status(Some(3.2), Some(3.0), down, th), Status::Amber);
        assert_eq!(status(Some(5.0), Some(3.0), down, th), Status::Red);
    }
}
