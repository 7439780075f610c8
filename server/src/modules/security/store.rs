//! Module 2's SQL: events written in multi-row statements, read newest first with
//! filters; the assets they are attached to.

use super::parse::Parsed;
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::modules::security::model::{
    Asset, AssetCount, Bucket, BySeverity, EventFormat, EventSeverity, KindSeries, NameCount,
    SecurityBoard, SecurityEvent,
};
use app::tr;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// An event ready to store.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Microseconds since 1970, UTC.
    pub received_at: i64,
    pub sender: String,
    pub parsed: Parsed,
}

/// `?` on SQLite, `$n` on PostgreSQL.
struct Params {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Params {
    fn new(backend: DbBackend) -> Self {
        Params {
            backend,
            values: Vec::new(),
        }
    }

    fn push(&mut self, sql: &mut String, v: impl Into<Value>) {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => {
                sql.push('$');
                sql.push_str(&self.values.len().to_string());
            }
            _ => sql.push('?'),
        }
    }

    fn statement(self, sql: String) -> Statement {
        Statement::from_sql_and_values(self.backend, sql, self.values)
    }
}

/// Rows per statement: 12 values each, under SQLite's 32,766 bound values.
const CHUNK: usize = 2_000;

/// Stores events in one transaction, attached to the assets `assets` finds for them.
pub async fn insert<C: crate::db::Conn>(
    db: &C,
    events: &[Incoming],
    assets: &super::assets::Matcher,
) -> AppResult<u64> {
    if events.is_empty() {
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let txn = db.begin().await.map_err(internal)?;
    for chunk in events.chunks(CHUNK) {
        let stmt = if backend == DbBackend::Postgres {
            pg_insert(chunk, assets)?
        } else {
            sqlite_insert(chunk, assets)?
        };
        txn.execute_raw(stmt).await.map_err(internal)?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(events.len() as u64)
}

const COLUMNS: &str = "received_at, event_time, sender, hostname, app, format, severity, \
                       message, fields, asset, source, kind";

/// One multi-row statement with bound values.
fn sqlite_insert(chunk: &[Incoming], assets: &super::assets::Matcher) -> AppResult<Statement> {
    let mut sql = String::with_capacity(chunk.len() * 40 + 128);
    sql.push_str("INSERT INTO security_event (");
    sql.push_str(COLUMNS);
    sql.push_str(") VALUES ");
    let mut p = Params::new(DbBackend::Sqlite);
    for (i, e) in chunk.iter().enumerate() {
        sql.push_str(if i == 0 { "(" } else { ",(" });
        let fields = fields_text(e)?;
        let values: [Value; 12] = [
            e.received_at.into(),
            e.parsed.event_time.clone().into(),
            e.sender.clone().into(),
            e.parsed.hostname.clone().into(),
            e.parsed.app.clone().into(),
            e.parsed.format.as_str().into(),
            e.parsed.severity.rank().into(),
            e.parsed.message.clone().into(),
            fields.into(),
            assets.find(e).map(str::to_owned).into(),
            super::parse::source(&e.parsed).into(),
            super::parse::kind(&e.parsed).into(),
        ];
        for (n, v) in values.into_iter().enumerate() {
            if n > 0 {
                sql.push(',');
            }
            p.push(&mut sql, v);
        }
        sql.push(')');
    }
    Ok(p.statement(sql))
}

/// PostgreSQL: the rows as one JSON parameter expanded by `json_to_recordset`. Planning a
/// statement of 60,000 parameters cost more than the insert itself (28,000 events/s).
fn pg_insert(chunk: &[Incoming], assets: &super::assets::Matcher) -> AppResult<Statement> {
    let rows: Vec<serde_json::Value> = chunk
        .iter()
        .map(|e| {
            serde_json::json!({
                "received_at": e.received_at,
                "event_time": e.parsed.event_time.as_deref().map(no_nul),
                "sender": e.sender,
                "hostname": e.parsed.hostname.as_deref().map(no_nul),
                "app": e.parsed.app.as_deref().map(no_nul),
                "format": e.parsed.format.as_str(),
                "severity": e.parsed.severity.rank(),
                "message": no_nul(&e.parsed.message),
                "fields": fields_text(e).unwrap_or_else(|_| "{}".into()),
                "asset": assets.find(e),
                "source": super::parse::source(&e.parsed),
                "kind": no_nul(&super::parse::kind(&e.parsed)),
            })
        })
        .collect();
    let json = serde_json::to_string(&rows).map_err(internal)?;
    let sql = format!(
        "INSERT INTO security_event ({COLUMNS}) SELECT {COLUMNS} FROM json_to_recordset($1::json) \
         AS x(received_at BIGINT, event_time TEXT, sender TEXT, hostname TEXT, app TEXT, \
         format TEXT, severity SMALLINT, message TEXT, fields TEXT, asset TEXT, source TEXT, \
         kind TEXT)"
    );
    Ok(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [json.into()],
    ))
}

/// PostgreSQL refuses NUL in text (a syslog frame may carry one): shown as U+FFFD.
fn no_nul(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\0') {
        std::borrow::Cow::Owned(s.replace('\0', "\u{fffd}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The fields as stored: JSON text, without `\u0000` for PostgreSQL's sake.
fn fields_text(e: &Incoming) -> AppResult<String> {
    let text = serde_json::to_string(&e.parsed.fields).map_err(internal)?;
    Ok(if text.contains("\\u0000") {
        text.replace("\\u0000", "\\ufffd")
    } else {
        text
    })
}

/// Appends a value in COPY's text format: `\N` for null; backslash, tab, newline and
/// carriage return escaped.
fn copy_value(out: &mut Vec<u8>, v: Option<&str>) {
    let Some(v) = v else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for c in no_nul(v).bytes() {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            c => out.push(c),
        }
    }
}

/// PostgreSQL's fastest way in: one `COPY … FROM STDIN` per batch (all rows or none).
/// Bound parameters and `json_to_recordset` both held it near 30,000 events/s: parsing
/// the statement's values cost more than storing them.
pub async fn copy_events(
    db: &sea_orm::DatabaseConnection,
    events: &[Incoming],
    assets: &super::assets::Matcher,
) -> AppResult<u64> {
    use sea_orm::sqlx::postgres::PgPoolCopyExt;
    let mut data = Vec::with_capacity(events.len() * 400);
    for e in events {
        let severity = e.parsed.severity.rank().to_string();
        let received = e.received_at.to_string();
        let fields = fields_text(e)?;
        let source = super::parse::source(&e.parsed);
        let kind = super::parse::kind(&e.parsed);
        let values: [Option<&str>; 12] = [
            Some(&received),
            e.parsed.event_time.as_deref(),
            Some(&e.sender),
            e.parsed.hostname.as_deref(),
            e.parsed.app.as_deref(),
            Some(e.parsed.format.as_str()),
            Some(&severity),
            Some(&e.parsed.message),
            Some(&fields),
            assets.find(e),
            source.as_deref(),
            Some(&kind),
        ];
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                data.push(b'\t');
            }
            copy_value(&mut data, v);
        }
        data.push(b'\n');
    }
    let pool = db.get_postgres_connection_pool();
    let mut copy = pool
        .copy_in_raw(&format!("COPY security_event ({COLUMNS}) FROM STDIN"))
        .await
        .map_err(internal)?;
    if let Err(e) = copy.send(data).await {
        let _ = copy.abort("the events could not be sent").await;
        return Err(internal(e));
    }
    copy.finish().await.map_err(internal)
}

/// What a reader asks for. Times are microseconds since 1970.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// At least this severity.
    pub severity: Option<EventSeverity>,
    pub asset: Option<String>,
    /// Words the message, host or app contain (case-insensitive for ASCII).
    pub q: Option<String>,
    pub limit: u64,
    /// Keyset: only events older than this (received_at, id).
    pub before: Option<(i64, i64)>,
    /// Only events on the assets of this district.
    pub unit: Option<String>,
    /// Only events on this department's assets (a department's key).
    pub department: Option<String>,
}

pub const MAX_LIMIT: u64 = 1_000;

/// Newest first.
pub async fn list<C: ConnectionTrait>(db: &C, f: &EventFilter) -> AppResult<Vec<SecurityEvent>> {
    let backend = db.get_database_backend();
    let mut p = Params::new(backend);
    let mut sql = String::from(
        "SELECT id, received_at, event_time, sender, hostname, app, format, severity, \
         message, fields, asset FROM security_event WHERE 1=1",
    );
    if let Some(s) = f.since {
        sql.push_str(" AND received_at >= ");
        p.push(&mut sql, s);
    }
    if let Some(u) = f.until {
        sql.push_str(" AND received_at < ");
        p.push(&mut sql, u);
    }
    if let Some(s) = f.severity {
        sql.push_str(" AND severity >= ");
        p.push(&mut sql, s.rank());
    }
    if let Some(a) = &f.asset {
        sql.push_str(" AND asset = ");
        p.push(&mut sql, a.clone());
    }
    if let Some(u) = &f.unit {
        sql.push_str(" AND asset IN (SELECT code FROM security_asset WHERE unit_code = ");
        p.push(&mut sql, u.clone());
        sql.push(')');
    }
    if let Some(d) = &f.department {
        sql.push_str(" AND asset IN (SELECT code FROM security_asset WHERE department = ");
        p.push(&mut sql, d.clone());
        sql.push(')');
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let like = format!(
            "%{}%",
            q.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        sql.push_str(" AND (");
        for (i, col) in ["message", "hostname", "app"].iter().enumerate() {
            if i > 0 {
                sql.push_str(" OR ");
            }
            sql.push_str(&format!("LOWER({col}) LIKE "));
            p.push(&mut sql, like.clone());
            sql.push_str(" ESCAPE '\\'");
        }
        sql.push(')');
    }
    if let Some((at, id)) = f.before {
        sql.push_str(" AND (received_at < ");
        p.push(&mut sql, at);
        sql.push_str(" OR (received_at = ");
        p.push(&mut sql, at);
        sql.push_str(" AND id < ");
        p.push(&mut sql, id);
        sql.push_str("))");
    }
    sql.push_str(" ORDER BY received_at DESC, id DESC LIMIT ");
    sql.push_str(&f.limit.clamp(1, MAX_LIMIT).to_string());
    let rows = db.query_all_raw(p.statement(sql)).await.map_err(internal)?;
    rows.iter().map(row_event).collect()
}

fn row_event(r: &sea_orm::QueryResult) -> AppResult<SecurityEvent> {
    let get_s = |c: &str| r.try_get::<String>("", c).map_err(internal);
    let get_o = |c: &str| r.try_get::<Option<String>>("", c).map_err(internal);
    let received: i64 = r.try_get("", "received_at").map_err(internal)?;
    let rank: i16 = r.try_get("", "severity").map_err(internal)?;
    let format = get_s("format")?;
    Ok(SecurityEvent {
        id: r.try_get("", "id").map_err(internal)?,
        received_at: micros_text(received),
        event_time: get_o("event_time")?,
        sender: get_s("sender")?,
        hostname: get_o("hostname")?,
        app: get_o("app")?,
        format: EventFormat::parse(&format).unwrap_or(EventFormat::Raw),
        severity: EventSeverity::from_rank(rank).unwrap_or(EventSeverity::Low),
        message: get_s("message")?,
        fields: serde_json::from_str(&get_s("fields")?).unwrap_or_default(),
        asset: get_o("asset")?,
    })
}

/// Whether a system (an asset's code, a host name or a sender) has had a high or very
/// high event since `since` (microseconds).
pub async fn high_since<C: ConnectionTrait>(db: &C, subject: &str, since: i64) -> AppResult<bool> {
    let mut p = Params::new(db.get_database_backend());
    let mut sql = String::from("SELECT 1 AS x FROM security_event WHERE received_at >= ");
    p.push(&mut sql, since);
    sql.push_str(" AND severity >= 3 AND (asset = ");
    p.push(&mut sql, subject.to_owned());
    sql.push_str(" OR hostname = ");
    p.push(&mut sql, subject.to_owned());
    sql.push_str(" OR sender = ");
    p.push(&mut sql, subject.to_owned());
    sql.push_str(") LIMIT 1");
    Ok(db
        .query_one_raw(p.statement(sql))
        .await
        .map_err(internal)?
        .is_some())
}

/// RFC 3339 in UTC with microseconds.
pub fn micros_text(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}

/// Every asset, by code.
pub async fn assets<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Asset>> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT code, name, department, level, unit_code, addresses FROM security_asset \
             ORDER BY code",
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let addresses: String = r.try_get("", "addresses").map_err(internal)?;
            let level: i16 = r.try_get("", "level").map_err(internal)?;
            Ok(Asset {
                code: r.try_get("", "code").map_err(internal)?,
                name: r.try_get("", "name").map_err(internal)?,
                department: r.try_get("", "department").map_err(internal)?,
                level: u8::try_from(level).unwrap_or(1),
                unit: r.try_get("", "unit_code").map_err(internal)?,
                addresses: serde_json::from_str(&addresses).unwrap_or_default(),
            })
        })
        .collect()
}

/// Creates or replaces an asset (by code). `department`: the caller's, when it may write
/// only its own (a steward or a department's key).
pub async fn save_asset<C: ConnectionTrait>(
    db: &C,
    department: Option<&str>,
    a: &Asset,
) -> AppResult<bool> {
    super::assets::check(a)?;
    crate::registry::require_department(db, &a.department).await?;
    if let Some(u) = &a.unit {
        crate::registry::require_district(&crate::registry::district_names(db).await?, Some(u))
            .map_err(|_| {
                AppError::invalid(
                    "unit",
                    tr!(
                        "không phải mã huyện, thị xã, thành phố: {u}",
                        "not a district's code: {u}"
                    ),
                )
            })?;
    }
    if let Some(d) = department {
        if a.department != d {
            return Err(AppError::invalid(
                "department",
                tr!(
                    "chỉ được đăng ký hệ thống của đơn vị mình ({d})",
                    "you may register only your own department's systems ({d})"
                ),
            ));
        }
    }
    let backend = db.get_database_backend();
    let existing = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => "SELECT department FROM security_asset WHERE code = $1",
                _ => "SELECT department FROM security_asset WHERE code = ?",
            },
            [a.code.clone().into()],
        ))
        .await
        .map_err(internal)?;
    if let (Some(row), Some(d)) = (&existing, department) {
        let owner: String = row.try_get("", "department").map_err(internal)?;
        if owner != d {
            return Err(AppError::Forbidden);
        }
    }
    let mut p = Params::new(backend);
    let mut sql = String::from(
        "INSERT INTO security_asset (code, name, department, level, unit_code, addresses, \
         updated_at) VALUES (",
    );
    let values: [Value; 7] = [
        a.code.clone().into(),
        a.name.clone().into(),
        a.department.clone().into(),
        i16::from(a.level).into(),
        a.unit.clone().into(),
        serde_json::to_string(&a.addresses)
            .map_err(internal)?
            .into(),
        chrono::Utc::now().timestamp().into(),
    ];
    for (n, v) in values.into_iter().enumerate() {
        if n > 0 {
            sql.push(',');
        }
        p.push(&mut sql, v);
    }
    sql.push_str(
        ") ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
         department = excluded.department, level = excluded.level, \
         unit_code = excluded.unit_code, addresses = excluded.addresses, \
         updated_at = excluded.updated_at",
    );
    db.execute_raw(p.statement(sql)).await.map_err(internal)?;
    Ok(existing.is_none())
}

/// The province's offset from UTC (UTC+7), in microseconds: days and hours are its own.
const OFFSET_US: i64 = 7 * 3_600_000_000;
const HOUR_US: i64 = 3_600_000_000;
const DAY_US: i64 = 24 * HOUR_US;

fn count(r: &sea_orm::QueryResult, col: &str) -> AppResult<u64> {
    let n: i64 = r.try_get("", col).map_err(internal)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn worst(r: &sea_orm::QueryResult) -> AppResult<EventSeverity> {
    let w: i16 = r.try_get("", "w").map_err(internal)?;
    Ok(EventSeverity::from_rank(w).unwrap_or(EventSeverity::Low))
}

/// The board of the last `days` days up to `now` (microseconds), for one district or all.
pub async fn board<C: ConnectionTrait>(
    db: &C,
    days: u32,
    unit: Option<String>,
    now: i64,
) -> AppResult<SecurityBoard> {
    let backend = db.get_database_backend();
    // A day's board has hours; longer ones have the province's days, today included.
    let (bucket, buckets) = if days <= 1 {
        (HOUR_US, 24)
    } else {
        (DAY_US, i64::from(days))
    };
    let last = (now + OFFSET_US).div_euclid(bucket);
    let first = last - buckets + 1;
    let from = first * bucket - OFFSET_US;
    let filtered = |p: &mut Params, sql: &mut String| {
        sql.push_str(" FROM security_event WHERE received_at >= ");
        p.push(sql, from);
        sql.push_str(" AND received_at <= ");
        p.push(sql, now);
        if let Some(u) = &unit {
            sql.push_str(" AND asset IN (SELECT code FROM security_asset WHERE unit_code = ");
            p.push(sql, u.clone());
            sql.push(')');
        }
    };
    let query = |head: &str, tail: &str| {
        let mut p = Params::new(backend);
        let mut sql = String::from(head);
        filtered(&mut p, &mut sql);
        sql.push_str(tail);
        p.statement(sql)
    };
    let run = |stmt: Statement| async move { db.query_all_raw(stmt).await.map_err(internal) };

    let mut by_severity: BySeverity = [0; 4];
    let mut timeline: Vec<Bucket> = (first..=last)
        .map(|b| Bucket {
            label: bucket_label(b * bucket - OFFSET_US, days <= 1),
            counts: [0; 4],
        })
        .collect();
    let rows = run({
        let mut p = Params::new(backend);
        let mut sql =
            format!("SELECT (received_at + {OFFSET_US}) / {bucket} AS b, severity, COUNT(*) AS n");
        filtered(&mut p, &mut sql);
        sql.push_str(&format!(
            " GROUP BY (received_at + {OFFSET_US}) / {bucket}, severity"
        ));
        p.statement(sql)
    })
    .await?;
    for r in &rows {
        let b: i64 = r.try_get("", "b").map_err(internal)?;
        let sev: i16 = r.try_get("", "severity").map_err(internal)?;
        let n = count(r, "n")?;
        let Some(i) = EventSeverity::from_rank(sev).map(|s| s.rank() as usize - 1) else {
            continue;
        };
        by_severity[i] += n;
        if let Some(slot) = usize::try_from(b - first)
            .ok()
            .and_then(|k| timeline.get_mut(k))
        {
            slot.counts[i] += n;
        }
    }

    let names = |rows: Vec<sea_orm::QueryResult>, col: &'static str| -> AppResult<Vec<NameCount>> {
        rows.iter()
            .map(|r| {
                Ok(NameCount {
                    name: r.try_get("", col).map_err(internal)?,
                    count: count(r, "n")?,
                    worst: worst(r)?,
                })
            })
            .collect()
    };
    let kinds = names(
        run(query(
            "SELECT kind, COUNT(*) AS n, MAX(severity) AS w",
            " GROUP BY kind ORDER BY n DESC, kind LIMIT 10",
        ))
        .await?,
        "kind",
    )?;
    // The five most frequent types, bucket by bucket: attacks by type over time.
    let mut kind_timeline: Vec<KindSeries> = kinds
        .iter()
        .take(5)
        .map(|k| KindSeries {
            name: k.name.clone(),
            counts: vec![0; timeline.len()],
        })
        .collect();
    if !kind_timeline.is_empty() {
        let mut p = Params::new(backend);
        let mut sql =
            format!("SELECT (received_at + {OFFSET_US}) / {bucket} AS b, kind, COUNT(*) AS n");
        filtered(&mut p, &mut sql);
        sql.push_str(" AND kind IN (");
        for (i, k) in kind_timeline.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            p.push(&mut sql, k.name.clone());
        }
        sql.push_str(&format!(
            ") GROUP BY (received_at + {OFFSET_US}) / {bucket}, kind"
        ));
        for r in run(p.statement(sql)).await? {
            let b: i64 = r.try_get("", "b").map_err(internal)?;
            let kind: String = r.try_get("", "kind").map_err(internal)?;
            let n = count(&r, "n")?;
            let slot = usize::try_from(b - first).ok();
            if let (Some(series), Some(k)) =
                (kind_timeline.iter_mut().find(|s| s.name == kind), slot)
            {
                if let Some(c) = series.counts.get_mut(k) {
                    *c += n;
                }
            }
        }
    }
    let sources = names(
        run(query(
            "SELECT source, COUNT(*) AS n, MAX(severity) AS w",
            " AND source IS NOT NULL GROUP BY source ORDER BY n DESC, source LIMIT 10",
        ))
        .await?,
        "source",
    )?;
    let all_assets = assets(db).await?;
    let asset_rows = run(query(
        "SELECT asset, COUNT(*) AS n, SUM(CASE WHEN severity >= 3 THEN 1 ELSE 0 END) AS h",
        " AND asset IS NOT NULL GROUP BY asset ORDER BY n DESC",
    ))
    .await?;
    let mut by_asset = Vec::new();
    let mut by_unit: std::collections::BTreeMap<String, u64> = Default::default();
    for r in &asset_rows {
        let code: String = r.try_get("", "asset").map_err(internal)?;
        let Some(a) = all_assets.iter().find(|a| a.code == code) else {
            continue;
        };
        let n = count(r, "n")?;
        if let Some(u) = &a.unit {
            *by_unit.entry(u.clone()).or_default() += n;
        }
        by_asset.push(AssetCount {
            asset: a.clone(),
            count: n,
            high: count(r, "h")?,
        });
    }
    let (vulnerabilities, top_vulnerabilities) = super::vulns::open(db, unit.as_deref()).await?;
    Ok(SecurityBoard {
        kind_timeline,
        vulnerabilities,
        top_vulnerabilities,
        days: if days <= 1 { 1 } else { days },
        from: micros_text(from),
        to: micros_text(now),
        unit,
        by_severity,
        timeline,
        kinds,
        sources,
        assets: by_asset,
        by_unit: by_unit.into_iter().collect(),
        asset_total: all_assets.len() as u64,
        districts: crate::registry::district_names(db).await?,
    })
}

/// A bucket's start in the province's time: `2024-06-01` or `2024-06-01 14:00`.
fn bucket_label(utc_us: i64, hourly: bool) -> String {
    let Some(t) = chrono::DateTime::from_timestamp_micros(utc_us + OFFSET_US) else {
        return String::new();
    };
    if hourly {
        t.format("%Y-%m-%d %H:00").to_string()
    } else {
        t.format("%Y-%m-%d").to_string()
    }
}
