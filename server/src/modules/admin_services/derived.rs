//! What module 1 gives the rest of the IOC from its per-dossier counters, so that every
//! dossier figure anywhere is counted once: the overview's tiles and monthly chart, and the
//! `dossiers-monthly` dataset the indicator engine reads (derived on each read, never
//! stored twice).

use super::store::{self, Params};
use crate::auth::internal;
use crate::module::{DerivedRow, OverviewPart};
use app::error::AppResult;
use app::model::{Kpi, Series};
use app::modules::admin_services::model::{Filter, Summary};
use app::modules::admin_services::rules;
use app::modules::datasets::model::DatasetDef;
use app::modules::overview::model::{kpi, OverviewFilter};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Map, Value};

/// The derived dataset's code.
pub const MONTHLY: &str = "dossiers-monthly";
/// Its department: the province's office, which owns `dossiers` in the demo.
const DEPARTMENT: &str = "VPUBND";

/// Its counted fields, each the sum of a monthly counter expression, in this order.
const FIELDS: [(&str, &str, &str); 9] = [
    ("received", "received", "hồ sơ tiếp nhận"),
    ("received_online", "online", "hồ sơ tiếp nhận trực tuyến"),
    ("paid_online", "paid", "hồ sơ thanh toán trực tuyến"),
    ("digitised", "digitised", "hồ sơ được số hóa"),
    ("resolved", "resolved", "hồ sơ đã giải quyết"),
    ("resolved_early", "early", "giải quyết trước hạn"),
    ("resolved_on_time", "on_time", "giải quyết đúng hạn"),
    (
        "resolved_in_time",
        "early + on_time",
        "giải quyết trước và đúng hạn",
    ),
    ("resolved_late", "late", "giải quyết trễ hạn"),
];

/// `dossiers-monthly`: per unit (district, or the province for provincial agencies) and
/// month, the dossiers received and resolved, as module 1 counts them.
pub fn definitions() -> Vec<DatasetDef> {
    let mut fields = vec![
        serde_json::json!({"name": "unit", "type": "unit", "required": true}),
        serde_json::json!({"name": "month", "type": "period", "required": true}),
    ];
    fields.extend(FIELDS.iter().map(|(name, _, title)| {
        serde_json::json!({"name": name, "type": "integer", "min": 0, "unit": "hồ sơ",
                           "title": title})
    }));
    let def = serde_json::json!({
        "code": MONTHLY,
        "title": "Hồ sơ thủ tục hành chính theo tháng (tính từ từng hồ sơ)",
        "title_en": "Administrative dossiers by month (counted from each dossier)",
        "description": "Tính lại mỗi lần đọc từ tập dữ liệu `dossiers`: tiếp nhận theo \
                        ngày tiếp nhận, giải quyết theo ngày giải quyết (giờ Việt Nam), \
                        trước / đúng / trễ hạn so với hạn xử lý.",
        "department": DEPARTMENT, "frequency": "monthly", "public": false,
        "tags": ["dịch vụ công"], "fields": fields, "key": ["unit", "month"]});
    match serde_json::from_value(def) {
        Ok(d) => vec![d],
        Err(e) => {
            // A fixed definition: failing here is a bug, shown in the log, not a crash.
            tracing::error!(error = %e, "module 1's derived dataset does not parse");
            Vec::new()
        }
    }
}

/// Its rows for the months `from <= month < to` (`"2024"`, `"2025"`: a year's).
pub async fn monthly_rows(
    db: &DatabaseConnection,
    from: &str,
    to: &str,
) -> AppResult<Vec<DerivedRow>> {
    let mut p = Params::new(db.get_database_backend());
    let (a, b) = (p.push(from.to_string()), p.push(to.to_string()));
    let sums = FIELDS
        .iter()
        .map(|(_, e, _)| format!("CAST(SUM({e}) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT month, unit, {sums} FROM admin_dossier_month WHERE month >= {a} AND month < {b} \
         GROUP BY month, unit ORDER BY month, unit"
    );
    let mut out = Vec::new();
    for r in db.query_all_raw(p.statement(sql)).await.map_err(internal)? {
        let period: String = r.try_get_by_index(0).map_err(internal)?;
        let unit: String = r.try_get_by_index(1).map_err(internal)?;
        let mut data = Map::new();
        for (i, (name, _, _)) in FIELDS.iter().enumerate() {
            let v: Option<i64> = r.try_get_by_index(2 + i).map_err(internal)?;
            data.insert((*name).to_string(), Value::from(v.unwrap_or(0)));
        }
        // A month whose counters all went back to zero (dossiers moved away) is no row.
        if data.values().all(|v| v.as_i64() == Some(0)) {
            continue;
        }
        data.insert("unit".into(), Value::from(unit.clone()));
        data.insert("month".into(), Value::from(period.clone()));
        out.push(DerivedRow {
            unit: Some(unit),
            period,
            data,
        });
    }
    Ok(out)
}

/// The overview's dossier tiles (received, against the same days a year before; the
/// on-time rate) and its monthly chart of dossiers resolved in time and late, for the
/// overview's year, month and district. Nothing for a year without dossiers.
pub async fn overview(
    db: &DatabaseConnection,
    f: &OverviewFilter,
    now: i64,
) -> AppResult<OverviewPart> {
    let years = years(db).await?;
    let none = || OverviewPart {
        years: years.clone(),
        ..Default::default()
    };
    let Some((from, to)) = span_of(f.year, f.month) else {
        return Ok(none());
    };
    let today = NaiveDate::parse_from_str(&rules::day(now), "%Y-%m-%d").unwrap_or(to);
    if from > today || !years.contains(&f.year) {
        return Ok(none());
    }
    let to = to.min(today);
    let summary = |from: NaiveDate, to: NaiveDate| {
        let filter = Filter {
            from: Some(from.to_string()),
            to: Some(to.to_string()),
            agency: None,
            unit: f.district.clone(),
        };
        async move { store::summary(db, &filter, now).await }
    };
    let this = summary(from, to).await?;
    let year = match (f.month, span_of(f.year, None)) {
        // The chart shows the whole year whichever month the tiles show.
        (Some(_), Some((first, last))) => summary(first, last.min(today)).await?,
        _ => this.clone(),
    };
    let t = &this.totals;
    if t.received == 0 && t.resolved == 0 && t.pending == 0 {
        return Ok(none());
    }
    // 29 February a year before is the 28th.
    let a_year_before = |d: NaiveDate| {
        d.with_year(d.year() - 1)
            .or_else(|| d.pred_opt()?.with_year(d.year() - 1))
            .unwrap_or(d)
    };
    let before = summary(a_year_before(from), a_year_before(to)).await?;
    let mut kpis = vec![Kpi::count(
        kpi::DOSSIERS,
        t.received as f64,
        before.totals.received as f64,
        "hồ sơ",
        "dossiers",
    )];
    if let Some(rate) = t.on_time_rate {
        kpis.push(Kpi {
            key: kpi::ON_TIME.into(),
            value: rate,
            unit_vi: "%".into(),
            unit_en: "%".into(),
            // Percentage points would mislead as a relative change; leave it out.
            change_pct: None,
            decimals: 1,
        });
    }
    Ok(OverviewPart {
        kpis,
        charts: vec![(kpi::DOSSIERS, by_month(&year, f.year))],
        years,
    })
}

/// The years from the first month a dossier was received in to the last (the counters
/// also hold months ahead, where pending dossiers fall due).
async fn years(db: &DatabaseConnection) -> AppResult<Vec<i32>> {
    let sql = "SELECT MIN(month), MAX(month) FROM admin_dossier_month WHERE received > 0";
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .map_err(internal)?;
    let year = |i: usize| -> Option<i32> {
        let m: Option<String> = row.as_ref()?.try_get_by_index(i).ok()?;
        m?.get(..4)?.parse().ok()
    };
    Ok(match (year(0), year(1)) {
        (Some(a), Some(b)) => (a..=b).collect(),
        _ => Vec::new(),
    })
}

/// The first and last day of a year, or of one of its months.
fn span_of(year: i32, month: Option<u32>) -> Option<(NaiveDate, NaiveDate)> {
    let (first, next) = match month {
        Some(m) => (
            NaiveDate::from_ymd_opt(year, m, 1)?,
            NaiveDate::from_ymd_opt(year + i32::from(m == 12), m % 12 + 1, 1)?,
        ),
        None => (
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        ),
    };
    Some((first, next.pred_opt()?))
}

/// Twelve months of dossiers resolved in time (early or on the day) and late.
fn by_month(s: &Summary, year: i32) -> Vec<Series> {
    let value = |m: u32, f: &dyn Fn(&app::modules::admin_services::model::Counts) -> u64| {
        let key = format!("{year:04}-{m:02}");
        s.by_month
            .iter()
            .find(|x| x.month == key)
            .map_or(0.0, |x| f(&x.counts) as f64)
    };
    vec![
        Series {
            name: "on_time".into(),
            values: (1..=12)
                .map(|m| value(m, &|c| c.resolved_early + c.resolved_on_time))
                .collect(),
        },
        Series {
            name: "late".into(),
            values: (1..=12).map(|m| value(m, &|c| c.resolved_late)).collect(),
        },
    ]
}
