//! Indicators in the database: definitions (with audit), the board of module 8 and
//! the provenance of any value.

use super::engine::{self, Acc, Row};
use crate::auth::internal;
use crate::db::entity::{admin_unit, indicator};
use crate::modules::datasets::query::{self, Record};
use crate::modules::datasets::store as datasets;
use crate::registry;
use app::error::{AppError, AppResult};
use app::modules::datasets::model::{DatasetDef, FieldType};
use app::modules::indicators::model::{
    Aggregate, IndicatorBoard, IndicatorCatalogue, IndicatorDef, IndicatorRecord, IndicatorView,
    Periodicity, PreviousYear, Provenance, SectorBoard, SectorDataset, SourceDataset, SourceRow,
    UnitName,
};
use app::modules::indicators::rules;
use app::tr;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// A period's name in Vietnamese, for messages.
fn periodicity_vi(p: Periodicity) -> &'static str {
    match p {
        Periodicity::Month => "tháng",
        Periodicity::Quarter => "quý",
        Periodicity::Year => "năm",
    }
}

fn parse_def(m: &indicator::Model) -> AppResult<IndicatorDef> {
    serde_json::from_str(&m.definition).map_err(internal)
}

fn record(m: &indicator::Model) -> AppResult<IndicatorRecord> {
    Ok(IndicatorRecord {
        def: parse_def(m)?,
        updated_at: m.updated_at.to_rfc3339(),
        updated_by: m.updated_by.clone(),
    })
}

/// Every indicator in board order.
pub async fn list(db: &DatabaseConnection) -> AppResult<Vec<IndicatorRecord>> {
    indicator::Entity::find()
        .order_by_asc(indicator::Column::Position)
        .order_by_asc(indicator::Column::Code)
        .all(db)
        .await
        .map_err(internal)?
        .iter()
        .map(record)
        .collect()
}

async fn find(db: &impl ConnectionTrait, code: &str) -> AppResult<Option<indicator::Model>> {
    indicator::Entity::find()
        .filter(indicator::Column::Code.eq(code))
        .one(db)
        .await
        .map_err(internal)
}

/// The demo's indicators, saved as the seed (each checked like any other).
pub async fn seed<C: crate::db::Conn>(db: &C, defs: Vec<IndicatorDef>) -> AppResult<()> {
    for def in defs {
        save(db, "seed", def, None).await?;
    }
    Ok(())
}

/// Creates an indicator (`original` None) or replaces the one called `original`, after
/// checking the formula against its dataset. Every change goes to the audit log.
pub async fn save<C: crate::db::Conn>(
    db: &C,
    actor: &str,
    def: IndicatorDef,
    original: Option<&str>,
) -> AppResult<IndicatorRecord> {
    let mut def = def;
    def.code = def.code.trim().to_string();
    def.title = def.title.trim().to_string();
    def.targets
        .sort_by(|a, b| (a.year, &a.period, &a.unit).cmp(&(b.year, &b.period, &b.unit)));
    let dataset = match crate::module::deriving(&def.formula.dataset) {
        Some((_, derived)) => Some(derived),
        None => match datasets::find(db, &def.formula.dataset).await {
            Ok(m) => Some(datasets::definition(&m)?),
            Err(AppError::NotFound(_)) => None,
            Err(e) => return Err(e),
        },
    };
    let departments: Vec<String> = registry::departments(db)
        .await?
        .into_iter()
        .map(|d| d.code)
        .collect();
    rules::validate(&def, dataset.as_ref(), &departments)?;
    let json = serde_json::to_string(&def).map_err(internal)?;
    let now = Utc::now();

    let txn = db.begin().await.map_err(internal)?;
    let taken = find(&txn, &def.code).await?;
    let (model, action, before) = match original {
        None => {
            if taken.is_some() {
                return Err(AppError::invalid(
                    "code",
                    tr!(
                        "chỉ tiêu \"{}\" đã tồn tại",
                        "an indicator \"{}\" exists already",
                        def.code
                    ),
                ));
            }
            let position = indicator::Entity::find()
                .order_by_desc(indicator::Column::Position)
                .one(&txn)
                .await
                .map_err(internal)?
                .map_or(0, |m| m.position + 1);
            let a = indicator::ActiveModel {
                code: Set(def.code.clone()),
                department_code: Set(def.department.clone()),
                dataset_code: Set(def.formula.dataset.clone()),
                position: Set(position),
                definition: Set(json),
                created_at: Set(now),
                updated_at: Set(now),
                updated_by: Set(actor.to_string()),
                ..Default::default()
            };
            (
                a.insert(&txn).await.map_err(internal)?,
                "indicator.create",
                None,
            )
        }
        Some(orig) => {
            let Some(existing) = find(&txn, orig).await? else {
                return Err(AppError::NotFound(format!("indicator \"{orig}\"")));
            };
            if taken.as_ref().is_some_and(|t| t.id != existing.id) {
                return Err(AppError::invalid(
                    "code",
                    tr!(
                        "chỉ tiêu \"{}\" đã tồn tại",
                        "an indicator \"{}\" exists already",
                        def.code
                    ),
                ));
            }
            let before: serde_json::Value =
                serde_json::from_str(&existing.definition).map_err(internal)?;
            let mut a: indicator::ActiveModel = existing.into();
            a.code = Set(def.code.clone());
            a.department_code = Set(def.department.clone());
            a.dataset_code = Set(def.formula.dataset.clone());
            a.definition = Set(json);
            a.updated_at = Set(now);
            a.updated_by = Set(actor.to_string());
            (
                a.update(&txn).await.map_err(internal)?,
                "indicator.update",
                Some(before),
            )
        }
    };
    crate::audit::record(
        &txn,
        actor,
        action,
        &def.code,
        serde_json::json!({ "before": before, "after": def }),
    )
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    record(&model)
}

pub async fn delete(db: &DatabaseConnection, actor: &str, code: &str) -> AppResult<()> {
    let txn = db.begin().await.map_err(internal)?;
    let Some(existing) = find(&txn, code).await? else {
        return Err(AppError::NotFound(format!("indicator \"{code}\"")));
    };
    let before: serde_json::Value = serde_json::from_str(&existing.definition).map_err(internal)?;
    indicator::Entity::delete_by_id(existing.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    crate::audit::record(
        &txn,
        actor,
        "indicator.delete",
        code,
        serde_json::json!({ "before": before }),
    )
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)
}

/// What the editor offers: indicators, datasets with their numeric fields, departments.
pub async fn catalogue(db: &DatabaseConnection) -> AppResult<IndicatorCatalogue> {
    let source = |def: &DatasetDef, department: String| SourceDataset {
        code: def.code.clone(),
        title: def.title.clone(),
        department,
        frequency: def.frequency,
        numeric_fields: def
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldType::Integer | FieldType::Decimal))
            .map(|f| (f.name.clone(), f.unit.clone()))
            .collect(),
        fields: def.fields.iter().map(|f| f.name.clone()).collect(),
    };
    let mut sources = Vec::new();
    for m in datasets::list(db, false).await? {
        // A module's derived dataset of the same code is the one the engine reads.
        if crate::module::deriving(&m.code).is_none() {
            sources.push(source(
                &datasets::definition(&m)?,
                m.department_code.clone(),
            ));
        }
    }
    for m in crate::modules::all() {
        for def in m.derived() {
            let department = def.department.clone().unwrap_or_default();
            sources.push(source(&def, department));
        }
    }
    sources.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(IndicatorCatalogue {
        indicators: list(db).await?,
        datasets: sources,
        departments: registry::departments(db).await?,
    })
}

/// Each unit's code, name, level and parent (its shape left out: it is most of the
/// table's bytes).
struct UnitRow {
    code: String,
    name: String,
    level: String,
    parent: Option<String>,
}

async fn unit_rows(db: &DatabaseConnection) -> AppResult<Vec<UnitRow>> {
    use admin_unit::Column as C;
    let rows: Vec<(String, String, String, Option<String>)> = admin_unit::Entity::find()
        .select_only()
        .columns([C::Code, C::Name, C::Level, C::ParentCode])
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|(code, name, level, parent)| UnitRow {
            code,
            name,
            level,
            parent,
        })
        .collect())
}

/// Each unit's district: itself for a district, its parent for a commune.
fn district_of(all: &[UnitRow]) -> HashMap<String, Option<String>> {
    let level: HashMap<&str, &str> = all
        .iter()
        .map(|u| (u.code.as_str(), u.level.as_str()))
        .collect();
    all.iter()
        .map(|u| {
            let d = match u.level.as_str() {
                "district" => Some(u.code.clone()),
                "commune" => u
                    .parent
                    .as_deref()
                    .filter(|p| level.get(p).is_some_and(|l| *l == "district"))
                    .map(str::to_string),
                _ => None,
            };
            (u.code.clone(), d)
        })
        .collect()
}

/// One dataset's rows of one year, read once for all the indicators that read it.
struct YearRows {
    code: String,
    def: DatasetDef,
    rows: Vec<Record>,
}

/// The rows of the years `first..=year` (one read for a year and the one before it),
/// with the `fields` the indicators read. A derived dataset's rows are computed as they
/// are read: no batch, updated now.
async fn year_rows(
    db: &DatabaseConnection,
    code: &str,
    (first, year): (i32, i32),
    fields: &[&str],
) -> AppResult<Option<YearRows>> {
    let (from, to) = (format!("{first:04}"), format!("{:04}", year + 1));
    if let Some((module, def)) = crate::module::deriving(code) {
        let now = Utc::now();
        let rows = module
            .derived_rows(db, code, &from, &to)
            .await?
            .into_iter()
            .map(|r| Record {
                id: 0,
                unit: r.unit,
                period: Some(r.period),
                data: r.data,
                batch_id: 0,
                updated_at: now,
            })
            .collect();
        return Ok(Some(YearRows {
            code: code.to_string(),
            def,
            rows,
        }));
    }
    let dataset = match datasets::find(db, code).await {
        Ok(m) => m,
        Err(AppError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let def = datasets::definition(&dataset)?;
    // Periods are normalised (`2024-03`, `2024-Q1`, `2024`), so a year is a string range.
    let src = query::Source {
        model: &dataset,
        def: &def,
    };
    let rows = query::records_between(db, src, &from, &to, query::Keep::Only(fields)).await?;
    Ok(Some(YearRows {
        code: dataset.code.clone(),
        def,
        rows,
    }))
}

fn number(data: &serde_json::Map<String, serde_json::Value>, field: Option<&str>) -> Option<f64> {
    data.get(field?)?.as_f64()
}

/// The engine's rows for one indicator, with the records they came from.
fn engine_rows<'a>(
    def: &IndicatorDef,
    yr: &'a YearRows,
    year: i32,
    districts: &HashMap<String, Option<String>>,
) -> Vec<(Row, &'a Record)> {
    let periods = def.periodicity.periods(year);
    let f = &def.formula;
    let field = f.field.as_deref().filter(|s| !s.is_empty());
    yr.rows
        .iter()
        .filter_map(|rec| {
            let data = &rec.data;
            let folded = rules::fold_period(rec.period.as_deref()?, def.periodicity)?;
            let period = periods.iter().position(|p| *p == folded)?;
            let num = match f.aggregate {
                Aggregate::Count => field
                    .is_none_or(|k| data.get(k).is_some_and(|v| !v.is_null()))
                    .then_some(0.0)
                    .filter(|_| field.is_some()),
                _ => number(data, field),
            };
            let district = rec
                .unit
                .as_ref()
                .and_then(|u| districts.get(u).cloned().flatten());
            Some((
                Row {
                    district,
                    period,
                    num,
                    den: number(data, f.denominator.as_deref()),
                },
                rec,
            ))
        })
        .collect()
}

/// The districts in force at the end of `year` (or, for a year the register does not
/// cover, as of its default date), by code.
async fn district_names(db: &DatabaseConnection, year: i32) -> AppResult<Vec<UnitName>> {
    let units = registry::district_names_as_of(db, &format!("{year:04}-12-31")).await?;
    if !units.is_empty() {
        return Ok(units);
    }
    registry::district_names(db).await
}

/// Years with data in any indicator's dataset, or with a target.
async fn years(db: &DatabaseConnection, defs: &[IndicatorDef]) -> AppResult<Vec<i32>> {
    let codes: Vec<&str> = defs.iter().map(|d| d.formula.dataset.as_str()).collect();
    let mut out: Vec<i32> = defs
        .iter()
        .flat_map(|d| d.targets.iter().map(|t| t.year))
        .collect();
    out.extend(query::years_with_rows(db, &codes).await?);
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn check_span(year: i32, through_month: u32) -> AppResult<()> {
    if !(1900..=2200).contains(&year) {
        return Err(AppError::invalid(
            "year",
            tr!("nằm ngoài phạm vi cho phép", "out of range"),
        ));
    }
    if !(1..=12).contains(&through_month) {
        return Err(AppError::invalid(
            "through_month",
            tr!("phải là tháng từ 1 đến 12", "a month from 1 to 12"),
        ));
    }
    Ok(())
}

/// Module 8: every indicator for `year` up to `through_month`, for the province or one
/// district, with its districts for the map.
pub async fn board(
    db: &DatabaseConnection,
    year: i32,
    through_month: u32,
    unit: Option<String>,
) -> AppResult<IndicatorBoard> {
    check_span(year, through_month)?;
    let records = list(db).await?;
    let defs: Vec<IndicatorDef> = records.into_iter().map(|r| r.def).collect();
    Ok(board_of(db, &defs, year, through_month, unit, false)
        .await?
        .0)
}

/// A sector page (health, education, tourism): the indicators of `department`, the same
/// span a year before (growth), and the department's datasets with whether `user` may
/// send figures to each.
pub async fn sector(
    db: &DatabaseConnection,
    user: &app::model::SessionUser,
    department: &str,
    year: i32,
    through_month: u32,
    unit: Option<String>,
) -> AppResult<SectorBoard> {
    check_span(year, through_month)?;
    let defs: Vec<IndicatorDef> = list(db)
        .await?
        .into_iter()
        .map(|r| r.def)
        .filter(|d| d.department == department)
        .collect();
    let (board, previous) = board_of(db, &defs, year, through_month, unit, true).await?;
    let datasets = datasets::list(db, false)
        .await?
        .into_iter()
        .filter(|m| m.department_code == department)
        .map(|m| {
            let may_upload = datasets::may_upload(user, &m);
            let w = datasets::to_wire(&m)?;
            Ok(SectorDataset {
                code: w.def.code,
                title: w.def.title,
                title_en: w.def.title_en,
                public: w.def.public,
                record_count: w.record_count,
                last_ingest_at: w.last_ingest_at,
                may_upload,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(SectorBoard {
        department: department.to_string(),
        board,
        previous,
        datasets,
    })
}

/// The board of these indicators and, with `with_previous`, each one's value over the
/// same span a year before (from the same read of their rows).
async fn board_of(
    db: &DatabaseConnection,
    defs: &[IndicatorDef],
    year: i32,
    through_month: u32,
    unit: Option<String>,
    with_previous: bool,
) -> AppResult<(IndicatorBoard, Vec<PreviousYear>)> {
    let first = if with_previous { year - 1 } else { year };
    let districts = district_names(db, year).await?;
    if let Some(u) = &unit {
        if !districts.iter().any(|d| &d.code == u) {
            return Err(AppError::invalid(
                "unit",
                tr!(
                    "không có đơn vị cấp huyện \"{u}\" trong năm {year}",
                    "no district \"{u}\" in {year}"
                ),
            ));
        }
    }
    let district_codes: Vec<String> = districts.iter().map(|d| d.code.clone()).collect();
    let district_of = district_of(&unit_rows(db).await?);
    let dept_names: HashMap<String, String> = registry::departments(db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();

    // Each dataset is read once, with the fields of all its indicators.
    let mut fields: HashMap<&str, Vec<&str>> = HashMap::new();
    for d in defs {
        let of = fields.entry(d.formula.dataset.as_str()).or_default();
        for f in d.formula.fields() {
            if !of.contains(&f) {
                of.push(f);
            }
        }
    }
    let mut loaded: HashMap<String, Option<YearRows>> = HashMap::new();
    for (code, fields) in &fields {
        let yr = year_rows(db, code, (first, year), fields).await?;
        loaded.insert(code.to_string(), yr);
    }
    let mut views = Vec::with_capacity(defs.len());
    let mut previous = Vec::new();
    for def in defs {
        let yr = loaded.get(&def.formula.dataset).and_then(Option::as_ref);
        if with_previous {
            // Rows of other years fold to no period of this one: the engine skips them.
            let before: Vec<Row> = yr
                .map(|yr| engine_rows(def, yr, year - 1, &district_of))
                .unwrap_or_default()
                .into_iter()
                .map(|(r, _)| r)
                .collect();
            let e = engine::evaluate(
                def,
                &before,
                year - 1,
                through_month,
                unit.as_deref(),
                &district_codes,
            );
            previous.push(PreviousYear {
                code: def.code.clone(),
                value: e.value,
                period_values: e.period_values,
            });
        }
        let pairs = yr
            .map(|yr| engine_rows(def, yr, year, &district_of))
            .unwrap_or_default();
        let rows: Vec<Row> = pairs.iter().map(|(r, _)| r.clone()).collect();
        let e = engine::evaluate(
            def,
            &rows,
            year,
            through_month,
            unit.as_deref(),
            &district_codes,
        );
        let periods = def.periodicity.periods(year);
        let last_update = pairs
            .iter()
            .filter(|(r, _)| e.last_period.is_some_and(|l| r.period <= l))
            .filter(|(r, _)| unit.is_none() || r.district == unit)
            .map(|(_, rec)| rec.updated_at)
            .max()
            .map(|t| t.to_rfc3339());
        views.push(IndicatorView {
            department_name: dept_names
                .get(&def.department)
                .cloned()
                .unwrap_or_else(|| def.department.clone()),
            formula_text: format!("{} [{}]", def.formula.text(), def.formula.dataset),
            value: e.value,
            target: e.target,
            target_to_date: e.target_to_date,
            pct_of_target: e.pct_of_target,
            status: e.status,
            last_period: e.last_period.map(|i| periods[i].clone()),
            periods,
            period_values: e.period_values,
            to_date: e.to_date,
            target_line: e.target_line,
            by_unit: e.by_unit,
            last_update,
            def: def.clone(),
        });
    }
    let board = IndicatorBoard {
        year,
        through_month,
        unit,
        years: years(db, defs).await?,
        demo: defs.iter().any(|d| d.demo),
        districts,
        indicators: views,
    };
    Ok((board, previous))
}

/// Where one value came from. `period` narrows to one period of the indicator;
/// without it the span is the year up to `through_month`.
pub async fn provenance(
    db: &DatabaseConnection,
    code: &str,
    year: i32,
    through_month: u32,
    period: Option<String>,
    unit: Option<String>,
) -> AppResult<Provenance> {
    check_span(year, through_month)?;
    let Some(model) = find(db, code).await? else {
        return Err(AppError::NotFound(format!("indicator \"{code}\"")));
    };
    let def = parse_def(&model)?;
    let periods = def.periodicity.periods(year);
    let span: std::ops::RangeInclusive<usize> = match &period {
        Some(p) => {
            let Some(i) = periods.iter().position(|x| x == p) else {
                let (vi, en) = (periodicity_vi(def.periodicity), def.periodicity.as_str());
                return Err(AppError::invalid(
                    "period",
                    tr!(
                        "\"{p}\" không phải là {vi} của năm {year}",
                        "\"{p}\" is not a {en} of {year}"
                    ),
                ));
            };
            i..=i
        }
        None => {
            let k = (0..periods.len())
                .filter(|i| def.periodicity.end_month(*i) <= through_month)
                .count();
            if k == 0 {
                let (vi, en) = (periodicity_vi(def.periodicity), def.periodicity.as_str());
                return Err(AppError::invalid(
                    "through_month",
                    tr!(
                        "không có {vi} nào của năm {year} kết thúc trước hoặc trong tháng \
                         {through_month}",
                        "no {en} of {year} ends by month {through_month}"
                    ),
                ));
            }
            0..=k - 1
        }
    };
    let fields: Vec<&str> = def.formula.fields().collect();
    let Some(yr) = year_rows(db, &def.formula.dataset, (year, year), &fields).await? else {
        return Err(AppError::NotFound(format!(
            "dataset \"{}\"",
            def.formula.dataset
        )));
    };
    let all = unit_rows(db).await?;
    let district_of = district_of(&all);
    let units: HashMap<String, String> = all.into_iter().map(|u| (u.code, u.name)).collect();
    let chosen: Vec<(Row, &Record)> = engine_rows(&def, &yr, year, &district_of)
        .into_iter()
        .filter(|(r, _)| span.contains(&r.period))
        .filter(|(r, _)| unit.is_none() || r.district == unit)
        .collect();
    let mut acc = Acc::default();
    for (r, _) in &chosen {
        acc.add_row(r);
    }
    let batches = datasets::source_batches(db, chosen.iter().map(|(_, rec)| rec.batch_id)).await?;
    let f = &def.formula;
    let shown_fields: Vec<String> = f.fields().map(str::to_string).collect();
    let rows = chosen
        .iter()
        .take(Provenance::ROW_LIMIT)
        .map(|(_, rec)| {
            let data = &rec.data;
            SourceRow {
                unit_name: rec.unit.as_ref().and_then(|u| units.get(u).cloned()),
                unit: rec.unit.clone(),
                period: rec.period.clone(),
                values: shown_fields
                    .iter()
                    .map(|k| (k.clone(), number(data, Some(k))))
                    .collect(),
                batch_id: rec.batch_id,
                updated_at: rec.updated_at.to_rfc3339(),
            }
        })
        .collect();
    let department_name = registry::department_name(db, &def.department).await?;
    Ok(Provenance {
        indicator: def.code.clone(),
        title: def.title.clone(),
        formula_text: f.text(),
        dataset: yr.code.clone(),
        dataset_title: yr.def.title.clone(),
        department: def.department.clone(),
        department_name,
        unit_name: unit.as_ref().and_then(|u| units.get(u).cloned()),
        unit,
        from_period: periods[*span.start()].clone(),
        to_period: periods[*span.end()].clone(),
        value: acc.value(f),
        row_count: chosen.len() as u64,
        rows,
        batches,
        last_update: chosen
            .iter()
            .map(|(_, r)| r.updated_at)
            .max()
            .map(|t| t.to_rfc3339()),
    })
}
