//! Module 1's tables: each dossier in typed columns and counters per province day (and
//! month), agency and unit, all moved by the `dossiers` dataset's batches in their own
//! transaction; the summaries add the counters up, the lists read the dossiers.

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
    let mut rest = dossiers.into_iter();
    let mut current = upsert(backend, &mut rest);
    while let Some(statement) = current {
        // The next chunk's statement is built while the database writes this one.
        let (written, next) = tokio::join!(db.execute_raw(statement), async {
            upsert(backend, &mut rest)
        });
        written.map_err(internal)?;
        current = next;
    }
    let daily: Vec<(Key, DayCounts)> = deltas
        .into_iter()
        .filter(|(_, c)| !c.is_zero())
        .map(|((day, agency, unit), c)| ((day_text(day), agency, unit), c))
        .collect();
    // The same deltas per month: a summary reads whole months from there.
    let monthly = per_month_of(daily.iter().map(|(k, c)| (k, *c)));
    add_counters(db, "admin_dossier_day", "day", &daily).await?;
    add_counters(db, "admin_dossier_month", "month", &monthly).await?;
    Ok(())
}

/// The upsert of the next `CHUNK` dossiers, or `None` when none is left. The dossiers
/// move into the statement's values: no copy of their texts.
fn upsert(backend: DbBackend, rest: &mut impl Iterator<Item = Dossier>) -> Option<Statement> {
    let chunk: Vec<Dossier> = rest.take(CHUNK).collect();
    if chunk.is_empty() {
        return None;
    }
    let n = chunk.len();
    let mut values: Vec<Value> = Vec::with_capacity(n * 18);
    for d in chunk {
        let outcome = d.outcome().map(|o| o.as_str().to_string());
        let pending = d.pending();
        values.extend([
            rules::day(d.received_at).into(),
            rules::day(d.due_at).into(),
            d.resolved_at.map(rules::day).into(),
            outcome.into(),
            i16::from(d.paid_online).into(),
            i16::from(d.digitised).into(),
            i16::from(pending).into(),
            d.received_at.into(),
            d.due_at.into(),
            d.resolved_at.into(),
            d.id.into(),
            d.agency.into(),
            d.procedure_code.into(),
            d.procedure_name.into(),
            d.unit.into(),
            d.level.into(),
            d.channel.into(),
            d.status.into(),
        ]);
    }
    let sql = format!(
        "INSERT INTO admin_dossier (received_day, due_day, resolved_day, outcome, \
         paid_online, digitised, pending, received_at, due_at, resolved_at, id, agency, \
         procedure_code, procedure_name, unit, level, channel, status) VALUES {} \
         ON CONFLICT (id) DO UPDATE SET agency = excluded.agency, \
         procedure_code = excluded.procedure_code, procedure_name = excluded.procedure_name, \
         unit = excluded.unit, level = excluded.level, channel = excluded.channel, \
         status = excluded.status, received_at = excluded.received_at, \
         due_at = excluded.due_at, resolved_at = excluded.resolved_at, \
         received_day = excluded.received_day, due_day = excluded.due_day, \
         resolved_day = excluded.resolved_day, outcome = excluded.outcome, \
         paid_online = excluded.paid_online, digitised = excluded.digitised, \
         pending = excluded.pending",
        crate::db::tuples(backend, n, 18)
    );
    Some(Statement::from_sql_and_values(backend, sql, values))
}

/// Adds deltas to a counter table keyed by (`key`, agency, unit), inserting missing rows.
/// Keys go in sorted so two copies adding to the same rows lock them in the same order.
async fn add_counters<C: ConnectionTrait>(
    db: &C,
    table: &str,
    key: &str,
    deltas: &[(Key, DayCounts)],
) -> AppResult<()> {
    let mut deltas: Vec<&(Key, DayCounts)> = deltas.iter().collect();
    deltas.sort_by(|a, b| a.0.cmp(&b.0));
    let cols = DayCounts::COLUMNS.join(", ");
    let set = DayCounts::COLUMNS
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let backend = db.get_database_backend();
    for chunk in deltas.chunks(CHUNK) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 14);
        for ((k, agency, unit), c) in chunk.iter().map(|d| (&d.0, &d.1)) {
            values.extend([k.clone().into(), agency.clone().into(), unit.clone().into()]);
            values.extend(c.values().into_iter().map(Value::from));
        }
        let sql = format!(
            "INSERT INTO {table} ({key}, agency, unit, {cols}) VALUES {} \
             ON CONFLICT ({key}, agency, unit) DO UPDATE SET {set}",
            crate::db::tuples(backend, chunk.len(), 14)
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(internal)?;
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

/// The flows `counts_of` reads, in its order.
const FLOWS: [&str; 8] = [
    "received",
    "online",
    "paid",
    "digitised",
    "resolved",
    "early",
    "on_time",
    "late",
];

/// A span's flows and stocks per (agency, unit) and per month: the stocks before its
/// first month (month ''), its whole months from the monthly table, and from the daily one
/// the days of `to`'s month (unless `to` ends it) and of a partial first month. A few reads
/// that each hand back at most a row per agency and unit: one grouped union of them cost
/// twice as much (SQLite sorts every row it groups), and rows handed over one by one cost
/// more than summing them.
async fn span_rows<C: ConnectionTrait>(db: &C, s: &Span) -> AppResult<(Cells, Months)> {
    let backend = db.get_database_backend();
    let (first, last) = (s.from[..7].to_string(), s.to[..7].to_string());
    let partial = !s.from.ends_with("-01");
    // Months whose flows count whole: from the first full month on.
    let full = if partial {
        next_month(&first)
    } else {
        first.clone()
    };
    use chrono::Datelike;
    // A span that ends on a month's last day takes that month whole from the monthly
    // table too: a year, a quarter or a month reads no day at all.
    let whole_last = chrono::NaiveDate::parse_from_str(&s.to, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .is_some_and(|d| d.day() == 1);
    let end = if whole_last {
        next_month(&last)
    } else {
        last.clone()
    };
    // CAST: PostgreSQL's SUM of a bigint is a numeric.
    let sum = |e: &str| format!("CAST(SUM({e}) AS BIGINT)");
    let stocks = format!(
        "{}, {}",
        sum("recv_open - resolved"),
        sum("due_open - due_res")
    );
    // Sums of plain columns where the rows allow: a comparison per row and column doubled
    // the time on SQLite.
    let plain = FLOWS.iter().map(|c| sum(c)).collect::<Vec<_>>().join(", ");
    let mut statements: Vec<(To, Statement)> = Vec::with_capacity(5);

    // The stocks before the span's first month.
    let mut p = Params::new(backend);
    let mark = p.push(first.clone());
    let sql = format!(
        "SELECT agency, unit, {}, {stocks} FROM admin_dossier_month WHERE month < {mark}{} \
         GROUP BY agency, unit",
        vec!["CAST(0 AS BIGINT)"; FLOWS.len()].join(", "),
        scope(&mut p, s)
    );
    statements.push((To::Both(String::new()), p.statement(sql)));

    // The span's whole months (`to`'s too when the span ends with it), summed per agency
    // and unit and per month (their rows one by one cost more to hand over than to sum);
    // a partial first month gives only its stock (its flows come from its days).
    for by_month in [false, true] {
        let mut p = Params::new(backend);
        let flows: Vec<String> = FLOWS
            .iter()
            .map(|c| {
                let mark = p.push(full.clone());
                sum(&format!("CASE WHEN month >= {mark} THEN {c} ELSE 0 END"))
            })
            .collect();
        let (a, b) = (p.push(first.clone()), p.push(end.clone()));
        let keys = if by_month { "month" } else { "agency, unit" };
        let sql = format!(
            "SELECT {keys}, {}, {stocks} FROM admin_dossier_month \
             WHERE month >= {a} AND month < {b}{} GROUP BY {keys}",
            flows.join(", "),
            scope(&mut p, s)
        );
        let to = if by_month { To::Months } else { To::Cells };
        statements.push((to, p.statement(sql)));
    }

    if !whole_last {
        // `to`'s month, its days up to `to`: the stocks of every day, the flows from `from` on
        // (the same days unless the span starts inside this month).
        let mut p = Params::new(backend);
        let flows = if first == last && partial {
            FLOWS
                .iter()
                .map(|c| {
                    let mark = p.push(s.from.clone());
                    sum(&format!("CASE WHEN day >= {mark} THEN {c} ELSE 0 END"))
                })
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            plain.clone()
        };
        let (a, b) = (p.push(format!("{last}-01")), p.push(s.to.clone()));
        let sql = format!(
            "SELECT agency, unit, {flows}, {stocks} FROM admin_dossier_day \
             WHERE day >= {a} AND day <= {b}{} GROUP BY agency, unit",
            scope(&mut p, s)
        );
        statements.push((To::Both(last.clone()), p.statement(sql)));
    }

    if partial && first < end {
        // The first month's days inside the span: flows only (its stock is in its month).
        let mut p = Params::new(backend);
        let (a, b) = (p.push(s.from.clone()), p.push(format!("{full}-01")));
        let sql = format!(
            "SELECT agency, unit, {plain}, CAST(0 AS BIGINT), CAST(0 AS BIGINT) \
             FROM admin_dossier_day WHERE day >= {a} AND day < {b}{} GROUP BY agency, unit",
            scope(&mut p, s)
        );
        statements.push((To::Both(first.clone()), p.statement(sql)));
    }

    let mut cells = Cells::new();
    let mut months = Months::new();
    for (to, st) in statements {
        for r in db.query_all_raw(st).await.map_err(internal)? {
            let key = |i: usize| -> AppResult<String> { r.try_get_by_index(i).map_err(internal) };
            let add = |slot: &mut (Counts, i64, i64),
                       (c, pending, overdue): &(Counts, i64, i64)| {
                add_counts(&mut slot.0, c);
                slot.1 += pending;
                slot.2 += overdue;
            };
            match &to {
                To::Months => add(months.entry(key(0)?).or_default(), &counts_of(&r, 1)?),
                To::Cells => add(
                    cells.entry((key(0)?, key(1)?)).or_default(),
                    &counts_of(&r, 2)?,
                ),
                To::Both(month) => {
                    let v = counts_of(&r, 2)?;
                    add(cells.entry((key(0)?, key(1)?)).or_default(), &v);
                    add(months.entry(month.clone()).or_default(), &v);
                }
            }
        }
    }
    Ok((cells, months))
}

/// Flows and stock per (agency, unit), or per month (`''`: before the span).
type Cells = BTreeMap<(String, String), (Counts, i64, i64)>;
type Months = BTreeMap<String, (Counts, i64, i64)>;

/// Where a statement's rows go: per (agency, unit) and per month.
enum To {
    /// Rows by agency and unit, all in this month.
    Both(String),
    Cells,
    Months,
}

/// The counters of a period: totals, per agency, per unit and per month.
pub async fn summary<C: ConnectionTrait>(db: &C, f: &Filter, now: i64) -> AppResult<Summary> {
    let s = span(db, f, now).await?;
    let first = s.from[..7].to_string();

    // (agency, unit) → flows and stock; month → flows and stock moves.
    let (mut cells, mut months) = span_rows(db, &s).await?;
    // The counters hold the stocks at the end of `to`; for today, those due later today
    // are not overdue yet.
    let not_yet = if s.today {
        due_later_today(db, &s, now).await?
    } else {
        HashMap::new()
    };
    for (key, n) in &not_yet {
        let cell = cells.entry(key.clone()).or_default();
        cell.2 -= n;
    }
    let with_stock = |mut c: Counts, pending: i64, overdue: i64| {
        c.pending = pending.max(0) as u64;
        c.pending_overdue = overdue.max(0) as u64;
        c
    };

    let mut totals = Counts::default();
    let mut agencies: BTreeMap<String, Counts> = BTreeMap::new();
    let mut units: BTreeMap<String, Counts> = BTreeMap::new();
    for ((agency, unit), (c, pending, overdue)) in cells {
        let c = with_stock(c, pending, overdue);
        for target in [
            &mut totals,
            agencies.entry(agency).or_default(),
            units.entry(unit).or_default(),
        ] {
            add_counts(target, &c);
        }
    }

    // Every month of the span, those without dossiers too, with the stocks at its end.
    let last = s.to[..7].to_string();
    let (mut pending, mut overdue) = months.get("").map(|m| (m.1, m.2)).unwrap_or_default();
    let mut by_month = Vec::new();
    let mut month = first;
    while month <= last {
        let (c, dp, dov) = months.remove(&month).unwrap_or_default();
        pending += dp;
        overdue += dov;
        if month == last {
            overdue -= not_yet.values().sum::<i64>();
        }
        by_month.push(MonthCounts {
            counts: with_stock(c, pending, overdue).finish(),
            month: month.clone(),
        });
        month = next_month(&month);
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
    // Names only: the units' boundaries are most of their rows.
    use crate::db::entity::admin_unit;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let names: Vec<(String, String, String)> = admin_unit::Entity::find()
        .select_only()
        .columns([
            admin_unit::Column::Code,
            admin_unit::Column::Name,
            admin_unit::Column::NameEn,
        ])
        .filter(admin_unit::Column::Code.is_in(units.keys().cloned()))
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    let by_unit = units
        .into_iter()
        .map(|(unit, c)| {
            let u = names.iter().find(|u| u.0 == unit);
            UnitCounts {
                name: u.map(|u| u.1.clone()).unwrap_or_else(|| unit.clone()),
                name_en: u.map(|u| u.2.clone()).unwrap_or_else(|| unit.clone()),
                unit,
                counts: c.finish(),
            }
        })
        .collect();
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

/// Per agency and unit, the dossiers still pending that are due later today (at or after
/// `now`): the day counters count them overdue at the end of today, they are not yet.
/// A few rows, read from the pending dossiers' index on `due_at`.
async fn due_later_today<C: ConnectionTrait>(
    db: &C,
    s: &Span,
    now: i64,
) -> AppResult<HashMap<(String, String), i64>> {
    let tomorrow = (rules::day_number(now) + 1) * 86_400 - rules::OFFSET;
    let mut p = Params::new(db.get_database_backend());
    let (a, b) = (p.push(now), p.push(tomorrow));
    let sql = format!(
        "SELECT agency, unit, COUNT(*) FROM admin_dossier WHERE pending = 1 \
         AND due_at >= {a} AND due_at < {b}{} GROUP BY agency, unit",
        scope(&mut p, s)
    );
    let mut out = HashMap::new();
    for r in db.query_all_raw(p.statement(sql)).await.map_err(internal)? {
        let agency: String = r.try_get_by_index(0).map_err(internal)?;
        let unit: String = r.try_get_by_index(1).map_err(internal)?;
        let n: i64 = r.try_get_by_index(2).map_err(internal)?;
        out.insert((agency, unit), n);
    }
    Ok(out)
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
pub async fn recount<C: ConnectionTrait>(db: &C) -> AppResult<Counters> {
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

/// Counters per (day or month, agency, unit).
pub type Counters = BTreeMap<Key, [i64; 11]>;

/// (day or month, agency, unit).
type Key = (String, String, String);

/// Day counters rolled up per month (`YYYY-MM`), those that cancel out left out.
fn per_month_of<'a>(days: impl Iterator<Item = (&'a Key, DayCounts)>) -> Vec<(Key, DayCounts)> {
    let mut out: BTreeMap<Key, DayCounts> = BTreeMap::new();
    for ((day, agency, unit), c) in days {
        out.entry((day[..7].to_string(), agency.clone(), unit.clone()))
            .or_default()
            .add(&c, 1);
    }
    out.into_iter().filter(|(_, c)| !c.is_zero()).collect()
}

/// Day counters rolled up per month, as `counters(db, true)` answers them.
pub fn per_month(days: &Counters) -> Counters {
    per_month_of(days.iter().map(|(k, v)| (k, DayCounts::from_values(*v))))
        .into_iter()
        .map(|(k, c)| (k, c.values()))
        .collect()
}

/// The day counters as stored, or with `monthly` the month ones (rows that are all zero
/// left out).
pub async fn counters<C: ConnectionTrait>(db: &C, monthly: bool) -> AppResult<Counters> {
    let backend = db.get_database_backend();
    let (table, key) = if monthly {
        ("admin_dossier_month", "month")
    } else {
        ("admin_dossier_day", "day")
    };
    let sql = format!(
        "SELECT {key}, agency, unit, {} FROM {table}",
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
