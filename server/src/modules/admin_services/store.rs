//! Module 1's tables: each dossier in typed columns and counters per province day, agency
//! and unit, both moved by the `dossiers` dataset's batches in their own transaction; the
//! summaries add the counters up, the lists read the dossiers.

use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::modules::admin_services::model::{
    AgencyCounts, Counts, DossierPage, DossierQuery, DossierRow, Filter, Kind, MonthCounts,
    Summary, UnitCounts,
};
use app::modules::admin_services::rules::{self, DayCounts, Dossier};
use app::tr;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QueryResult, Statement, Value};
use serde_json::Map;
use std::collections::{BTreeMap, HashMap};

/// Rows a list page shows.
pub const PAGE_SIZE: u64 = 50;
/// Dossiers one upsert statement carries (18 values each, under SQLite's 32,766).
const CHUNK: usize = 1_000;

/// `?` on SQLite, `$n` on PostgreSQL, for the n-th (1-based) value.
pub(super) struct Params {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Params {
    pub(super) fn new(backend: DbBackend) -> Self {
        Params {
            backend,
            values: Vec::new(),
        }
    }

    /// Adds a value and answers its placeholder.
    pub(super) fn push(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }

    pub(super) fn statement(self, sql: String) -> Statement {
        Statement::from_sql_and_values(self.backend, sql, self.values)
    }
}

fn day_text(n: i64) -> String {
    rules::day(n * 86_400 - rules::OFFSET)
}

/// Moves the tables by the rows a batch of `dossiers` wrote (validated and consistent,
/// see `rules::row_rules`): what the stored dossiers counted is taken out, what the rows
/// say is put in.
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    rows: &[&Map<String, serde_json::Value>],
) -> AppResult<()> {
    let dossiers: Vec<Dossier> = rows.iter().filter_map(|r| rules::from_row(r)).collect();
    if dossiers.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let mut deltas: HashMap<(i64, String, String), DayCounts> = HashMap::new();
    let mut add = |d: &Dossier, sign: i64| {
        for (day, c) in d.contributions() {
            deltas
                .entry((day, d.agency.clone(), d.unit.clone()))
                .or_default()
                .add(&c, sign);
        }
    };
    for old in stored(db, &dossiers).await? {
        add(&old, -1);
    }
    for d in &dossiers {
        add(d, 1);
    }
    for chunk in dossiers.chunks(CHUNK) {
        let mut p = Params::new(backend);
        let mut tuples = Vec::with_capacity(chunk.len());
        for d in chunk {
            let outcome = d.outcome().map(|o| o.as_str().to_string());
            let values: Vec<Value> = vec![
                d.id.clone().into(),
                d.agency.clone().into(),
                d.procedure_code.clone().into(),
                d.procedure_name.clone().into(),
                d.unit.clone().into(),
                d.level.clone().into(),
                d.channel.clone().into(),
                d.status.clone().into(),
                d.received_at.into(),
                d.due_at.into(),
                d.resolved_at.into(),
                rules::day(d.received_at).into(),
                rules::day(d.due_at).into(),
                d.resolved_at.map(rules::day).into(),
                outcome.into(),
                i16::from(d.paid_online).into(),
                i16::from(d.digitised).into(),
                i16::from(d.pending()).into(),
            ];
            let marks: Vec<String> = values.into_iter().map(|v| p.push(v)).collect();
            tuples.push(format!("({})", marks.join(",")));
        }
        let sql = format!(
            "INSERT INTO admin_dossier (id, agency, procedure_code, procedure_name, unit, level, \
             channel, status, received_at, due_at, resolved_at, received_day, due_day, \
             resolved_day, outcome, paid_online, digitised, pending) VALUES {} \
             ON CONFLICT (id) DO UPDATE SET agency = excluded.agency, \
             procedure_code = excluded.procedure_code, procedure_name = excluded.procedure_name, \
             unit = excluded.unit, level = excluded.level, channel = excluded.channel, \
             status = excluded.status, received_at = excluded.received_at, \
             due_at = excluded.due_at, resolved_at = excluded.resolved_at, \
             received_day = excluded.received_day, due_day = excluded.due_day, \
             resolved_day = excluded.resolved_day, outcome = excluded.outcome, \
             paid_online = excluded.paid_online, digitised = excluded.digitised, \
             pending = excluded.pending",
            tuples.join(",")
        );
        db.execute_raw(p.statement(sql)).await.map_err(internal)?;
    }
    let moved: Vec<_> = deltas.into_iter().filter(|(_, c)| !c.is_zero()).collect();
    let cols = DayCounts::COLUMNS.join(", ");
    let set = DayCounts::COLUMNS
        .iter()
        .map(|c| format!("{c} = admin_dossier_day.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    for chunk in moved.chunks(CHUNK) {
        let mut p = Params::new(backend);
        let mut tuples = Vec::with_capacity(chunk.len());
        for ((day, agency, unit), c) in chunk {
            let mut marks = vec![
                p.push(day_text(*day)),
                p.push(agency.clone()),
                p.push(unit.clone()),
            ];
            marks.extend(c.values().into_iter().map(|v| p.push(v)));
            tuples.push(format!("({})", marks.join(",")));
        }
        let sql = format!(
            "INSERT INTO admin_dossier_day (day, agency, unit, {cols}) VALUES {} \
             ON CONFLICT (day, agency, unit) DO UPDATE SET {set}",
            tuples.join(",")
        );
        db.execute_raw(p.statement(sql)).await.map_err(internal)?;
    }
    Ok(())
}

const DOSSIER_COLUMNS: &str = "id, agency, procedure_code, procedure_name, unit, level, \
     channel, status, received_at, due_at, resolved_at, paid_online, digitised";

fn dossier_of(r: &QueryResult) -> AppResult<Dossier> {
    let small =
        |i: usize| -> AppResult<bool> { Ok(r.try_get_by_index::<i16>(i).map_err(internal)? != 0) };
    Ok(Dossier {
        id: r.try_get_by_index(0).map_err(internal)?,
        agency: r.try_get_by_index(1).map_err(internal)?,
        procedure_code: r.try_get_by_index(2).map_err(internal)?,
        procedure_name: r.try_get_by_index(3).map_err(internal)?,
        unit: r.try_get_by_index(4).map_err(internal)?,
        level: r.try_get_by_index(5).map_err(internal)?,
        channel: r.try_get_by_index(6).map_err(internal)?,
        status: r.try_get_by_index(7).map_err(internal)?,
        received_at: r.try_get_by_index(8).map_err(internal)?,
        due_at: r.try_get_by_index(9).map_err(internal)?,
        resolved_at: r.try_get_by_index(10).map_err(internal)?,
        paid_online: small(11)?,
        digitised: small(12)?,
    })
}

/// The stored versions of these dossiers (those that are stored).
async fn stored<C: ConnectionTrait>(db: &C, dossiers: &[Dossier]) -> AppResult<Vec<Dossier>> {
    let backend = db.get_database_backend();
    let ids: Vec<&str> = dossiers.iter().map(|d| d.id.as_str()).collect();
    let ids = serde_json::to_string(&ids).map_err(internal)?;
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT {DOSSIER_COLUMNS} FROM admin_dossier \
             WHERE id IN (SELECT json_array_elements_text($1::json))"
        ),
        _ => format!(
            "SELECT {DOSSIER_COLUMNS} FROM admin_dossier WHERE id IN (SELECT value FROM json_each(?))"
        ),
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [ids.into()]))
        .await
        .map_err(internal)?;
    rows.iter().map(dossier_of).collect()
}

/// A filter with its days settled: `to` no later than today, `from` no later than `to`.
pub struct Span {
    pub from: String,
    pub to: String,
    /// `to` is today: the pending are counted now, from the dossiers.
    pub today: bool,
    /// The moment the pending are counted at, epoch seconds.
    pub at: i64,
    pub agency: Option<String>,
    pub unit: Option<String>,
}

fn parse_day(field: &str, v: &str) -> AppResult<String> {
    chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| {
            AppError::invalid(
                field,
                tr!(
                    "'{v}' không phải là ngày dạng YYYY-MM-DD",
                    "'{v}' is not a date like 2024-12-31"
                ),
            )
        })
}

/// Checks a filter and settles its days against `now` (epoch seconds).
pub async fn span<C: ConnectionTrait>(db: &C, f: &Filter, now: i64) -> AppResult<Span> {
    let today = rules::day(now);
    let blank = |o: &Option<String>| {
        o.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let to = match blank(&f.to) {
        Some(t) => parse_day("to", &t)?,
        None => today.clone(),
    };
    let from = match blank(&f.from) {
        Some(t) => parse_day("from", &t)?,
        None => format!("{}-01-01", &to[..4]),
    };
    if from > to {
        return Err(AppError::invalid(
            "from",
            tr!("sau ngày kết thúc ({to})", "after the end date ({to})"),
        ));
    }
    let agency = blank(&f.agency);
    if let Some(a) = &agency {
        let known = crate::registry::departments(db).await?;
        if !known.iter().any(|d| &d.code == a) {
            return Err(AppError::invalid(
                "agency",
                tr!(
                    "không có sở, ngành nào có mã '{a}'",
                    "no department with code '{a}'"
                ),
            ));
        }
    }
    let unit = blank(&f.unit);
    let to = to.min(today.clone());
    let from = from.min(to.clone());
    let is_today = to == today;
    let at = if is_today {
        now
    } else {
        rules::day_start(&to).unwrap_or(now) + 86_400 - 1
    };
    Ok(Span {
        from,
        to,
        today: is_today,
        at,
        agency,
        unit,
    })
}

/// `AND agency = … AND unit = …` for the filter's choices.
fn scope(p: &mut Params, s: &Span) -> String {
    let mut sql = String::new();
    if let Some(a) = &s.agency {
        sql.push_str(&format!(" AND agency = {}", p.push(a.clone())));
    }
    if let Some(u) = &s.unit {
        sql.push_str(&format!(" AND unit = {}", p.push(u.clone())));
    }
    sql
}

/// Flows inside the span and stocks at its end, from one row of sums.
fn counts_of(r: &QueryResult, base: usize) -> AppResult<(Counts, i64, i64)> {
    let g = |i: usize| -> AppResult<u64> {
        let v: Option<i64> = r.try_get_by_index(base + i).map_err(internal)?;
        Ok(v.unwrap_or(0).max(0) as u64)
    };
    let s = |i: usize| -> AppResult<i64> {
        let v: Option<i64> = r.try_get_by_index(base + i).map_err(internal)?;
        Ok(v.unwrap_or(0))
    };
    let counts = Counts {
        received: g(0)?,
        received_online: g(1)?,
        paid_online: g(2)?,
        digitised: g(3)?,
        resolved: g(4)?,
        resolved_early: g(5)?,
        resolved_on_time: g(6)?,
        resolved_late: g(7)?,
        ..Default::default()
    };
    Ok((counts, s(8)?, s(9)?))
}

/// The sums `counts_of` reads: flows from `from` on, stocks (pending, overdue) over all.
fn sums(p: &mut Params, from: &str) -> String {
    let flows = [
        "received",
        "online",
        "paid",
        "digitised",
        "resolved",
        "early",
        "on_time",
        "late",
    ];
    let mut cols: Vec<String> = flows
        .iter()
        .map(|c| {
            let mark = p.push(from.to_string());
            // CAST: PostgreSQL's SUM of a bigint is a numeric.
            format!("CAST(SUM(CASE WHEN day >= {mark} THEN {c} ELSE 0 END) AS BIGINT)")
        })
        .collect();
    cols.push("CAST(SUM(recv_open) - SUM(resolved) AS BIGINT)".into());
    cols.push("CAST(SUM(due_open) - SUM(due_res) AS BIGINT)".into());
    cols.join(", ")
}

/// The counters of a period: totals, per agency, per unit and per month.
pub async fn summary<C: ConnectionTrait>(db: &C, f: &Filter, now: i64) -> AppResult<Summary> {
    let s = span(db, f, now).await?;
    let backend = db.get_database_backend();

    // Per agency and unit: one pass over the counters up to `to`.
    let mut p = Params::new(backend);
    let cols = sums(&mut p, &s.from);
    let to = p.push(s.to.clone());
    let sql = format!(
        "SELECT agency, unit, {cols} FROM admin_dossier_day WHERE day <= {to}{} GROUP BY agency, unit",
        scope(&mut p, &s)
    );
    let rows = db.query_all_raw(p.statement(sql)).await.map_err(internal)?;
    let mut cells: Vec<(String, String, Counts, i64, i64)> = Vec::with_capacity(rows.len());
    for r in &rows {
        let agency: String = r.try_get_by_index(0).map_err(internal)?;
        let unit: String = r.try_get_by_index(1).map_err(internal)?;
        let (c, pending, overdue) = counts_of(r, 2)?;
        cells.push((agency, unit, c, pending, overdue));
    }
    if s.today {
        // Now, not at the end of today: from the dossiers still pending.
        let now_stock = pending_now(db, &s, now).await?;
        for cell in cells.iter_mut() {
            let (pending, overdue) = now_stock
                .get(&(cell.0.clone(), cell.1.clone()))
                .copied()
                .unwrap_or((0, 0));
            cell.3 = pending;
            cell.4 = overdue;
        }
    }

    let with_stock = |mut c: Counts, pending: i64, overdue: i64| {
        c.pending = pending.max(0) as u64;
        c.pending_overdue = overdue.max(0) as u64;
        c
    };
    let mut totals = Counts::default();
    let mut agencies: BTreeMap<String, Counts> = BTreeMap::new();
    let mut units: BTreeMap<String, Counts> = BTreeMap::new();
    for (agency, unit, c, pending, overdue) in &cells {
        let c = with_stock(c.clone(), *pending, *overdue);
        for target in [
            &mut totals,
            agencies.entry(agency.clone()).or_default(),
            units.entry(unit.clone()).or_default(),
        ] {
            add_counts(target, &c);
        }
    }

    let departments = crate::registry::departments(db).await?;
    let by_agency = agencies
        .into_iter()
        .map(|(agency, c)| {
            let d = departments.iter().find(|d| d.code == agency);
            AgencyCounts {
                name: d.map(|d| d.name.clone()).unwrap_or_else(|| agency.clone()),
                name_en: d
                    .map(|d| d.name_en.clone())
                    .unwrap_or_else(|| agency.clone()),
                agency,
                counts: c.finish(),
            }
        })
        .collect();
    let unit_models = crate::db::entity::admin_unit::Entity::find()
        .all(db)
        .await
        .map_err(internal)?;
    let by_unit = units
        .into_iter()
        .map(|(unit, c)| {
            let u = unit_models.iter().find(|u| u.code == unit);
            UnitCounts {
                name: u.map(|u| u.name.clone()).unwrap_or_else(|| unit.clone()),
                name_en: u.map(|u| u.name_en.clone()).unwrap_or_else(|| unit.clone()),
                unit,
                counts: c.finish(),
            }
        })
        .collect();
    let by_month = months(db, &s, now).await?;
    Ok(Summary {
        from: s.from.clone(),
        to: s.to.clone(),
        agency: s.agency.clone(),
        unit: s.unit.clone(),
        as_of: rules::local_rfc3339(s.at),
        totals: totals.finish(),
        by_agency,
        by_unit,
        by_month,
    })
}

fn add_counts(a: &mut Counts, b: &Counts) {
    a.received += b.received;
    a.received_online += b.received_online;
    a.paid_online += b.paid_online;
    a.digitised += b.digitised;
    a.resolved += b.resolved;
    a.resolved_early += b.resolved_early;
    a.resolved_on_time += b.resolved_on_time;
    a.resolved_late += b.resolved_late;
    a.pending += b.pending;
    a.pending_overdue += b.pending_overdue;
}

/// Pending and overdue now, per agency and unit, from the dossiers still pending.
async fn pending_now<C: ConnectionTrait>(
    db: &C,
    s: &Span,
    now: i64,
) -> AppResult<HashMap<(String, String), (i64, i64)>> {
    let mut p = Params::new(db.get_database_backend());
    let mark = p.push(now);
    let sql = format!(
        "SELECT agency, unit, COUNT(*), CAST(SUM(CASE WHEN due_at < {mark} THEN 1 ELSE 0 END) AS BIGINT) \
         FROM admin_dossier WHERE pending = 1{} GROUP BY agency, unit",
        scope(&mut p, s)
    );
    let mut out = HashMap::new();
    for r in db.query_all_raw(p.statement(sql)).await.map_err(internal)? {
        let agency: String = r.try_get_by_index(0).map_err(internal)?;
        let unit: String = r.try_get_by_index(1).map_err(internal)?;
        let n: i64 = r.try_get_by_index(2).map_err(internal)?;
        let overdue: Option<i64> = r.try_get_by_index(3).map_err(internal)?;
        out.insert((agency, unit), (n, overdue.unwrap_or(0)));
    }
    Ok(out)
}

/// Each month of the span: flows inside it (and inside the span), pending at its end.
async fn months<C: ConnectionTrait>(db: &C, s: &Span, now: i64) -> AppResult<Vec<MonthCounts>> {
    let mut p = Params::new(db.get_database_backend());
    let cols = sums(&mut p, &s.from);
    let to = p.push(s.to.clone());
    let sql = format!(
        "SELECT substr(day, 1, 7) AS month, {cols} FROM admin_dossier_day WHERE day <= {to}{} \
         GROUP BY substr(day, 1, 7) ORDER BY 1",
        scope(&mut p, s)
    );
    let first = &s.from[..7];
    let (mut pending, mut overdue) = (0i64, 0i64);
    let mut by_month: BTreeMap<String, Counts> = BTreeMap::new();
    for r in db.query_all_raw(p.statement(sql)).await.map_err(internal)? {
        let month: String = r.try_get_by_index(0).map_err(internal)?;
        let (mut c, dp, dov) = counts_of(&r, 1)?;
        pending += dp;
        overdue += dov;
        if month.as_str() >= first {
            c.pending = pending.max(0) as u64;
            c.pending_overdue = overdue.max(0) as u64;
            by_month.insert(month, c);
        }
    }
    // Every month of the span is shown, those without dossiers too.
    let mut month = first.to_string();
    let last = s.to[..7].to_string();
    let mut carried = (0, 0);
    while month <= last {
        match by_month.get(&month) {
            Some(c) => carried = (c.pending, c.pending_overdue),
            None => {
                by_month.insert(
                    month.clone(),
                    Counts {
                        pending: carried.0,
                        pending_overdue: carried.1,
                        ..Default::default()
                    },
                );
            }
        }
        month = next_month(&month);
    }
    if s.today {
        let stock = pending_now(db, s, now).await?;
        if let Some(c) = by_month.get_mut(&last) {
            c.pending = stock.values().map(|v| v.0).sum::<i64>().max(0) as u64;
            c.pending_overdue = stock.values().map(|v| v.1).sum::<i64>().max(0) as u64;
        }
    }
    Ok(by_month
        .into_iter()
        .map(|(month, c)| MonthCounts {
            month,
            counts: c.finish(),
        })
        .collect())
}

fn next_month(m: &str) -> String {
    let (y, mo) = (
        m[..4].parse::<i32>().unwrap_or(0),
        m[5..7].parse::<u32>().unwrap_or(1),
    );
    if mo >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", mo + 1)
    }
}

/// The dossiers behind a number, a page at a time.
pub async fn dossiers<C: ConnectionTrait>(
    db: &C,
    q: &DossierQuery,
    now: i64,
) -> AppResult<DossierPage> {
    let s = span(db, &q.filter, now).await?;
    let page = q.page.unwrap_or(1).max(1);
    if page > 100_000 {
        return Err(AppError::invalid("page", tr!("quá lớn", "too large")));
    }
    let mut p = Params::new(db.get_database_backend());
    let counted = "status NOT IN ('returned', 'withdrawn')";
    let (cond, order) = match q.kind {
        Kind::Received => {
            let (a, b) = (p.push(s.from.clone()), p.push(s.to.clone()));
            (
                format!("received_day BETWEEN {a} AND {b}"),
                "received_at DESC, id",
            )
        }
        Kind::Resolved | Kind::Early | Kind::OnTime | Kind::Late => {
            let (a, b) = (p.push(s.from.clone()), p.push(s.to.clone()));
            let outcome = match q.kind {
                Kind::Early => " AND outcome = 'early'",
                Kind::OnTime => " AND outcome = 'on_time'",
                Kind::Late => " AND outcome = 'late'",
                _ => " AND outcome IS NOT NULL",
            };
            (
                format!("resolved_day BETWEEN {a} AND {b}{outcome}"),
                "resolved_at DESC, id",
            )
        }
        Kind::Pending | Kind::Within | Kind::Overdue => {
            let base = if s.today {
                "pending = 1".to_string()
            } else {
                let (a, b) = (p.push(s.to.clone()), p.push(s.to.clone()));
                format!(
                    "{counted} AND received_day <= {a} AND (outcome IS NULL OR resolved_day > {b})"
                )
            };
            let due = match (q.kind, s.today) {
                (Kind::Overdue, true) => format!(" AND due_at < {}", p.push(now)),
                (Kind::Within, true) => format!(" AND due_at >= {}", p.push(now)),
                (Kind::Overdue, false) => format!(" AND due_day <= {}", p.push(s.to.clone())),
                (Kind::Within, false) => format!(" AND due_day > {}", p.push(s.to.clone())),
                _ => String::new(),
            };
            (format!("{base}{due}"), "due_at, id")
        }
    };
    let filter = format!("{cond}{}", scope(&mut p, &s));
    let count_values = p.values.clone();
    let backend = p.backend;
    let limit = p.push(PAGE_SIZE as i64);
    let offset = p.push(((page - 1) * PAGE_SIZE) as i64);
    let sql = format!(
        "SELECT {DOSSIER_COLUMNS} FROM admin_dossier WHERE {filter} ORDER BY {order} \
         LIMIT {limit} OFFSET {offset}"
    );
    let rows = db.query_all_raw(p.statement(sql)).await.map_err(internal)?;
    let total = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) FROM admin_dossier WHERE {filter}"),
            count_values,
        ))
        .await
        .map_err(internal)?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()
        .map_err(internal)?
        .unwrap_or(0);
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let d = dossier_of(r)?;
        let end = d.resolved().unwrap_or(s.at);
        let late = end - d.due_at;
        out.push(DossierRow {
            days_overdue: if late > 0 {
                (late + 86_399) / 86_400
            } else {
                0
            },
            received_at: rules::local_rfc3339(d.received_at),
            due_at: rules::local_rfc3339(d.due_at),
            resolved_at: d.resolved().map(rules::local_rfc3339),
            id: d.id,
            agency: d.agency,
            procedure_code: d.procedure_code,
            procedure_name: d.procedure_name,
            unit: d.unit,
            level: d.level,
            channel: d.channel,
            status: d.status,
        });
    }
    Ok(DossierPage {
        kind: q.kind,
        total: total.max(0) as u64,
        page,
        page_size: PAGE_SIZE,
        as_of: rules::local_rfc3339(s.at),
        rows: out,
    })
}

/// Recounts the day counters from the dossiers (repair and verification): what they hold
/// must equal what the batches moved them to.
pub async fn recount<C: ConnectionTrait>(
    db: &C,
) -> AppResult<BTreeMap<(String, String, String), [i64; 11]>> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT {DOSSIER_COLUMNS} FROM admin_dossier"),
        ))
        .await
        .map_err(internal)?;
    let mut out: BTreeMap<(String, String, String), DayCounts> = BTreeMap::new();
    for r in &rows {
        let d = dossier_of(r)?;
        for (day, c) in d.contributions() {
            out.entry((day_text(day), d.agency.clone(), d.unit.clone()))
                .or_default()
                .add(&c, 1);
        }
    }
    Ok(out
        .into_iter()
        .filter(|(_, c)| !c.is_zero())
        .map(|(k, c)| (k, c.values()))
        .collect())
}

/// The day counters as stored (rows that are all zero left out).
pub async fn counters<C: ConnectionTrait>(
    db: &C,
) -> AppResult<BTreeMap<(String, String, String), [i64; 11]>> {
    let backend = db.get_database_backend();
    let sql = format!(
        "SELECT day, agency, unit, {} FROM admin_dossier_day",
        DayCounts::COLUMNS.join(", ")
    );
    let mut out = BTreeMap::new();
    for r in db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .map_err(internal)?
    {
        let mut v = [0i64; 11];
        for (i, slot) in v.iter_mut().enumerate() {
            *slot = r.try_get_by_index(3 + i).map_err(internal)?;
        }
        if v.iter().any(|x| *x != 0) {
            let key = (
                r.try_get_by_index(0).map_err(internal)?,
                r.try_get_by_index(1).map_err(internal)?,
                r.try_get_by_index(2).map_err(internal)?,
            );
            out.insert(key, v);
        }
    }
    Ok(out)
}
