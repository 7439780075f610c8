//! The indicator engine: dataset rows in, values per unit and period out, with targets
//! to date and status. The arithmetic is pure ([`Acc`], [`evaluate`]); loading is below.

use app::modules::indicators::model::{Aggregate, Formula, IndicatorDef, Status, UnitValue};
use app::modules::indicators::rules;

/// One dataset row as the engine needs it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The district the row's unit belongs to; None for province-level rows.
    pub district: Option<String>,
    /// Index of the row's period among the indicator's periods of the year.
    pub period: usize,
    /// The formula's field (numerator) and denominator, when present in the row.
    pub num: Option<f64>,
    pub den: Option<f64>,
}

/// What an aggregate needs, additive so that periods and units combine by addition.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Acc {
    pub rows: u64,
    /// Rows that have the field.
    pub n: u64,
    pub sum: f64,
    pub den: f64,
}

impl Acc {
    pub fn add_row(&mut self, r: &Row) {
        self.rows += 1;
        if let Some(x) = r.num {
            self.n += 1;
            self.sum += x;
        }
        if let Some(d) = r.den {
            self.den += d;
        }
    }

    pub fn merge(&mut self, o: &Acc) {
        self.rows += o.rows;
        self.n += o.n;
        self.sum += o.sum;
        self.den += o.den;
    }

    /// The formula's value, or None when there is nothing to compute it from.
    pub fn value(&self, f: &Formula) -> Option<f64> {
        let v = match f.aggregate {
            Aggregate::Sum => (self.n > 0).then_some(self.sum),
            Aggregate::Avg => (self.n > 0).then(|| self.sum / self.n as f64),
            Aggregate::Count if f.field.as_deref().is_some_and(|s| !s.is_empty()) => {
                (self.rows > 0).then_some(self.n as f64)
            }
            Aggregate::Count => (self.rows > 0).then_some(self.rows as f64),
            Aggregate::Ratio => (self.n > 0 && self.den != 0.0).then(|| self.sum / self.den),
        }?;
        Some(v * f.factor)
    }
}

/// An indicator evaluated for one year up to a month, for the province or one district.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub target_to_date: Option<f64>,
    pub pct_of_target: Option<f64>,
    pub status: Status,
    /// Index of the latest period with data in the span.
    pub last_period: Option<usize>,
    pub period_values: Vec<Option<f64>>,
    pub to_date: Vec<Option<f64>>,
    pub target_line: Vec<Option<f64>>,
    pub by_unit: Vec<UnitValue>,
}

/// Evaluates `def` over `rows` (already restricted to `year`): the span is the periods
/// ending by `through_month`; `unit` picks one district (None: the province).
pub fn evaluate(
    def: &IndicatorDef,
    rows: &[Row],
    year: i32,
    through_month: u32,
    unit: Option<&str>,
    districts: &[String],
) -> Evaluation {
    let f = &def.formula;
    let cumulative = f.aggregate.cumulative();
    let n = def.periodicity.periods(year).len();
    let in_span: usize = (0..n)
        .filter(|i| def.periodicity.end_month(*i) <= through_month)
        .count();

    // Per period, for the selected unit and per district.
    let mut mine = vec![Acc::default(); n];
    let mut per_district: Vec<Vec<Acc>> = vec![vec![Acc::default(); n]; districts.len()];
    for r in rows.iter().filter(|r| r.period < n) {
        if unit.is_none() || r.district.as_deref() == unit {
            mine[r.period].add_row(r);
        }
        if let Some(d) = &r.district {
            if let Some(i) = districts.iter().position(|x| x == d) {
                per_district[i][r.period].add_row(r);
            }
        }
    }
    let last = (0..in_span).rev().find(|i| mine[*i].rows > 0);
    let elapsed = last.map_or(0, |i| i + 1);

    let period_values: Vec<Option<f64>> = mine.iter().map(|a| a.value(f)).collect();
    let mut cum = Acc::default();
    let to_date: Vec<Option<f64>> = (0..n)
        .map(|i| {
            cum.merge(&mine[i]);
            (i < elapsed).then(|| cum.value(f)).flatten()
        })
        .collect();
    let target_line: Vec<Option<f64>> = (1..=n)
        .map(|k| rules::target_to_date(&def.targets, year, unit, def.periodicity, cumulative, k))
        .collect();

    let span_value = |accs: &[Acc]| -> Option<f64> {
        let mut total = Acc::default();
        accs.iter().take(elapsed).for_each(|a| total.merge(a));
        total.value(f)
    };
    let value = span_value(&mine);
    let target_to_date = rules::target_to_date(
        &def.targets,
        year,
        unit,
        def.periodicity,
        cumulative,
        elapsed,
    );
    let pct = |v: Option<f64>, t: Option<f64>| match (v, t) {
        (Some(v), Some(t)) if t != 0.0 => Some(v / t * 100.0),
        _ => None,
    };
    let by_unit = districts
        .iter()
        .zip(&per_district)
        .map(|(code, accs)| {
            let v = span_value(accs);
            let t = rules::target_to_date(
                &def.targets,
                year,
                Some(code),
                def.periodicity,
                cumulative,
                elapsed,
            );
            UnitValue {
                unit: code.clone(),
                value: v,
                target: t,
                pct_of_target: pct(v, t),
                status: rules::status(v, t, def.direction, def.thresholds),
            }
        })
        .collect();
    Evaluation {
        value,
        target: rules::annual_target(&def.targets, year, unit, def.periodicity, cumulative),
        target_to_date,
        pct_of_target: pct(value, target_to_date),
        status: rules::status(value, target_to_date, def.direction, def.thresholds),
        last_period: last,
        period_values,
        to_date,
        target_line,
        by_unit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::modules::indicators::model::{Direction, Formula, Periodicity, Target, Thresholds};

    fn def(aggregate: Aggregate, periodicity: Periodicity, target: f64) -> IndicatorDef {
        IndicatorDef {
            code: "x".into(),
            title: "X".into(),
            title_en: None,
            description: None,
            unit: "u".into(),
            decimals: 0,
            direction: Direction::Higher,
            periodicity,
            department: "SDL".into(),
            formula: Formula {
                aggregate,
                dataset: "d".into(),
                field: Some("a".into()),
                denominator: (aggregate == Aggregate::Ratio).then(|| "b".into()),
                factor: if aggregate == Aggregate::Ratio {
                    100.0
                } else {
                    1.0
                },
            },
            targets: vec![Target {
                year: 2024,
                period: None,
                unit: None,
                value: target,
            }],
            thresholds: Thresholds::default(),
            demo: false,
        }
    }

    fn row(d: &str, period: usize, num: f64, den: f64) -> Row {
        Row {
            district: Some(d.into()),
            period,
            num: Some(num),
            den: Some(den),
        }
    }

    /// Two districts, January to March, computed by hand below.
    fn rows() -> Vec<Row> {
        vec![
            row("747", 0, 100.0, 200.0),
            row("748", 0, 50.0, 100.0),
            row("747", 1, 120.0, 200.0),
            row("748", 1, 30.0, 100.0),
            row("747", 2, 90.0, 100.0),
        ]
    }

    fn districts() -> Vec<String> {
        vec!["747".into(), "748".into(), "755".into()]
    }

    #[test]
    fn sums_accumulate_against_a_pro_rata_target() {
        // Target 1,560 a year → 390 for three months; Σ = 100+50+120+30+90 = 390.
        let e = evaluate(
            &def(Aggregate::Sum, Periodicity::Month, 1560.0),
            &rows(),
            2024,
            12,
            None,
            &districts(),
        );
        assert_eq!(e.value, Some(390.0));
        assert_eq!(e.last_period, Some(2));
        assert_eq!(e.target, Some(1560.0));
        assert_eq!(e.target_to_date, Some(390.0));
        assert_eq!(e.pct_of_target, Some(100.0));
        assert_eq!(e.status, Status::Green);
        assert_eq!(
            &e.to_date[..4],
            &[Some(150.0), Some(300.0), Some(390.0), None]
        );
        assert_eq!(e.period_values[1], Some(150.0));
        assert_eq!(e.target_line[0], Some(130.0));
        assert_eq!(e.target_line[11], Some(1560.0));
        assert_eq!(e.by_unit[0].value, Some(310.0));
        assert_eq!(e.by_unit[1].value, Some(80.0));
        assert_eq!(e.by_unit[2].value, None);
        assert_eq!(e.by_unit[2].status, Status::NoData);
        assert_eq!(e.by_unit[0].status, Status::NoTarget);
    }

    #[test]
    fn the_span_stops_at_the_chosen_month_and_unit() {
        // Through February, district 747: 100 + 120 = 220 against 1,560 × 2/12 = 260 → 84.6 % red.
        let mut d = def(Aggregate::Sum, Periodicity::Month, 0.0);
        d.targets[0].unit = Some("747".into());
        d.targets[0].value = 1560.0;
        let e = evaluate(&d, &rows(), 2024, 2, Some("747"), &districts());
        assert_eq!(e.value, Some(220.0));
        assert_eq!(e.target_to_date, Some(260.0));
        assert_eq!(e.status, Status::Red);
        assert!((e.pct_of_target.unwrap() - 84.615).abs() < 0.01);
    }

    #[test]
    fn ratios_are_ratios_of_sums_and_not_pro_rata() {
        // Σa ÷ Σb × 100 = 390 ÷ 700 × 100 = 55.71…; target 60 stays 60; 92.9 % → amber.
        let e = evaluate(
            &def(Aggregate::Ratio, Periodicity::Month, 60.0),
            &rows(),
            2024,
            12,
            None,
            &districts(),
        );
        assert!((e.value.unwrap() - 55.714).abs() < 0.001);
        assert_eq!(e.target_to_date, Some(60.0));
        assert_eq!(e.status, Status::Amber);
        assert_eq!(e.period_values[2], Some(90.0));
    }

    #[test]
    fn quarters_averages_and_counts() {
        let mut rows = rows();
        for r in &mut rows {
            r.period = 0; // all in Q1
        }
        let avg = evaluate(
            &def(Aggregate::Avg, Periodicity::Quarter, 80.0),
            &rows,
            2024,
            12,
            None,
            &districts(),
        );
        assert_eq!(avg.value, Some(78.0));
        assert_eq!(avg.status, Status::Amber);
        let count = evaluate(
            &def(Aggregate::Count, Periodicity::Quarter, 20.0),
            &rows,
            2024,
            12,
            None,
            &districts(),
        );
        // Five rows against 20 a year, one quarter gone → 5.
        assert_eq!(count.value, Some(5.0));
        assert_eq!(count.target_to_date, Some(5.0));
        assert_eq!(count.status, Status::Green);
    }
}
