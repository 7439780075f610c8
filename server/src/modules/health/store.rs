//! Module 4's own reads: the facilities register (a dataset of the data platform, read
//! through its functions), the weekly cases in the module's own table (written with each
//! batch of `disease-cases-weekly`, which the module follows) against their endemic
//! channel, and the epidemic alerts a batch raises or ends.

use crate::alerts;
use crate::auth::internal;
use crate::modules::datasets::query::{self, Source};
use crate::modules::datasets::store as datasets;
use crate::registry;
use app::error::{AppError, AppResult};
use app::model::Severity;
use app::modules::health::channel::{self, split_week};
use app::modules::health::model::{disease_name, DiseaseWeeks, Facility, HealthBoard};
use app::modules::health::DEPARTMENT;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const FACILITIES_DATASET: &str = "health-facilities";
const MODULE: &str = "health";
const KIND: &str = "epidemic";

/// The ISO weeks of a year: 52, or 53 when the year has a 53rd.
pub fn weeks_of(year: i32) -> Vec<String> {
    let n = if chrono::NaiveDate::from_isoywd_opt(year, 53, chrono::Weekday::Mon).is_some() {
        53
    } else {
        52
    };
    (1..=n).map(|w| format!("{year:04}-W{w:02}")).collect()
}

fn text(data: &Map<String, Value>, k: &str) -> Option<String> {
    data.get(k)?.as_str().map(str::to_string)
}

fn num(data: &Map<String, Value>, k: &str) -> Option<f64> {
    data.get(k)?.as_f64()
}

/// Module 4's sections for a year, province or one district.
pub async fn board(
    db: &DatabaseConnection,
    year: i32,
    unit: Option<String>,
) -> AppResult<HealthBoard> {
    let districts = registry::page_districts(db, year, unit.as_deref()).await?;
    let facilities = facilities(db, unit.as_deref()).await?;
    let diseases = series_of(db, year).await?;
    Ok(HealthBoard {
        year,
        unit,
        facilities,
        weeks: weeks_of(year),
        diseases,
        districts,
    })
}

/// The year's series as the batches left them (`refresh_series`), by disease, then the
/// province before its districts.
async fn series_of(db: &DatabaseConnection, year: i32) -> AppResult<Vec<DiseaseWeeks>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT body FROM health_series WHERE year = $1 \
                                         ORDER BY disease, unit"
        }
        _ => "SELECT body FROM health_series WHERE year = ? ORDER BY disease, unit",
    };
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, [year.into()]))
        .await
        .map_err(internal)?
        .into_iter()
        .map(|r| {
            let body: String = r.try_get_by_index(0).map_err(internal)?;
            serde_json::from_str(&body).map_err(internal)
        })
        .collect()
}

/// Recomputes the series of these diseases for the years from `first` (the earliest week
/// a batch brought) to the year after their latest week: a week counts in the channel of
/// the five years after it. Runs in the batch's transaction, after its weeks are written;
/// batches of one dataset take turns (the ingest locks the dataset), so each sees the
/// weeks of the one before.
async fn refresh_series<C: ConnectionTrait>(
    txn: &C,
    diseases: &BTreeSet<String>,
    first: i32,
) -> AppResult<()> {
    let rows: Vec<CaseRow> = case_weeks(txn, first - channel::YEARS, 9999)
        .await?
        .into_iter()
        .filter(|r| diseases.contains(&r.0))
        .collect();
    let Some(last) = rows.iter().map(|r| r.2).max() else {
        return Ok(());
    };
    let backend = txn.get_database_backend();
    for year in first..=last + 1 {
        let series = surveillance(&rows, year, &weeks_of(year));
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(series.len() * 4);
        for s in &series {
            values.extend([
                year.into(),
                s.disease.clone().into(),
                s.unit.clone().unwrap_or_default().into(),
                serde_json::to_string(s).map_err(internal)?.into(),
            ]);
        }
        if series.is_empty() {
            continue;
        }
        let sql = format!(
            "INSERT INTO health_series (year, disease, unit, body) VALUES {} \
             ON CONFLICT (year, disease, unit) DO UPDATE SET body = excluded.body",
            crate::db::tuples(backend, series.len(), 4)
        );
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// Every disease's series from the weeks stored (the migration that added the series,
/// for a database that had weeks before).
pub async fn rebuild_series<C: ConnectionTrait>(db: &C) -> AppResult<()> {
    let rows = case_weeks(db, 0, 9999).await?;
    let diseases: BTreeSet<String> = rows.iter().map(|r| r.0.clone()).collect();
    match rows.iter().map(|r| r.2).min() {
        Some(first) => refresh_series(db, &diseases, first).await,
        None => Ok(()),
    }
}

async fn facilities(db: &DatabaseConnection, unit: Option<&str>) -> AppResult<Vec<Facility>> {
    let model = match datasets::find(db, FACILITIES_DATASET).await {
        Ok(m) => m,
        Err(AppError::NotFound(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let def = datasets::definition(&model)?;
    let units = unit.map(|u| vec![u.to_string()]);
    let rows = query::register_records(
        db,
        Source {
            model: &model,
            def: &def,
        },
        units.as_deref(),
    )
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let d = &r.data;
            Some(Facility {
                name: text(d, "name")?,
                kind: text(d, "kind").unwrap_or_else(|| "hospital".into()),
                level: text(d, "level").unwrap_or_default(),
                unit: r.unit.clone(),
                beds: num(d, "beds").map(|b| b as i64),
                lat: num(d, "lat")?,
                lon: num(d, "lon")?,
                synthetic: d.get("synthetic").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect())
}

/// The module's weeks of the years `first..=last`, from its own table: one row per
/// disease, unit and year with its weeks packed (`week:cases:deaths,…`), since a row
/// handed over from SQLite's thread costs more than the few bytes it carries.
async fn case_weeks<C: ConnectionTrait>(db: &C, first: i32, last: i32) -> AppResult<Vec<CaseRow>> {
    let backend = db.get_database_backend();
    let (agg, a, b) = match backend {
        sea_orm::DbBackend::Postgres => ("string_agg", "$1", "$2"),
        _ => ("group_concat", "?", "?"),
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT disease, unit, year, {agg}(CAST(week AS TEXT) || ':' || \
                 CAST(cases AS TEXT) || ':' || CAST(deaths AS TEXT), ',') \
                 FROM health_case_week WHERE year >= {a} AND year <= {b} \
                 GROUP BY disease, unit, year"
            ),
            [first.into(), last.into()],
        ))
        .await
        .map_err(internal)?;
    let mut out = Vec::new();
    for r in rows {
        let (Ok(d), Ok(u), Ok(y), Ok(weeks)) = (
            r.try_get_by_index::<String>(0),
            r.try_get_by_index::<String>(1),
            r.try_get_by_index::<i32>(2),
            r.try_get_by_index::<String>(3),
        ) else {
            continue;
        };
        for cell in weeks.split(',') {
            let mut f = cell.split(':');
            let (Some(Ok(w)), Some(Ok(c)), Some(Ok(x))) = (
                f.next().map(str::parse::<u32>),
                f.next().map(str::parse::<f64>),
                f.next().map(str::parse::<f64>),
            ) else {
                continue;
            };
            out.push((d.clone(), u.clone(), y, w, c, x));
        }
    }
    Ok(out)
}

/// A batch's weeks into the module's table (the batch's own transaction: they commit
/// together). Two servers writing the same week: the last write wins, as in the dataset.
async fn write_weeks<C: ConnectionTrait>(txn: &C, rows: &[&Map<String, Value>]) -> AppResult<()> {
    let backend = txn.get_database_backend();
    let parsed: Vec<CaseRow> = rows
        .iter()
        .filter_map(|r| {
            let (y, w) = split_week(r.get("week")?.as_str()?)?;
            Some((
                text(r, "disease")?,
                text(r, "unit")?,
                y,
                w,
                num(r, "cases").unwrap_or(0.0),
                num(r, "deaths").unwrap_or(0.0),
            ))
        })
        .collect();
    // 6 values a row, within every engine's limit of bound values.
    for chunk in parsed.chunks(5_000) {
        let values: Vec<sea_orm::Value> = chunk
            .iter()
            .flat_map(|(d, u, y, w, c, x)| {
                [
                    d.clone().into(),
                    u.clone().into(),
                    (*y).into(),
                    (*w as i32).into(),
                    (*c).into(),
                    (*x).into(),
                ]
            })
            .collect();
        let sql = format!(
            "INSERT INTO health_case_week (disease, unit, year, week, cases, deaths) VALUES {} \
             ON CONFLICT (year, week, disease, unit) DO UPDATE SET \
             cases = excluded.cases, deaths = excluded.deaths",
            crate::db::tuples(backend, chunk.len(), 6)
        );
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// A weekly row: (disease, unit, year, week, cases, deaths).
pub type CaseRow = (String, String, i32, u32, f64, f64);

/// One series' weeks: (year, week) → (cases, deaths).
type Cells = HashMap<(i32, u32), (f64, f64)>;

/// Each disease per district and for the province (the districts' sums) over the year's
/// weeks, with the channel from the previous years' same weeks.
pub fn surveillance(rows: &[CaseRow], year: i32, weeks: &[String]) -> Vec<DiseaseWeeks> {
    // (disease, unit or "" for the province) → (year, week) → (cases, deaths)
    let mut series: BTreeMap<(&str, &str), Cells> = BTreeMap::new();
    // The years each disease was reported in at all: a year without any row is missing
    // data, not a year of zero cases.
    let mut reported: HashMap<&str, BTreeSet<i32>> = HashMap::new();
    for (d, u, y, w, c, x) in rows {
        reported.entry(d.as_str()).or_default().insert(*y);
        for key in [u.as_str(), ""] {
            let cell = series
                .entry((d.as_str(), key))
                .or_default()
                .entry((*y, *w))
                .or_default();
            cell.0 += c;
            cell.1 += x;
        }
    }
    series
        .into_iter()
        .map(|((disease, unit), cells)| {
            let years = &reported[disease];
            let mut out = DiseaseWeeks {
                disease: disease.to_string(),
                unit: (!unit.is_empty()).then(|| unit.to_string()),
                cases: Vec::with_capacity(weeks.len()),
                deaths: Vec::with_capacity(weeks.len()),
                median: Vec::with_capacity(weeks.len()),
                threshold: Vec::with_capacity(weeks.len()),
                above: Vec::new(),
            };
            for (i, w) in (1..=weeks.len() as u32).enumerate() {
                let ch = channel_of(&cells, years, year, w);
                let now = cells.get(&(year, w));
                out.cases.push(now.map(|c| c.0));
                out.deaths.push(now.map(|c| c.1));
                out.median.push(ch.map(|c| c.median));
                out.threshold.push(ch.map(|c| c.threshold));
                if now.is_some_and(|c| channel::above(c.0, ch)) {
                    out.above.push(i);
                }
            }
            out
        })
        .collect()
}

/// The channel of week `w` of `year` from the years before in which the disease was
/// reported (a reported year without a row here had no cases here).
fn channel_of(
    cells: &Cells,
    reported: &BTreeSet<i32>,
    year: i32,
    w: u32,
) -> Option<channel::Channel> {
    let past: Vec<f64> = (year - channel::YEARS..year)
        .filter(|y| reported.contains(y))
        // Week 53 exists in some years only.
        .filter(|y| {
            w < 53 || chrono::NaiveDate::from_isoywd_opt(*y, 53, chrono::Weekday::Mon).is_some()
        })
        .map(|y| cells.get(&(y, w)).map_or(0.0, |c| c.0))
        .collect();
    channel::channel(&past)
}

/// After a batch of weekly cases: for each disease and district it touched, the latest
/// week on record is compared with its threshold. Above: the alert is raised (or kept:
/// one alert per crossing, however often the figures are sent again); back under: ended.
pub async fn check_alerts<C: ConnectionTrait>(
    txn: &C,
    rows: &[&Map<String, Value>],
) -> AppResult<()> {
    let touched: BTreeSet<(String, String)> = rows
        .iter()
        .filter_map(|r| Some((text(r, "disease")?, text(r, "unit")?)))
        .collect();
    let Some(last_year) = rows
        .iter()
        .filter_map(|r| split_week(r.get("week")?.as_str()?).map(|w| w.0))
        .max()
    else {
        return Ok(());
    };
    write_weeks(txn, rows).await?;
    let diseases: BTreeSet<String> = touched.iter().map(|t| t.0.clone()).collect();
    if let Some(first) = rows
        .iter()
        .filter_map(|r| split_week(r.get("week")?.as_str()?).map(|w| w.0))
        .min()
    {
        refresh_series(txn, &diseases, first).await?;
    }
    let all = case_weeks(txn, last_year - channel::YEARS, 9999).await?;
    let names: HashMap<String, String> = registry::district_names(txn)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    for (disease, unit) in touched {
        let mine: Vec<CaseRow> = all
            .iter()
            .filter(|r| r.0 == disease && r.1 == unit)
            .cloned()
            .collect();
        let Some(&(_, _, y, w, cases, _)) = mine.iter().max_by_key(|r| (r.2, r.3)) else {
            continue;
        };
        let reported: BTreeSet<i32> = all.iter().filter(|r| r.0 == disease).map(|r| r.2).collect();
        let cells: Cells = mine.iter().map(|r| ((r.2, r.3), (r.4, r.5))).collect();
        let ch = channel_of(&cells, &reported, y, w);
        let subject = format!("{disease}:{unit}");
        match ch.filter(|_| channel::above(cases, ch)) {
            Some(c) => {
                let week = format!("{y:04}-W{w:02}");
                let place = names.get(&unit).cloned().unwrap_or_else(|| unit.clone());
                let (vi, en) = (
                    disease_name(&disease, app::i18n::Lang::Vi),
                    disease_name(&disease, app::i18n::Lang::En),
                );
                let observed_at = chrono::NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc())
                    .unwrap_or_else(chrono::Utc::now);
                alerts::raise(
                    txn,
                    alerts::Raise {
                        module: MODULE,
                        kind: KIND,
                        subject: &subject,
                        subject_name: &place,
                        department: Some(DEPARTMENT),
                        // Twice the threshold: an outbreak, not a rise.
                        severity: if cases > 2.0 * c.threshold.max(1.0) {
                            Severity::Critical
                        } else {
                            Severity::Warning
                        },
                        title_vi: format!("{vi} vượt ngưỡng dịch tại {place}, tuần {week}"),
                        title_en: format!(
                            "{en} above the epidemic threshold in {place}, week {week}"
                        ),
                        value: format!("{cases} ca / ngưỡng {:.1}", c.threshold),
                        observed_at,
                    },
                )
                .await?;
            }
            None => {
                alerts::clear(txn, MODULE, KIND, &subject).await?;
            }
        }
    }
    Ok(())
}
