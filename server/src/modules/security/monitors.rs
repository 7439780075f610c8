//! Site and port monitors: their definitions, the checks the worker runs (claimed so that
//! several copies of the server never check one monitor twice in a round), the state each
//! check moves (UP → PENDING → DOWN), daily tallies for availability, certificate
//! warnings, maintenance windows, and the departments' public status pages.

use super::incidents;
use super::probe::{self, Outcome};
use super::store::micros_text;
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::model::Severity;
use app::modules::security::model::{
    DayAvailability, Maintenance, Monitor, MonitorInput, MonitorState, MonthAvailability, Outage,
    PublicMonitor, StatusEntry, StatusPage,
};
use app::tr;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const DAY_US: i64 = 86_400_000_000;
/// The province's clock, UTC+7, for calendar days and months.
const OFFSET_US: i64 = 7 * 3_600_000_000;

/// A statement with `$n` placeholders, on either engine (sqlx reads `$n` on SQLite too):
/// what this module's monitor, incident and vulnerability stores write.
pub(super) fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

pub(super) fn local_day(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us + OFFSET_US)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The limits a monitor's definition must keep; the error names the field.
pub fn check_input(m: &MonitorInput) -> AppResult<()> {
    let code_ok = !m.code.is_empty()
        && m.code.len() <= 50
        && m.code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if !code_ok {
        return Err(AppError::invalid(
            "code",
            tr!(
                "1–50 ký tự: chữ không dấu, số, '-', '_', '.'",
                "1–50 characters: letters, digits, '-', '_', '.'"
            ),
        ));
    }
    if m.name.trim().is_empty() || m.name.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            tr!(
                "cần tên, tối đa 200 ký tự",
                "a name is needed, at most 200 characters"
            ),
        ));
    }
    if m.url.len() > 2000 {
        return Err(AppError::invalid(
            "url",
            tr!("tối đa 2000 ký tự", "at most 2000 characters"),
        ));
    }
    probe::target(&m.url).map_err(|e| {
        AppError::invalid(
            "url",
            tr!("địa chỉ không hợp lệ ({})", "not a valid address ({})", e),
        )
    })?;
    if !(20..=86_400).contains(&m.interval) {
        return Err(AppError::invalid(
            "interval",
            tr!("từ 20 đến 86400 giây", "from 20 to 86400 seconds"),
        ));
    }
    if m.timeout == 0 || m.timeout >= m.interval || m.timeout > 120 {
        return Err(AppError::invalid(
            "timeout",
            tr!(
                "từ 1 đến 120 giây và nhỏ hơn chu kỳ kiểm tra",
                "from 1 to 120 seconds and less than the interval"
            ),
        ));
    }
    if m.retries > 10 {
        return Err(AppError::invalid(
            "retries",
            tr!("từ 0 đến 10 lần", "from 0 to 10"),
        ));
    }
    if m.accepted_status.is_empty() || m.accepted_status.len() > 20 {
        return Err(AppError::invalid(
            "accepted_status",
            tr!("từ 1 đến 20 mã hoặc khoảng", "1 to 20 codes or ranges"),
        ));
    }
    probe::accepted(&m.accepted_status)
        .map_err(|e| AppError::invalid("accepted_status", tr!("{}", "{}", e)))?;
    if m.keyword
        .as_ref()
        .is_some_and(|k| k.is_empty() || k.len() > 200)
    {
        return Err(AppError::invalid(
            "keyword",
            tr!("từ 1 đến 200 ký tự", "1 to 200 characters"),
        ));
    }
    Ok(())
}

/// Defines a monitor, or redefines the one with this code (its history stays). A steward
/// (`department`) may define only their own department's. Answers whether it is new.
pub async fn save(
    db: &DatabaseConnection,
    department: Option<&str>,
    m: &MonitorInput,
    now: i64,
) -> AppResult<bool> {
    check_input(m)?;
    crate::registry::require_department(db, &m.department).await?;
    if let Some(d) = department {
        if m.department != d {
            return Err(AppError::invalid(
                "department",
                tr!(
                    "chỉ được theo dõi hệ thống của đơn vị mình ({d})",
                    "you may monitor only your own department's systems ({d})"
                ),
            ));
        }
        if let Some(owner) = owner(db, &m.code).await? {
            if owner != d {
                return Err(AppError::Forbidden);
            }
        }
    }
    let keyword = m.keyword.clone();
    let accepted = serde_json::to_string(&m.accepted_status).map_err(internal)?;
    let flag = |b: bool| Value::from(i64::from(b));
    db.execute_raw(stmt(
        db,
        "INSERT INTO security_monitor (code, name, department, url, interval_s, timeout_s, \
             retries, accepted, keyword, ignore_tls, public, active, state, state_since, fails, \
             next_check_at, cert_band, version, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'unknown', $13, 0, $13, \
             0, 0, $13) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
             department = excluded.department, url = excluded.url, \
             interval_s = excluded.interval_s, timeout_s = excluded.timeout_s, \
             retries = excluded.retries, accepted = excluded.accepted, \
             keyword = excluded.keyword, ignore_tls = excluded.ignore_tls, \
             public = excluded.public, active = excluded.active, \
             next_check_at = excluded.next_check_at, \
             version = security_monitor.version + 1, updated_at = excluded.updated_at",
        vec![
            m.code.clone().into(),
            m.name.trim().to_owned().into(),
            m.department.clone().into(),
            m.url.trim().to_owned().into(),
            i64::from(m.interval).into(),
            i64::from(m.timeout).into(),
            i64::from(m.retries).into(),
            accepted.into(),
            keyword.into(),
            flag(m.ignore_tls),
            flag(m.public),
            flag(m.active),
            now.into(),
        ],
    ))
    .await
    .map_err(internal)?;
    // A new row has version 0; an update has moved it past 0.
    let row = load(db, &m.code)
        .await?
        .ok_or_else(|| AppError::NotFound(m.code.clone()))?;
    Ok(row.version == 0)
}

async fn owner(db: &DatabaseConnection, code: &str) -> AppResult<Option<String>> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT department FROM security_monitor WHERE code = $1",
            vec![code.into()],
        ))
        .await
        .map_err(internal)?;
    row.map(|r| r.try_get::<String>("", "department"))
        .transpose()
        .map_err(internal)
}

/// A monitor's row.
#[derive(Debug, Clone)]
pub struct Row {
    pub def: MonitorInput,
    pub state: MonitorState,
    pub state_since: i64,
    pub fails: i64,
    pub next_check_at: i64,
    pub last_check_at: Option<i64>,
    pub last_ms: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub cert_expires: Option<i64>,
    pub cert_issuer: Option<String>,
    pub cert_error: Option<String>,
    pub cert_band: i64,
    pub incident: Option<i64>,
    pub version: i64,
}

const COLUMNS: &str = "code, name, department, url, interval_s, timeout_s, retries, accepted, \
    keyword, ignore_tls, public, active, state, state_since, fails, next_check_at, \
    last_check_at, last_ms, last_status, last_error, cert_expires, cert_issuer, cert_error, \
    cert_band, incident, version";

fn row(r: &sea_orm::QueryResult) -> AppResult<Row> {
    let s = |c: &str| r.try_get::<String>("", c).map_err(internal);
    let i = |c: &str| r.try_get::<i64>("", c).map_err(internal);
    let oi = |c: &str| r.try_get::<Option<i64>>("", c).map_err(internal);
    let os = |c: &str| r.try_get::<Option<String>>("", c).map_err(internal);
    let small = |c: &str| i(c).map(|v| u32::try_from(v).unwrap_or(0));
    Ok(Row {
        def: MonitorInput {
            code: s("code")?,
            name: s("name")?,
            department: s("department")?,
            url: s("url")?,
            interval: small("interval_s")?,
            timeout: small("timeout_s")?,
            retries: small("retries")?,
            accepted_status: serde_json::from_str(&s("accepted")?).unwrap_or_default(),
            keyword: os("keyword")?,
            ignore_tls: i("ignore_tls")? != 0,
            public: i("public")? != 0,
            active: i("active")? != 0,
        },
        state: MonitorState::parse(&s("state")?).unwrap_or(MonitorState::Unknown),
        state_since: i("state_since")?,
        fails: i("fails")?,
        next_check_at: i("next_check_at")?,
        last_check_at: oi("last_check_at")?,
        last_ms: oi("last_ms")?,
        last_status: oi("last_status")?,
        last_error: os("last_error")?,
        cert_expires: oi("cert_expires")?,
        cert_issuer: os("cert_issuer")?,
        cert_error: os("cert_error")?,
        cert_band: i("cert_band")?,
        incident: oi("incident")?,
        version: i("version")?,
    })
}

pub async fn load<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<Option<Row>> {
    db.query_one_raw(stmt(
        db,
        &format!("SELECT {COLUMNS} FROM security_monitor WHERE code = $1"),
        vec![code.into()],
    ))
    .await
    .map_err(internal)?
    .map(|r| row(&r))
    .transpose()
}

fn days_left(expires: i64, now: i64) -> i64 {
    (expires - now).div_euclid(DAY_US)
}

fn view(r: Row, availability: Option<f64>, now: i64) -> Monitor {
    Monitor {
        state: r.state,
        since: micros_text(r.state_since),
        last_check: r.last_check_at.map(micros_text),
        response_ms: r.last_ms.and_then(|v| u32::try_from(v).ok()),
        status_code: r.last_status.and_then(|v| u16::try_from(v).ok()),
        error: r.last_error,
        cert_expires: r.cert_expires.map(micros_text),
        cert_days_left: r.cert_expires.map(|e| days_left(e, now)),
        cert_issuer: r.cert_issuer,
        cert_error: r.cert_error,
        availability_30d: availability,
        incident: r.incident,
        def: r.def,
    }
}

/// Every monitor (or one department's), with its last check and 30-day availability.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    department: Option<&str>,
    now: i64,
) -> AppResult<Vec<Monitor>> {
    let (sql, values) = match department {
        Some(d) => (
            format!(
                "SELECT {COLUMNS} FROM security_monitor WHERE department = $1 \
                 ORDER BY department, name, code"
            ),
            vec![d.into()],
        ),
        None => (
            format!("SELECT {COLUMNS} FROM security_monitor ORDER BY department, name, code"),
            vec![],
        ),
    };
    let rows = db
        .query_all_raw(stmt(db, &sql, values))
        .await
        .map_err(internal)?;
    let avail = availability_since(db, &local_day(now - 29 * DAY_US)).await?;
    rows.iter()
        .map(|r| {
            let r = row(r)?;
            let a = avail.get(&r.def.code).copied().flatten();
            Ok(view(r, a, now))
        })
        .collect()
}

/// Availability per monitor from a day on (up and pending over all checks outside
/// maintenance), 0–100.
async fn availability_since<C: ConnectionTrait>(
    db: &C,
    from_day: &str,
) -> AppResult<HashMap<String, Option<f64>>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT monitor, CAST(SUM(up) AS BIGINT) AS up, CAST(SUM(down) AS BIGINT) AS down FROM security_monitor_day \
             WHERE day >= $1 GROUP BY monitor",
            vec![from_day.into()],
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let m: String = r.try_get("", "monitor").map_err(internal)?;
            let up: i64 = r.try_get("", "up").map_err(internal)?;
            let down: i64 = r.try_get("", "down").map_err(internal)?;
            Ok((m, share(up, down)))
        })
        .collect()
}

fn share(up: i64, down: i64) -> Option<f64> {
    (up + down > 0).then(|| up as f64 * 100.0 / (up + down) as f64)
}

/// The monitors whose next check is due, oldest first.
pub async fn due<C: ConnectionTrait>(
    db: &C,
    now: i64,
    limit: u64,
) -> AppResult<Vec<(String, i64, i64)>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT code, next_check_at, interval_s FROM security_monitor \
             WHERE next_check_at <= $1 AND active = 1 ORDER BY next_check_at LIMIT $2",
            vec![now.into(), (limit as i64).into()],
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "code").map_err(internal)?,
                r.try_get("", "next_check_at").map_err(internal)?,
                r.try_get("", "interval_s").map_err(internal)?,
            ))
        })
        .collect()
}

/// Takes a due check for this copy of the server: false when another copy took it.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    code: &str,
    seen: i64,
    next: i64,
) -> AppResult<bool> {
    let res = db
        .execute_raw(stmt(
            db,
            "UPDATE security_monitor SET next_check_at = $1 \
             WHERE code = $2 AND next_check_at = $3 AND active = 1",
            vec![next.into(), code.into(), seen.into()],
        ))
        .await
        .map_err(internal)?;
    Ok(res.rows_affected() == 1)
}

/// Whether a maintenance window covers this monitor now.
async fn in_maintenance<C: ConnectionTrait>(db: &C, m: &MonitorInput, now: i64) -> AppResult<bool> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT department, monitors FROM security_maintenance \
             WHERE starts_at <= $1 AND ends_at > $1",
            vec![now.into()],
        ))
        .await
        .map_err(internal)?;
    for r in rows {
        let dept: Option<String> = r.try_get("", "department").map_err(internal)?;
        let list: String = r.try_get("", "monitors").map_err(internal)?;
        let list: Vec<String> = serde_json::from_str(&list).unwrap_or_default();
        if covers(dept.as_deref(), &list, m) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A window covers its listed monitors; without a list, its department's (or, without a
/// department, every monitor).
fn covers(dept: Option<&str>, list: &[String], m: &MonitorInput) -> bool {
    if !list.is_empty() {
        return list.contains(&m.code);
    }
    dept.is_none_or(|d| d == m.department)
}

/// The state after a check: a success is up; a failure is pending while the failures in
/// a row are within the retries, then down; a window makes either maintenance.
pub fn next_state(
    prev: MonitorState,
    fails: i64,
    retries: u32,
    ok: bool,
    maintenance: bool,
) -> (MonitorState, i64) {
    let fails = if ok { 0 } else { fails + 1 };
    let state = if maintenance {
        MonitorState::Maintenance
    } else if ok {
        MonitorState::Up
    } else if prev == MonitorState::Down || fails > i64::from(retries) {
        MonitorState::Down
    } else {
        MonitorState::Pending
    };
    (state, fails)
}

/// The warning band of a certificate: 0 none, 21, 14 or 7 days, -1 expired.
pub fn cert_band(expires: Option<i64>, now: i64) -> i64 {
    let Some(e) = expires else { return 0 };
    if e <= now {
        return -1;
    }
    match days_left(e, now) {
        d if d <= 7 => 7,
        d if d <= 14 => 14,
        d if d <= 21 => 21,
        _ => 0,
    }
}

/// The probe settings of a monitor.
fn probe_of(m: &MonitorInput, extra_ca: Option<PathBuf>) -> probe::Probe {
    probe::Probe {
        timeout: Duration::from_secs(u64::from(m.timeout.max(1))),
        accepted: probe::accepted(&m.accepted_status).unwrap_or_else(|_| vec![(200, 299)]),
        keyword: m.keyword.clone(),
        ignore_tls: m.ignore_tls,
        extra_ca,
    }
}

/// Checks one monitor now and records the result.
pub async fn check_and_record(
    db: &DatabaseConnection,
    code: &str,
    extra_ca: Option<PathBuf>,
) -> AppResult<()> {
    let Some(m) = load(db, code).await? else {
        return Ok(());
    };
    let outcome = probe::check(&m.def.url, &probe_of(&m.def, extra_ca)).await;
    record(db, code, &outcome, chrono::Utc::now().timestamp_micros()).await
}

/// Moves a monitor by a check's outcome, in one transaction with its day's tally, its
/// incident and its alerts. Retried when another copy moved the monitor meanwhile.
pub async fn record(db: &DatabaseConnection, code: &str, o: &Outcome, now: i64) -> AppResult<()> {
    for _ in 0..5 {
        let Some(m) = load(db, code).await? else {
            return Ok(());
        };
        let maintenance = in_maintenance(db, &m.def, now).await?;
        let (state, fails) = next_state(m.state, m.fails, m.def.retries, o.ok, maintenance);
        let since = if state == m.state { m.state_since } else { now };
        // A check that never reached the handshake keeps what the last one read.
        let (expires, issuer, cert_error) = match &o.cert {
            Some(c) => (
                Some(c.facts.not_after),
                c.facts.issuer.clone(),
                c.error.clone(),
            ),
            None if o.ok => (None, None, None),
            None => (m.cert_expires, m.cert_issuer.clone(), m.cert_error.clone()),
        };
        let band = cert_band(expires, now);
        let txn = db.begin().await.map_err(internal)?;
        let moved = txn
            .execute_raw(stmt(
                &txn,
                "UPDATE security_monitor SET state = $1, state_since = $2, fails = $3, \
                 last_check_at = $4, last_ms = $5, last_status = $6, last_error = $7, \
                 cert_expires = $8, cert_issuer = $9, cert_error = $10, cert_band = $11, \
                 version = version + 1 WHERE code = $12 AND version = $13",
                vec![
                    state.as_str().into(),
                    since.into(),
                    fails.into(),
                    now.into(),
                    i64::from(o.ms).into(),
                    o.status.map(i64::from).into(),
                    o.error.clone().into(),
                    expires.into(),
                    issuer.into(),
                    cert_error.into(),
                    band.into(),
                    code.into(),
                    m.version.into(),
                ],
            ))
            .await
            .map_err(internal)?;
        if moved.rows_affected() != 1 {
            txn.rollback().await.map_err(internal)?;
            continue;
        }
        let (up, down, maint) = match state {
            MonitorState::Up | MonitorState::Pending => (1i64, 0i64, 0i64),
            MonitorState::Down => (0, 1, 0),
            _ => (0, 0, 1),
        };
        let (ms_sum, ms_n) = if o.ok {
            (i64::from(o.ms), 1i64)
        } else {
            (0, 0)
        };
        txn.execute_raw(stmt(
            &txn,
            "INSERT INTO security_monitor_day (monitor, day, up, down, maint, ms_sum, ms_n) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (monitor, day) DO UPDATE SET \
             up = security_monitor_day.up + excluded.up, \
             down = security_monitor_day.down + excluded.down, \
             maint = security_monitor_day.maint + excluded.maint, \
             ms_sum = security_monitor_day.ms_sum + excluded.ms_sum, \
             ms_n = security_monitor_day.ms_n + excluded.ms_n",
            vec![
                code.into(),
                local_day(now).into(),
                up.into(),
                down.into(),
                maint.into(),
                ms_sum.into(),
                ms_n.into(),
            ],
        ))
        .await
        .map_err(internal)?;
        transitions(&txn, &m, state, o, now).await?;
        if band != m.cert_band {
            cert_alert(&txn, &m, band, expires, now).await?;
        }
        txn.commit().await.map_err(internal)?;
        return Ok(());
    }
    Err(internal(format!(
        "monitor {code}: moved by others five times in a row"
    )))
}

/// Down opens an incident and raises an alert; up again closes both (whatever came in
/// between, such as a maintenance window).
async fn transitions<C: ConnectionTrait>(
    txn: &C,
    m: &Row,
    state: MonitorState,
    o: &Outcome,
    now: i64,
) -> AppResult<()> {
    let at = chrono::DateTime::from_timestamp_micros(now).unwrap_or_else(chrono::Utc::now);
    let why = o.error.clone().unwrap_or_default();
    // Guarded by the incident the row holds, not the previous state: a site down before a
    // maintenance window is still the same outage after it.
    if state == MonitorState::Down && m.incident.is_none() {
        let id = incidents::open(
            txn,
            incidents::Opening {
                title: format!("{} ngừng hoạt động: {why}", m.def.name),
                source: "monitor",
                subject: &m.def.code,
                department: Some(&m.def.department),
                severity: "critical",
                opened_by: incidents::SYSTEM,
                note: Some(why.clone()),
            },
            now,
        )
        .await?;
        txn.execute_raw(stmt(
            txn,
            "UPDATE security_monitor SET incident = $1 WHERE code = $2",
            vec![id.into(), m.def.code.clone().into()],
        ))
        .await
        .map_err(internal)?;
        crate::alerts::raise(
            txn,
            crate::alerts::Raise {
                module: "security",
                kind: "down",
                subject: &m.def.code,
                subject_name: &m.def.name,
                department: Some(&m.def.department),
                severity: Severity::Critical,
                title_vi: format!("{} ngừng hoạt động: {why}", m.def.name),
                title_en: format!("{} is down: {why}", m.def.name),
                value: why,
                observed_at: at,
            },
        )
        .await?;
    } else if state == MonitorState::Up && (m.incident.is_some() || m.state == MonitorState::Down) {
        let minutes = (now - m.state_since) / 60_000_000;
        if let Some(id) = m.incident {
            incidents::close_by_system(
                txn,
                id,
                &format!("Hoạt động trở lại sau {minutes} phút"),
                now,
            )
            .await?;
        }
        txn.execute_raw(stmt(
            txn,
            "UPDATE security_monitor SET incident = NULL WHERE code = $1",
            vec![m.def.code.clone().into()],
        ))
        .await
        .map_err(internal)?;
        crate::alerts::clear(txn, "security", "down", &m.def.code).await?;
    }
    Ok(())
}

pub(super) async fn cert_alert<C: ConnectionTrait>(
    txn: &C,
    m: &Row,
    band: i64,
    expires: Option<i64>,
    now: i64,
) -> AppResult<()> {
    let Some(expires) = expires.filter(|_| band != 0) else {
        crate::alerts::clear(txn, "security", "cert", &m.def.code).await?;
        return Ok(());
    };
    let date = local_day(expires);
    let left = days_left(expires, now);
    let (title_vi, title_en) = if band < 0 {
        (
            format!("Chứng chỉ của {} đã hết hạn ngày {date}", m.def.name),
            format!("The certificate of {} expired on {date}", m.def.name),
        )
    } else {
        (
            format!(
                "Chứng chỉ của {} hết hạn sau {left} ngày ({date})",
                m.def.name
            ),
            format!(
                "The certificate of {} expires in {left} days ({date})",
                m.def.name
            ),
        )
    };
    crate::alerts::raise(
        txn,
        crate::alerts::Raise {
            module: "security",
            kind: "cert",
            subject: &m.def.code,
            subject_name: &m.def.name,
            department: Some(&m.def.department),
            severity: if band == 7 || band < 0 {
                Severity::Critical
            } else {
                Severity::Warning
            },
            title_vi,
            title_en,
            value: band.to_string(),
            observed_at: chrono::DateTime::from_timestamp_micros(now)
                .unwrap_or_else(chrono::Utc::now),
        },
    )
    .await
}

/// Checks a monitor at once (an administrator's "check now"), whatever its schedule.
pub async fn check_now(
    db: &DatabaseConnection,
    code: &str,
    extra_ca: Option<PathBuf>,
) -> AppResult<Monitor> {
    let now = chrono::Utc::now().timestamp_micros();
    let m = load(db, code)
        .await?
        .ok_or_else(|| AppError::NotFound(code.to_owned()))?;
    claim(
        db,
        code,
        m.next_check_at,
        now + i64::from(m.def.interval) * 1_000_000,
    )
    .await?;
    check_and_record(db, code, extra_ca).await?;
    let now = chrono::Utc::now().timestamp_micros();
    let r = load(db, code)
        .await?
        .ok_or_else(|| AppError::NotFound(code.to_owned()))?;
    let a = availability_since(db, &local_day(now - 29 * DAY_US))
        .await?
        .remove(code)
        .flatten();
    Ok(view(r, a, now))
}

/// The checks at most running at once on one copy.
const PARALLEL: usize = 64;

/// Runs the due checks, forever: each copy claims a check before it runs it.
pub async fn run_forever(db: DatabaseConnection, extra_ca: Option<PathBuf>) {
    let slots = Arc::new(tokio::sync::Semaphore::new(PARALLEL));
    loop {
        let now = chrono::Utc::now().timestamp_micros();
        match due(&db, now, 500).await {
            Ok(list) => {
                for (code, seen, interval) in list {
                    match claim(&db, &code, seen, now + interval * 1_000_000).await {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(e) => {
                            tracing::warn!("monitor {code}: {e}");
                            continue;
                        }
                    }
                    let Ok(slot) = slots.clone().acquire_owned().await else {
                        return;
                    };
                    let (db, ca) = (db.clone(), extra_ca.clone());
                    tokio::spawn(async move {
                        if let Err(e) = check_and_record(&db, &code, ca).await {
                            tracing::warn!("monitor {code}: {e}");
                        }
                        drop(slot);
                    });
                }
            }
            Err(e) => tracing::warn!("monitors: {e}"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Monthly availability of every monitor (`2024-06`).
pub async fn month<C: ConnectionTrait>(db: &C, month: &str) -> AppResult<Vec<MonthAvailability>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT m.code, m.name, m.department, CAST(SUM(d.up) AS BIGINT) AS up, CAST(SUM(d.down) AS BIGINT) AS down, \
             CAST(SUM(d.maint) AS BIGINT) AS maint, CAST(SUM(d.ms_sum) AS BIGINT) AS ms_sum, CAST(SUM(d.ms_n) AS BIGINT) AS ms_n \
             FROM security_monitor m LEFT JOIN security_monitor_day d \
             ON d.monitor = m.code AND d.day >= $1 AND d.day < $2 \
             GROUP BY m.code, m.name, m.department ORDER BY m.department, m.name",
            vec![format!("{month}-01").into(), format!("{month}-99").into()],
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let n = |c: &str| {
                r.try_get::<Option<i64>>("", c)
                    .map(|v| v.unwrap_or(0))
                    .map_err(internal)
            };
            let (up, down, maint) = (n("up")?, n("down")?, n("maint")?);
            let (ms_sum, ms_n) = (n("ms_sum")?, n("ms_n")?);
            Ok(MonthAvailability {
                monitor: r.try_get("", "code").map_err(internal)?,
                name: r.try_get("", "name").map_err(internal)?,
                department: r.try_get("", "department").map_err(internal)?,
                month: month.to_owned(),
                availability: share(up, down),
                checks: (up + down + maint) as u64,
                failed: down as u64,
                maintenance: maint as u64,
                mean_ms: (ms_n > 0).then(|| ms_sum as f64 / ms_n as f64),
            })
        })
        .collect()
}

/// Reads `2024-06`; the error names the parameter.
pub fn month_param(v: &str) -> AppResult<String> {
    chrono::NaiveDate::parse_from_str(&format!("{}-01", v.trim()), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m").to_string())
        .map_err(|_| {
            AppError::invalid(
                "month",
                tr!("phải có dạng 2024-06", "must look like 2024-06"),
            )
        })
}

pub fn this_month(now: i64) -> String {
    local_day(now).get(..7).unwrap_or_default().to_owned()
}

fn time_text(name: &str, v: &str) -> AppResult<i64> {
    chrono::DateTime::parse_from_rfc3339(v.trim())
        .map(|t| t.timestamp_micros())
        .map_err(|_| {
            AppError::invalid(
                name,
                tr!(
                    "phải là thời điểm RFC 3339 (2024-06-01T22:00:00+07:00)",
                    "must be an RFC 3339 time (2024-06-01T22:00:00+07:00)"
                ),
            )
        })
}

/// Plans a maintenance window; a steward only for their own department's monitors.
pub async fn add_maintenance(
    db: &DatabaseConnection,
    department: Option<&str>,
    w: &Maintenance,
    actor: &str,
    now: i64,
) -> AppResult<Maintenance> {
    let title = w.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::invalid(
            "title",
            tr!(
                "cần tiêu đề, tối đa 200 ký tự",
                "a title is needed, at most 200 characters"
            ),
        ));
    }
    let starts = time_text("starts_at", &w.starts_at)?;
    let ends = time_text("ends_at", &w.ends_at)?;
    if ends <= starts || ends - starts > 31 * DAY_US {
        return Err(AppError::invalid(
            "ends_at",
            tr!(
                "phải sau thời điểm bắt đầu, trong vòng 31 ngày",
                "must come after the start, within 31 days"
            ),
        ));
    }
    let dept = w.department.clone().filter(|d| !d.is_empty());
    if let Some(d) = &dept {
        crate::registry::require_department(db, d).await?;
    }
    if let Some(own) = department {
        if dept.as_deref() != Some(own) {
            return Err(AppError::invalid(
                "department",
                tr!(
                    "chỉ được lập lịch bảo trì cho đơn vị mình ({own})",
                    "you may plan maintenance only for your own department ({own})"
                ),
            ));
        }
    }
    for (i, code) in w.monitors.iter().enumerate() {
        match load(db, code).await? {
            None => {
                return Err(AppError::invalid(
                    format!("monitors[{i}]"),
                    tr!("không có giám sát mã {code}", "no monitor with code {code}"),
                ))
            }
            Some(m) if dept.as_deref().is_some_and(|d| d != m.def.department) => {
                return Err(AppError::invalid(
                    format!("monitors[{i}]"),
                    tr!(
                        "{code} thuộc đơn vị khác",
                        "{code} belongs to another department"
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    let monitors = serde_json::to_string(&w.monitors).map_err(internal)?;
    let returning = db
        .query_one_raw(stmt(
            db,
            "INSERT INTO security_maintenance (title, department, monitors, starts_at, ends_at, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            vec![
                title.to_owned().into(),
                dept.clone().into(),
                monitors.into(),
                starts.into(),
                ends.into(),
                actor.to_owned().into(),
                now.into(),
            ],
        ))
        .await
        .map_err(internal)?;
    let id: i64 = returning
        .ok_or(AppError::Internal)?
        .try_get("", "id")
        .map_err(internal)?;
    Ok(Maintenance {
        id,
        title: title.to_owned(),
        department: dept,
        monitors: w.monitors.clone(),
        starts_at: micros_text(starts),
        ends_at: micros_text(ends),
    })
}

/// Windows that have not ended, soonest first (one department's, or all).
pub async fn maintenance<C: ConnectionTrait>(
    db: &C,
    department: Option<&str>,
    now: i64,
) -> AppResult<Vec<Maintenance>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT id, title, department, monitors, starts_at, ends_at \
             FROM security_maintenance WHERE ends_at > $1 ORDER BY starts_at, id",
            vec![now.into()],
        ))
        .await
        .map_err(internal)?;
    let mut out = Vec::new();
    for r in rows {
        let w = Maintenance {
            id: r.try_get("", "id").map_err(internal)?,
            title: r.try_get("", "title").map_err(internal)?,
            department: r.try_get("", "department").map_err(internal)?,
            monitors: serde_json::from_str(&r.try_get::<String>("", "monitors").map_err(internal)?)
                .unwrap_or_default(),
            starts_at: micros_text(r.try_get("", "starts_at").map_err(internal)?),
            ends_at: micros_text(r.try_get("", "ends_at").map_err(internal)?),
        };
        if department.is_none() || w.department.is_none() || w.department.as_deref() == department {
            out.push(w);
        }
    }
    Ok(out)
}

/// Ends a window (deletes it); a steward only their own department's.
pub async fn delete_maintenance(
    db: &DatabaseConnection,
    department: Option<&str>,
    id: i64,
) -> AppResult<()> {
    let sql = match department {
        Some(_) => "DELETE FROM security_maintenance WHERE id = $1 AND department = $2",
        None => "DELETE FROM security_maintenance WHERE id = $1",
    };
    let mut values: Vec<Value> = vec![id.into()];
    if let Some(d) = department {
        values.push(d.into());
    }
    let res = db
        .execute_raw(stmt(db, sql, values))
        .await
        .map_err(internal)?;
    if res.rows_affected() == 0 {
        return Err(AppError::NotFound(format!("maintenance {id}")));
    }
    Ok(())
}

/// The departments with public monitors.
pub async fn status_index(db: &DatabaseConnection) -> AppResult<Vec<StatusEntry>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT department, CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(SUM(CASE WHEN state = 'down' THEN 1 ELSE 0 END) AS BIGINT) AS down \
             FROM security_monitor WHERE public = 1 \
             GROUP BY department ORDER BY department",
            vec![],
        ))
        .await
        .map_err(internal)?;
    let names: HashMap<String, String> = crate::registry::departments(db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    rows.iter()
        .map(|r| {
            let d: String = r.try_get("", "department").map_err(internal)?;
            let n: i64 = r.try_get("", "n").map_err(internal)?;
            let down: Option<i64> = r.try_get("", "down").map_err(internal)?;
            Ok(StatusEntry {
                department_name: names.get(&d).cloned().unwrap_or_else(|| d.clone()),
                department: d,
                monitors: u32::try_from(n).unwrap_or(0),
                down: u32::try_from(down.unwrap_or(0)).unwrap_or(0),
            })
        })
        .collect()
}

/// A department's public status page: its public monitors' state, 30 days of
/// availability, this month's, its outages and maintenance.
pub async fn status_page(
    db: &DatabaseConnection,
    department: &str,
    now: i64,
) -> AppResult<StatusPage> {
    crate::registry::require_department(db, department)
        .await
        .map_err(|e| match e {
            AppError::Invalid { .. } => AppError::NotFound(format!("department {department}")),
            other => other,
        })?;
    let name = crate::registry::department_name(db, department).await?;
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT {COLUMNS} FROM security_monitor WHERE department = $1 AND public = 1 \
                 ORDER BY name, code"
            ),
            vec![department.into()],
        ))
        .await
        .map_err(internal)?;
    let monitors: Vec<Row> = rows.iter().map(row).collect::<AppResult<_>>()?;
    let first = local_day(now - 29 * DAY_US);
    let month_start = format!("{}-01", this_month(now));
    let tallies = db
        .query_all_raw(stmt(
            db,
            "SELECT d.monitor, d.day, d.up, d.down FROM security_monitor_day d \
             JOIN security_monitor m ON m.code = d.monitor \
             WHERE m.department = $1 AND m.public = 1 AND d.day >= $2",
            vec![
                department.into(),
                first.clone().min(month_start.clone()).into(),
            ],
        ))
        .await
        .map_err(internal)?;
    let mut by: HashMap<(String, String), (i64, i64)> = HashMap::new();
    for t in &tallies {
        let m: String = t.try_get("", "monitor").map_err(internal)?;
        let d: String = t.try_get("", "day").map_err(internal)?;
        let up: i64 = t.try_get("", "up").map_err(internal)?;
        let down: i64 = t.try_get("", "down").map_err(internal)?;
        by.insert((m, d), (up, down));
    }
    let days: Vec<String> = (0..30)
        .map(|i| local_day(now - (29 - i) * DAY_US))
        .collect();
    let public: Vec<PublicMonitor> = monitors
        .iter()
        .map(|m| {
            let code = &m.def.code;
            let sum = |from: &str| {
                by.iter()
                    .filter(|((c, d), _)| c == code && d.as_str() >= from)
                    .fold((0, 0), |(u, w), (_, (a, b))| (u + a, w + b))
            };
            let (u30, d30) = sum(&first);
            let (um, dm) = sum(&month_start);
            PublicMonitor {
                code: code.clone(),
                name: m.def.name.clone(),
                state: m.state,
                paused: !m.def.active,
                since: micros_text(m.state_since),
                availability_30d: share(u30, d30),
                availability_month: share(um, dm),
                days: days
                    .iter()
                    .map(|d| DayAvailability {
                        day: d.clone(),
                        availability: by
                            .get(&(code.clone(), d.clone()))
                            .and_then(|(u, w)| share(*u, *w)),
                    })
                    .collect(),
            }
        })
        .collect();
    let names: HashMap<&str, &str> = monitors
        .iter()
        .map(|m| (m.def.code.as_str(), m.def.name.as_str()))
        .collect();
    let outages = incidents::monitor_outages(db, department, now - 30 * DAY_US)
        .await?
        .into_iter()
        .filter_map(|(monitor, started, ended)| {
            let name = (*names.get(monitor.as_str())?).to_owned();
            Some(Outage {
                monitor,
                name,
                started_at: micros_text(started),
                ended_at: ended.map(micros_text),
            })
        })
        .collect();
    let codes: Vec<&str> = names.keys().copied().collect();
    let maintenance = maintenance(db, Some(department), now)
        .await?
        .into_iter()
        .filter(|w| w.monitors.is_empty() || w.monitors.iter().any(|c| codes.contains(&c.as_str())))
        .map(|w| Maintenance {
            // The public sees which of its sites, not the internal list.
            monitors: w
                .monitors
                .into_iter()
                .filter(|c| codes.contains(&c.as_str()))
                .collect(),
            ..w
        })
        .collect();
    Ok(StatusPage {
        department: department.to_owned(),
        department_name: name,
        monitors: public,
        outages,
        maintenance,
        generated_at: micros_text(now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use MonitorState::*;

    #[test]
    fn pending_then_down_after_the_retries() {
        assert_eq!(next_state(Up, 0, 2, false, false), (Pending, 1));
        assert_eq!(next_state(Pending, 1, 2, false, false), (Pending, 2));
        assert_eq!(next_state(Pending, 2, 2, false, false), (Down, 3));
        assert_eq!(next_state(Down, 3, 2, false, false), (Down, 4));
        assert_eq!(next_state(Down, 4, 2, true, false), (Up, 0));
        assert_eq!(next_state(Unknown, 0, 0, false, false), (Down, 1));
        assert_eq!(next_state(Up, 0, 0, false, true), (Maintenance, 1));
        assert_eq!(next_state(Down, 5, 0, true, true), (Maintenance, 0));
    }

    #[test]
    fn certificate_bands() {
        let now = 1_000 * DAY_US;
        assert_eq!(cert_band(None, now), 0);
        assert_eq!(cert_band(Some(now + 22 * DAY_US), now), 0);
        assert_eq!(cert_band(Some(now + 21 * DAY_US), now), 21);
        assert_eq!(cert_band(Some(now + 15 * DAY_US), now), 21);
        assert_eq!(cert_band(Some(now + 14 * DAY_US), now), 14);
        assert_eq!(cert_band(Some(now + 8 * DAY_US), now), 14);
        assert_eq!(cert_band(Some(now + 7 * DAY_US), now), 7);
        assert_eq!(cert_band(Some(now + 1), now), 7);
        assert_eq!(cert_band(Some(now), now), -1);
    }

    #[test]
    fn windows_cover_their_monitors() {
        let m = MonitorInput {
            code: "portal".into(),
            name: "Portal".into(),
            department: "STTTT".into(),
            url: "https://x.vn".into(),
            interval: 60,
            timeout: 10,
            retries: 1,
            accepted_status: vec!["200-299".into()],
            keyword: None,
            ignore_tls: false,
            public: true,
            active: true,
        };
        assert!(covers(None, &[], &m));
        assert!(covers(Some("STTTT"), &[], &m));
        assert!(!covers(Some("SYT"), &[], &m));
        assert!(covers(Some("STTTT"), &["portal".into()], &m));
        assert!(!covers(None, &["mail".into()], &m));
    }
}
