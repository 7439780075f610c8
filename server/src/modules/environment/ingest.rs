//! Readings in: checked (station, parameter, time, unit, range), then written in one
//! transaction that keeps everything derived from them current: the raw reading (one per
//! station, parameter and time, so a reading sent twice is stored once and a corrected one
//! replaces it), the hourly and daily rollups, and the indices of the hours and days the
//! batch touched (VN_AQI with the Nowcast's 12 hours after a PM change, VN_WQI). Alerts
//! are evaluated after the commit.
//!
//! SQL is written by hand here: multi-row statements with bound values, the same on
//! SQLite and PostgreSQL, because ingestion is the hot path.

use super::store::{self, StationInfo};
use crate::auth::internal;
use app::error::AppResult;
use app::modules::environment::model::{
    ReadingFlag, ReadingInput, ReadingRejection, ReadingReport,
};
use app::modules::environment::params::{self, StationKind};
use app::modules::environment::{aqi, day_start, hour_start, wqi};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement, Value,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A checked reading in the parameter's own unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub station: i32,
    pub parameter: String,
    pub time: i64,
    pub value: f64,
    /// 1: implausible (stored, left out of rollups and indices).
    pub flag: i16,
}

/// What [`check`] made of a list.
#[derive(Debug, Default)]
pub struct Checked {
    pub valid: Vec<Reading>,
    pub rejected: Vec<ReadingRejection>,
    pub flagged: Vec<ReadingFlag>,
}

/// How far ahead of the server's clock a reading may be (clocks drift; a day ahead is a
/// wrong time zone, not drift).
const FUTURE_SLACK: i64 = 15 * 60;

/// Checks readings against the stations on record. `topic_station` is the station an MQTT
/// topic names; `department` the one the sender may write for (`None`: any).
pub fn check(
    stations: &HashMap<String, StationInfo>,
    readings: &[ReadingInput],
    topic_station: Option<&str>,
    department: Option<&str>,
    now: i64,
) -> Checked {
    let mut out = Checked::default();
    for (index, r) in readings.iter().enumerate() {
        let reject = |field: &str, reason: String| ReadingRejection {
            index,
            field: field.to_string(),
            reason,
        };
        let code = match (topic_station, r.station_code.as_deref()) {
            (Some(t), Some(c)) if t != c => {
                out.rejected.push(reject(
                    "station_code",
                    format!("'{c}' differs from the topic's station '{t}'"),
                ));
                continue;
            }
            (Some(t), _) => t,
            (None, Some(c)) => c,
            (None, None) => {
                out.rejected
                    .push(reject("station_code", "required".to_string()));
                continue;
            }
        };
        let Some(st) = stations.get(code) else {
            out.rejected.push(reject(
                "station_code",
                format!("no station with code '{code}'"),
            ));
            continue;
        };
        if let Some(d) = department {
            if d != st.department {
                out.rejected.push(reject(
                    "station_code",
                    format!("station '{code}' belongs to department {}", st.department),
                ));
                continue;
            }
        }
        let Some(param) = params::find(st.kind, &r.parameter) else {
            out.rejected.push(reject(
                "parameter",
                format!(
                    "unknown {} parameter '{}'; known: {}",
                    st.kind.as_str(),
                    r.parameter,
                    params::names(st.kind)
                ),
            ));
            continue;
        };
        if !st.parameters.iter().any(|p| p == param.code) {
            out.rejected.push(reject(
                "parameter",
                format!("station '{code}' does not measure '{}'", param.code),
            ));
            continue;
        }
        let time = match chrono::DateTime::parse_from_rfc3339(r.time.trim()) {
            Ok(t) => t.timestamp(),
            Err(_) => {
                out.rejected.push(reject(
                    "time",
                    format!(
                        "'{}' is not ISO 8601 with an offset (e.g. 2024-03-01T08:00:00+07:00)",
                        r.time
                    ),
                ));
                continue;
            }
        };
        if time > now + FUTURE_SLACK {
            out.rejected
                .push(reject("time", format!("'{}' is in the future", r.time)));
            continue;
        }
        let factor = match params::conversion(param, r.unit.as_deref()) {
            Ok(f) => f,
            Err(reason) => {
                out.rejected.push(reject("unit", reason));
                continue;
            }
        };
        if !r.value.is_finite() {
            out.rejected
                .push(reject("value", "must be a finite number".to_string()));
            continue;
        }
        let value = r.value * factor;
        let flag = match params::implausible(param, value) {
            Some(reason) => {
                out.flagged.push(ReadingFlag {
                    index,
                    station_code: code.to_string(),
                    parameter: param.code.to_string(),
                    time: r.time.clone(),
                    value,
                    reason,
                });
                1
            }
            None => 0,
        };
        out.valid.push(Reading {
            station: st.id,
            parameter: param.code.to_string(),
            time,
            value,
            flag,
        });
    }
    out
}

/// Counts of what a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// SQL with bound values, in the placeholder style of the engine.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DbBackend, text: &str) -> Self {
        Self {
            backend,
            text: text.to_string(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    fn bind(&mut self, v: impl Into<Value>) -> &mut Self {
        self.values.push(v.into());
        if self.backend == DbBackend::Postgres {
            self.text.push('$');
            self.text.push_str(&self.values.len().to_string());
        } else {
            self.text.push('?');
        }
        self
    }

    fn stmt(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// Rows per multi-row statement: SQLite takes 32,766 bound values, PostgreSQL 65,535.
const CHUNK: usize = 4_000;

/// One writer at a time per server: SQLite has one write lock anyway, and queuing here
/// keeps waiting transactions from timing out under heavy ingest. Other servers on the
/// same PostgreSQL are kept consistent by the primary keys and the upserts.
static WRITER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

type Key = (i32, String, i64);

/// Stores checked readings and brings rollups and indices up to date, in one transaction;
/// then evaluates the alerts of the stations touched.
pub async fn write<C: crate::db::Conn>(db: &C, readings: Vec<Reading>) -> AppResult<Written> {
    if readings.is_empty() {
        return Ok(Written::default());
    }
    let _turn = WRITER.lock().await;
    let txn = db.begin().await.map_err(internal)?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // Another copy of the server may be writing the same stations: their rollups are
        // recomputed from what is stored, so one writer per station at a time, taken in
        // station order (no deadlock between two copies).
        let ids: BTreeSet<i32> = readings.iter().map(|r| r.station).collect();
        let list: Vec<String> = ids.iter().map(i32::to_string).collect();
        txn.execute_unprepared(&format!(
            "SELECT id FROM env_station WHERE id IN ({}) ORDER BY id FOR UPDATE",
            list.join(",")
        ))
        .await
        .map_err(internal)?;
    }
    let (written, touched) = write_in(&txn, readings).await?;
    txn.commit().await.map_err(internal)?;
    drop(_turn);
    // The readings are stored: an alert check that fails now is logged (the minute worker
    // evaluates again) and never turns the stored batch into an error answer.
    if let Err(e) = super::alerting::evaluate(db, &touched).await {
        tracing::warn!(error = %e, "environment: alert check after a write failed");
    }
    Ok(written)
}

/// Stations touched by a write, for the alerts.
pub type Touched = BTreeSet<i32>;

async fn write_in(
    txn: &DatabaseTransaction,
    readings: Vec<Reading>,
) -> AppResult<(Written, Touched)> {
    let backend = txn.get_database_backend();
    let now = chrono::Utc::now().timestamp();
    // The same key twice in one batch: the later reading wins, as if sent one by one.
    let mut by_key: HashMap<Key, Reading> = HashMap::with_capacity(readings.len());
    for r in readings {
        by_key.insert((r.station, r.parameter.clone(), r.time), r);
    }
    let batch: Vec<Reading> = by_key.into_values().collect();

    // 1. Insert what is new; the database tells which keys were already stored.
    let mut inserted: HashSet<Key> = HashSet::with_capacity(batch.len());
    for chunk in batch.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO env_reading (station_id, parameter, time, value, flag, received_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ",(" });
            q.bind(r.station).push(",");
            q.bind(r.parameter.clone()).push(",");
            q.bind(r.time).push(",");
            q.bind(r.value).push(",");
            q.bind(r.flag).push(",");
            q.bind(now).push(")");
        }
        q.push(" ON CONFLICT (station_id, parameter, time) DO NOTHING RETURNING station_id, parameter, time");
        for row in txn.query_all_raw(q.stmt()).await.map_err(internal)? {
            let s: i32 = row.try_get_by_index(0).map_err(internal)?;
            let p: String = row.try_get_by_index(1).map_err(internal)?;
            let t: i64 = row.try_get_by_index(2).map_err(internal)?;
            inserted.insert((s, p, t));
        }
    }

    // 2. The rest were stored before: the same value is a repeat, another one a correction.
    let rest: Vec<&Reading> = batch
        .iter()
        .filter(|r| !inserted.contains(&(r.station, r.parameter.clone(), r.time)))
        .collect();
    let mut stored: HashMap<Key, (f64, i16)> = HashMap::new();
    for chunk in rest.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "SELECT station_id, parameter, time, value, flag FROM env_reading WHERE (station_id, parameter, time) IN (",
        );
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ",(" });
            q.bind(r.station).push(",");
            q.bind(r.parameter.clone()).push(",");
            q.bind(r.time).push(")");
        }
        q.push(")");
        for row in txn.query_all_raw(q.stmt()).await.map_err(internal)? {
            let s: i32 = row.try_get_by_index(0).map_err(internal)?;
            let p: String = row.try_get_by_index(1).map_err(internal)?;
            let t: i64 = row.try_get_by_index(2).map_err(internal)?;
            let v: f64 = row.try_get_by_index(3).map_err(internal)?;
            let f: i16 = row.try_get_by_index(4).map_err(internal)?;
            stored.insert((s, p, t), (v, f));
        }
    }
    let mut written = Written {
        inserted: inserted.len() as u64,
        ..Default::default()
    };
    // Buckets whose raw readings changed: recounted from the raw rows.
    let mut recount: BTreeSet<Key> = BTreeSet::new();
    for r in &rest {
        match stored.get(&(r.station, r.parameter.clone(), r.time)) {
            Some((v, f)) if *v == r.value && *f == r.flag => written.unchanged += 1,
            _ => {
                written.updated += 1;
                let mut q = Sql::new(backend, "UPDATE env_reading SET value = ");
                q.bind(r.value).push(", flag = ");
                q.bind(r.flag).push(", received_at = ");
                q.bind(now).push(" WHERE station_id = ");
                q.bind(r.station).push(" AND parameter = ");
                q.bind(r.parameter.clone()).push(" AND time = ");
                q.bind(r.time);
                txn.execute_raw(q.stmt()).await.map_err(internal)?;
                recount.insert((r.station, r.parameter.clone(), hour_start(r.time)));
            }
        }
    }

    // 3. Hourly rollups: new valid readings add to their hour; changed hours are recounted.
    // (station, parameter, hour) → (count, sum, min, max) of the new valid readings.
    let mut add: BTreeMap<Key, (i64, f64, f64, f64)> = BTreeMap::new();
    for r in batch.iter().filter(|r| r.flag == 0) {
        let key = (r.station, r.parameter.clone(), r.time);
        let hour = hour_start(r.time);
        if !inserted.contains(&key) || recount.contains(&(r.station, r.parameter.clone(), hour)) {
            continue;
        }
        let e = add
            .entry((r.station, r.parameter.clone(), hour))
            .or_insert((0, 0.0, f64::INFINITY, f64::NEG_INFINITY));
        e.0 += 1;
        e.1 += r.value;
        e.2 = e.2.min(r.value);
        e.3 = e.3.max(r.value);
    }
    let adds: Vec<_> = add.into_iter().collect();
    for chunk in adds.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO env_hourly (station_id, parameter, hour, n, sum, min, max) VALUES ",
        );
        for (i, ((s, p, h), (n, sum, min, max))) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ",(" });
            q.bind(*s).push(",");
            q.bind(p.clone()).push(",");
            q.bind(*h).push(",");
            q.bind(*n as i32).push(",");
            q.bind(*sum).push(",");
            q.bind(*min).push(",");
            q.bind(*max).push(")");
        }
        q.push(
            " ON CONFLICT (station_id, parameter, hour) DO UPDATE SET n = env_hourly.n + excluded.n, \
             sum = env_hourly.sum + excluded.sum, \
             min = CASE WHEN excluded.min < env_hourly.min THEN excluded.min ELSE env_hourly.min END, \
             max = CASE WHEN excluded.max > env_hourly.max THEN excluded.max ELSE env_hourly.max END",
        );
        txn.execute_raw(q.stmt()).await.map_err(internal)?;
    }
    for (s, p, h) in &recount {
        let mut q = Sql::new(backend, "DELETE FROM env_hourly WHERE station_id = ");
        q.bind(*s).push(" AND parameter = ");
        q.bind(p.clone()).push(" AND hour = ");
        q.bind(*h);
        txn.execute_raw(q.stmt()).await.map_err(internal)?;
        let mut q = Sql::new(
            backend,
            "INSERT INTO env_hourly (station_id, parameter, hour, n, sum, min, max) \
             SELECT station_id, parameter, ",
        );
        q.bind(*h).push(
            ", COUNT(*), SUM(value), MIN(value), MAX(value) FROM env_reading WHERE station_id = ",
        );
        q.bind(*s).push(" AND parameter = ");
        q.bind(p.clone()).push(" AND time >= ");
        q.bind(*h).push(" AND time < ");
        q.bind(*h + 3600)
            .push(" AND flag = 0 GROUP BY station_id, parameter");
        txn.execute_raw(q.stmt()).await.map_err(internal)?;
    }

    // The hours whose rollup changed, per station and parameter.
    let mut changed: BTreeMap<(i32, String), BTreeSet<i64>> = BTreeMap::new();
    for r in &batch {
        let key = (r.station, r.parameter.clone(), r.time);
        let unchanged = !inserted.contains(&key) && stored.get(&key) == Some(&(r.value, r.flag));
        if unchanged || (r.flag == 1 && inserted.contains(&key)) {
            continue;
        }
        changed
            .entry((r.station, r.parameter.clone()))
            .or_default()
            .insert(hour_start(r.time));
    }

    // 4. Daily rollups of the days touched, from the hourly ones. Pairs touching the same
    // span share one statement (live data: all of them, today).
    let mut spans: BTreeMap<(i64, i64), Vec<(i32, String)>> = BTreeMap::new();
    for ((s, p), hours) in &changed {
        let (first, last) = (hours.first().copied(), hours.last().copied());
        if let (Some(a), Some(b)) = (first, last) {
            spans
                .entry((day_start(a), day_start(b) + 86_400))
                .or_default()
                .push((*s, p.clone()));
        }
    }
    for ((from, to), pairs) in &spans {
        for chunk in pairs.chunks(1_000) {
            let pair_list = |q: &mut Sql| {
                q.push("(station_id, parameter) IN (");
                for (i, (s, p)) in chunk.iter().enumerate() {
                    q.push(if i == 0 { "(" } else { ",(" });
                    q.bind(*s).push(",");
                    q.bind(p.clone()).push(")");
                }
                q.push(")");
            };
            let mut q = Sql::new(backend, "DELETE FROM env_daily WHERE ");
            pair_list(&mut q);
            q.push(" AND day >= ");
            q.bind(*from).push(" AND day < ");
            q.bind(*to);
            txn.execute_raw(q.stmt()).await.map_err(internal)?;
            let mut q = Sql::new(
                backend,
                "INSERT INTO env_daily (station_id, parameter, day, n, mean, min, max) \
                 SELECT station_id, parameter, ((hour + 25200) / 86400) * 86400 - 25200, \
                 COUNT(*), AVG(sum / n), MIN(min), MAX(max) FROM env_hourly WHERE ",
            );
            pair_list(&mut q);
            q.push(" AND hour >= ");
            q.bind(*from).push(" AND hour < ");
            q.bind(*to).push(" GROUP BY station_id, parameter, 3");
            txn.execute_raw(q.stmt()).await.map_err(internal)?;
        }
    }

    // 5. The station's latest reading (the indices stop at its hour).
    let mut latest: BTreeMap<i32, i64> = BTreeMap::new();
    for r in &batch {
        let e = latest.entry(r.station).or_insert(r.time);
        *e = (*e).max(r.time);
    }
    for (s, t) in &latest {
        let mut q = Sql::new(backend, "UPDATE env_station SET last_reading_at = ");
        q.bind(*t).push(" WHERE id = ");
        q.bind(*s)
            .push(" AND (last_reading_at IS NULL OR last_reading_at < ");
        q.bind(*t).push(")");
        txn.execute_raw(q.stmt()).await.map_err(internal)?;
    }
    // 6. Indices of the hours and days touched.
    let stations = store::infos_by_id(txn).await?;
    let mut per_station: BTreeMap<i32, Vec<(String, BTreeSet<i64>)>> = BTreeMap::new();
    for ((s, p), hours) in changed {
        per_station.entry(s).or_default().push((p, hours));
    }
    for (s, params) in &per_station {
        let Some(st) = stations.get(s) else { continue };
        // No index for hours after the station's latest reading: they have not happened.
        let newest = st.last_reading_at.map(hour_start).unwrap_or(i64::MAX);
        match st.kind {
            StationKind::Air => refresh_aqi(txn, *s, params, newest).await?,
            StationKind::Water => refresh_wqi(txn, *s, params).await?,
        }
    }

    Ok((written, latest.into_keys().collect()))
}

/// Hourly means of a station in [from, to): parameter → hour → mean.
async fn hourly_means(
    txn: &DatabaseTransaction,
    station: i32,
    from: i64,
    to: i64,
) -> AppResult<HashMap<String, BTreeMap<i64, f64>>> {
    let backend = txn.get_database_backend();
    let mut q = Sql::new(
        backend,
        "SELECT parameter, hour, sum / n FROM env_hourly WHERE station_id = ",
    );
    q.bind(station).push(" AND hour >= ");
    q.bind(from).push(" AND hour < ");
    q.bind(to);
    let mut out: HashMap<String, BTreeMap<i64, f64>> = HashMap::new();
    for row in txn.query_all_raw(q.stmt()).await.map_err(internal)? {
        let p: String = row.try_get_by_index(0).map_err(internal)?;
        let h: i64 = row.try_get_by_index(1).map_err(internal)?;
        let v: f64 = row.try_get_by_index(2).map_err(internal)?;
        out.entry(p).or_default().insert(h, v);
    }
    Ok(out)
}

/// One computed index row: (time, value, dominant, parts as JSON).
type IndexRow = (i64, u32, Option<String>, String);

/// Writes index rows of one kind and removes the ones no longer computable.
async fn put_index(
    txn: &DatabaseTransaction,
    station: i32,
    kind: &str,
    rows: &[IndexRow],
    gone: &[i64],
) -> AppResult<()> {
    let backend = txn.get_database_backend();
    for chunk in rows.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO env_index (station_id, kind, time, value, dominant, parts) VALUES ",
        );
        for (i, (t, v, d, parts)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ",(" });
            q.bind(station).push(",");
            q.bind(kind.to_string()).push(",");
            q.bind(*t).push(",");
            q.bind(*v as i32).push(",");
            q.bind(d.clone()).push(",");
            q.bind(parts.clone()).push(")");
        }
        q.push(
            " ON CONFLICT (station_id, kind, time) DO UPDATE SET value = excluded.value, \
             dominant = excluded.dominant, parts = excluded.parts",
        );
        txn.execute_raw(q.stmt()).await.map_err(internal)?;
    }
    for chunk in gone.chunks(CHUNK) {
        let mut q = Sql::new(backend, "DELETE FROM env_index WHERE station_id = ");
        q.bind(station).push(" AND kind = ");
        q.bind(kind.to_string()).push(" AND time IN (");
        for (i, t) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(",");
            }
            q.bind(*t);
        }
        q.push(")");
        txn.execute_raw(q.stmt()).await.map_err(internal)?;
    }
    Ok(())
}

fn parts_json(subs: &[(String, f64)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = subs
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!((v * 100.0).round() / 100.0)))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn pollutant_code(p: aqi::Pollutant) -> &'static str {
    match p {
        aqi::Pollutant::Pm25 => "pm25",
        aqi::Pollutant::Pm10 => "pm10",
        aqi::Pollutant::O3 => "o3",
        aqi::Pollutant::No2 => "no2",
        aqi::Pollutant::So2 => "so2",
        aqi::Pollutant::Co => "co",
    }
}

fn aqi_row(t: i64, a: &aqi::Aqi) -> IndexRow {
    let subs: Vec<(String, f64)> = a
        .sub_indices
        .iter()
        .map(|(p, v)| (pollutant_code(*p).to_string(), *v))
        .collect();
    (
        t,
        a.value,
        Some(pollutant_code(a.dominant).to_string()),
        parts_json(&subs),
    )
}

/// Recomputes the hourly VN_AQI of the hours a change reaches (a PM hour reaches the 11
/// after it through the Nowcast) and the daily VN_AQI of their days.
async fn refresh_aqi(
    txn: &DatabaseTransaction,
    station: i32,
    changed: &[(String, BTreeSet<i64>)],
    newest: i64,
) -> AppResult<()> {
    let mut hours: BTreeSet<i64> = BTreeSet::new();
    for (p, hs) in changed {
        let reach = if p == "pm25" || p == "pm10" { 12 } else { 1 };
        for h in hs {
            for k in 0..reach {
                if h + k * 3600 <= newest {
                    hours.insert(h + k * 3600);
                }
            }
        }
    }
    let days: BTreeSet<i64> = hours.iter().map(|h| day_start(*h)).collect();
    let (Some(first_h), Some(last_h)) = (hours.first(), hours.last()) else {
        return Ok(());
    };
    let (Some(first_d), Some(last_d)) = (days.first(), days.last()) else {
        return Ok(());
    };
    let from = (first_h - 11 * 3600).min(*first_d);
    let to = (last_h + 3600).max(last_d + 86_400);
    let means = hourly_means(txn, station, from, to).await?;
    let get = |p: &str, h: i64| means.get(p).and_then(|m| m.get(&h)).copied();
    let last12 =
        |p: &str, h: i64| -> Vec<Option<f64>> { (0..12).map(|k| get(p, h - k * 3600)).collect() };

    let (mut rows, mut gone) = (Vec::new(), Vec::new());
    for h in &hours {
        let input = aqi::HourInput {
            pm25: last12("pm25", *h),
            pm10: last12("pm10", *h),
            o3: get("o3", *h),
            no2: get("no2", *h),
            so2: get("so2", *h),
            co: get("co", *h),
        };
        match aqi::hourly(&input) {
            Some(a) => rows.push(aqi_row(*h, &a)),
            None => gone.push(*h),
        }
    }
    put_index(txn, station, "aqi_h", &rows, &gone).await?;

    let (mut rows, mut gone) = (Vec::new(), Vec::new());
    for d in &days {
        let day = |p: &str| -> Vec<Option<f64>> { (0..24).map(|k| get(p, d + k * 3600)).collect() };
        let input = aqi::DayInput {
            pm25: day("pm25"),
            pm10: day("pm10"),
            o3: day("o3"),
            no2: day("no2"),
            so2: day("so2"),
            co: day("co"),
        };
        match aqi::daily(&input) {
            Some(a) => rows.push(aqi_row(*d, &a)),
            None => gone.push(*d),
        }
    }
    put_index(txn, station, "aqi_d", &rows, &gone).await
}

/// Recomputes VN_WQI for each hour a change touched, from that hour's means.
async fn refresh_wqi(
    txn: &DatabaseTransaction,
    station: i32,
    changed: &[(String, BTreeSet<i64>)],
) -> AppResult<()> {
    let hours: BTreeSet<i64> = changed
        .iter()
        .flat_map(|(_, hs)| hs.iter().copied())
        .collect();
    let (Some(first), Some(last)) = (hours.first(), hours.last()) else {
        return Ok(());
    };
    let means = hourly_means(txn, station, *first, last + 3600).await?;
    let (mut rows, mut gone) = (Vec::new(), Vec::new());
    for h in &hours {
        let sample: BTreeMap<String, f64> = means
            .iter()
            .filter_map(|(p, m)| m.get(h).map(|v| (p.clone(), *v)))
            .collect();
        match wqi::compute(&sample) {
            Ok(w) => {
                let subs: Vec<(String, f64)> = w.sub_indices.into_iter().collect();
                rows.push((*h, w.value, Some(w.lowest), parts_json(&subs)));
            }
            Err(_) => gone.push(*h),
        }
    }
    put_index(txn, station, "wqi", &rows, &gone).await
}

/// Readings one request may carry.
pub const MAX_READINGS: usize = 100_000;

/// Checks and stores a list of readings. Without `partial`, one rejected reading means
/// nothing is stored (422); flagged readings are stored either way. Returns the status.
pub async fn ingest(
    db: &DatabaseConnection,
    readings: &[ReadingInput],
    topic_station: Option<&str>,
    department: Option<&str>,
    partial: bool,
) -> AppResult<(u16, ReadingReport)> {
    let stations = store::infos(db).await?;
    let checked = check(
        &stations,
        readings,
        topic_station,
        department,
        chrono::Utc::now().timestamp(),
    );
    let commit = checked.rejected.is_empty() || partial;
    let written = if commit {
        write(db, checked.valid).await?
    } else {
        Written::default()
    };
    let report = ReadingReport {
        committed: commit,
        received: readings.len(),
        inserted: written.inserted,
        updated: written.updated,
        unchanged: written.unchanged,
        flagged: checked.flagged,
        rejected: checked.rejected,
    };
    Ok((if commit { 200 } else { 422 }, report))
}
