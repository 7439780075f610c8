//! Stations and the queries the pages and the REST API read: current indices, chart
//! series from the rollups, index history, raw readings.

use crate::auth::internal;
use crate::db::entity::{admin_unit, env_station};
use app::error::{AppError, AppResult};
use app::modules::environment::model::{
    EnvironmentNow, IndexPoint, LatestValue, ParamSeries, Range, Station, StationInput, StationNow,
    StationSeries,
};
use app::modules::environment::params::{self, StationKind};
use app::modules::environment::{aqi, day_start, hex, hour_start, ict_rfc3339, wqi};
use app::tr;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Set, Statement, Value,
};
use std::collections::{BTreeMap, HashMap};

/// The department that owns stations when nobody says otherwise.
pub const DEFAULT_DEPARTMENT: &str = "STNMT";

/// What ingestion needs to know of a station.
#[derive(Debug, Clone)]
pub struct StationInfo {
    pub id: i32,
    pub code: String,
    pub name: String,
    /// The English name, else the Vietnamese one (a proper name).
    pub name_en: String,
    pub kind: StationKind,
    pub department: String,
    pub parameters: Vec<String>,
    /// The limit in force per parameter.
    pub limits: BTreeMap<String, f64>,
    pub interval_minutes: i32,
    pub last_reading_at: Option<i64>,
    pub created_at: i64,
}

fn info(m: &env_station::Model) -> StationInfo {
    let kind = StationKind::parse(&m.kind).unwrap_or(StationKind::Air);
    let parameters: Vec<String> = serde_json::from_str(&m.parameters).unwrap_or_default();
    let own: BTreeMap<String, f64> = serde_json::from_str(&m.limits).unwrap_or_default();
    let limits = parameters
        .iter()
        .filter_map(|p| {
            let limit = own
                .get(p)
                .copied()
                .or_else(|| params::find(kind, p).and_then(|d| d.limit))?;
            Some((p.clone(), limit))
        })
        .collect();
    StationInfo {
        id: m.id,
        code: m.code.clone(),
        name: m.name.clone(),
        name_en: m
            .name_en
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| m.name.clone()),
        kind,
        department: m.department_code.clone(),
        parameters,
        limits,
        interval_minutes: m.interval_minutes,
        last_reading_at: m.last_reading_at,
        created_at: m.created_at.timestamp(),
    }
}

pub async fn all<C: ConnectionTrait>(db: &C) -> AppResult<Vec<env_station::Model>> {
    env_station::Entity::find()
        .order_by_asc(env_station::Column::Code)
        .all(db)
        .await
        .map_err(internal)
}

pub async fn infos<C: ConnectionTrait>(db: &C) -> AppResult<HashMap<String, StationInfo>> {
    Ok(all(db)
        .await?
        .iter()
        .map(|m| (m.code.clone(), info(m)))
        .collect())
}

pub async fn infos_by_id<C: ConnectionTrait>(db: &C) -> AppResult<HashMap<i32, StationInfo>> {
    Ok(all(db).await?.iter().map(|m| (m.id, info(m))).collect())
}

async fn find(db: &DatabaseConnection, code: &str) -> AppResult<env_station::Model> {
    env_station::Entity::find()
        .filter(env_station::Column::Code.eq(code))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("station '{code}'")))
}

/// Each unit's name in Vietnamese and English, by code.
async fn district_names<C: ConnectionTrait>(
    db: &C,
) -> AppResult<HashMap<String, (String, String)>> {
    Ok(admin_unit::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.code, (u.name, u.name_en)))
        .collect())
}

fn to_wire(m: &env_station::Model, districts: &HashMap<String, (String, String)>) -> Station {
    let i = info(m);
    let district = m.district_code.as_ref().and_then(|c| districts.get(c));
    Station {
        code: m.code.clone(),
        name: m.name.clone(),
        name_en: m.name_en.clone(),
        district_name_en: district.map(|d| d.1.clone()),
        kind: i.kind,
        mode: m.mode.clone(),
        lat: m.lat,
        lon: m.lon,
        district_name: district.map(|d| d.0.clone()),
        district_code: m.district_code.clone(),
        department: m.department_code.clone(),
        parameters: i.parameters,
        interval_minutes: m.interval_minutes.max(0) as u32,
        limits: i.limits,
        last_reading_at: m.last_reading_at.map(ict_rfc3339),
    }
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Registers a station, or updates the one with the same code. `department` is the one the
/// caller may write for (`None`: any). Returns the station and whether it is new.
pub async fn save<C: ConnectionTrait>(
    db: &C,
    actor: &str,
    department: Option<&str>,
    input: StationInput,
) -> AppResult<(Station, bool)> {
    let code = input.code.trim().to_string();
    if !is_code(&code) {
        return Err(AppError::invalid(
            "code",
            tr!(
                "1–32 ký tự gồm chữ cái, chữ số, '-' hoặc '_'",
                "1–32 letters, digits, '-' or '_'"
            ),
        ));
    }
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            tr!(
                "bắt buộc, tối đa 200 ký tự",
                "required, at most 200 characters"
            ),
        ));
    }
    let name_en = input
        .name_en
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if name_en.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(AppError::invalid(
            "name_en",
            tr!("tối đa 200 ký tự", "at most 200 characters"),
        ));
    }
    if !(-90.0..=90.0).contains(&input.lat) || !input.lat.is_finite() {
        return Err(AppError::invalid(
            "lat",
            tr!(
                "phải là vĩ độ từ -90 đến 90",
                "a latitude between -90 and 90"
            ),
        ));
    }
    if !(-180.0..=180.0).contains(&input.lon) || !input.lon.is_finite() {
        return Err(AppError::invalid(
            "lon",
            tr!(
                "phải là kinh độ từ -180 đến 180",
                "a longitude between -180 and 180"
            ),
        ));
    }
    let mut parameters: Vec<String> = Vec::new();
    for p in &input.parameters {
        let p = p.trim().to_lowercase();
        if params::find(input.kind, &p).is_none() {
            return Err(AppError::invalid(
                "parameters",
                tr!(
                    "trạm loại {} không có thông số '{p}'; các thông số hợp lệ: {}",
                    "unknown {} parameter '{p}'; known: {}",
                    input.kind.as_str(),
                    params::names(input.kind)
                ),
            ));
        }
        if !parameters.contains(&p) {
            parameters.push(p);
        }
    }
    if parameters.is_empty() {
        return Err(AppError::invalid(
            "parameters",
            tr!(
                "cần liệt kê ít nhất một thông số",
                "list at least one parameter"
            ),
        ));
    }
    if input.kind == StationKind::Air && !parameters.iter().any(|p| p == "pm25" || p == "pm10") {
        // Decision 1459: no VN_AQI without PM2.5 or PM10.
        return Err(AppError::invalid(
            "parameters",
            tr!(
                "trạm quan trắc không khí phải đo pm25 hoặc pm10 \
                 (VN_AQI cần một trong hai thông số này)",
                "an air station must measure pm25 or pm10 (VN_AQI needs one of them)"
            ),
        ));
    }
    for (p, v) in &input.limits {
        if !parameters.contains(p) {
            return Err(AppError::invalid(
                "limits",
                tr!(
                    "'{p}' không thuộc các thông số của trạm",
                    "'{p}' is not among the station's parameters"
                ),
            ));
        }
        if !v.is_finite() || *v < 0.0 {
            return Err(AppError::invalid(
                "limits",
                tr!("'{p}': phải là một số ≥ 0", "'{p}': a number ≥ 0"),
            ));
        }
    }
    let mode = match input.mode.as_deref().map(str::trim) {
        None | Some("") | Some("automatic") => "automatic",
        Some("periodic") => "periodic",
        Some(other) => {
            return Err(AppError::invalid(
                "mode",
                tr!(
                    "'{other}': automatic (tự động) hoặc periodic (định kỳ)",
                    "'{other}': automatic or periodic"
                ),
            ))
        }
    };
    let interval = match input.interval_minutes {
        Some(0) => {
            return Err(AppError::invalid(
                "interval_minutes",
                tr!("ít nhất là 1", "at least 1"),
            ))
        }
        Some(n) if n > 366 * 24 * 60 => {
            return Err(AppError::invalid(
                "interval_minutes",
                tr!("tối đa là một năm", "at most a year"),
            ))
        }
        Some(n) => n as i32,
        None if mode == "periodic" => 31 * 24 * 60,
        None => 60,
    };
    let owner = match (department, input.department.as_deref()) {
        (Some(mine), Some(asked)) if mine != asked => {
            return Err(AppError::invalid(
                "department",
                tr!(
                    "khoá của bạn chỉ được ghi dữ liệu cho {mine}",
                    "your key writes for {mine} only"
                ),
            ))
        }
        (Some(mine), _) => mine.to_string(),
        (None, Some(asked)) => asked.to_string(),
        (None, None) => DEFAULT_DEPARTMENT.to_string(),
    };
    crate::registry::require_department(db, &owner).await?;
    let district = match input
        .district_code
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => {
            let known = admin_unit::Entity::find()
                .filter(admin_unit::Column::Code.eq(d))
                .one(db)
                .await
                .map_err(internal)?;
            if known.is_none() {
                return Err(AppError::invalid(
                    "district_code",
                    tr!(
                        "không có đơn vị hành chính nào có mã '{d}'",
                        "no administrative unit with code '{d}'"
                    ),
                ));
            }
            Some(d.to_string())
        }
        None => crate::registry::district_at(db, input.lat, input.lon).await?,
    };

    let existing = env_station::Entity::find()
        .filter(env_station::Column::Code.eq(code.clone()))
        .one(db)
        .await
        .map_err(internal)?;
    if let (Some(e), Some(mine)) = (&existing, department) {
        if e.department_code != mine {
            return Err(AppError::Forbidden);
        }
    }
    if let Some(e) = &existing {
        if e.kind != input.kind.as_str() {
            return Err(AppError::invalid(
                "kind",
                tr!(
                    "trạm '{code}' là trạm loại {}",
                    "station '{code}' is a {} station",
                    e.kind
                ),
            ));
        }
    }
    let now = Utc::now();
    let limits = serde_json::to_string(&input.limits).map_err(internal)?;
    let params_json = serde_json::to_string(&parameters).map_err(internal)?;
    let created = existing.is_none();
    let model = match existing {
        Some(e) => {
            let mut a: env_station::ActiveModel = e.into();
            a.name = Set(name);
            a.name_en = Set(name_en);
            a.mode = Set(mode.to_string());
            a.lat = Set(input.lat);
            a.lon = Set(input.lon);
            a.district_code = Set(district);
            a.department_code = Set(owner);
            a.parameters = Set(params_json);
            a.limits = Set(limits);
            a.interval_minutes = Set(interval);
            a.updated_at = Set(now);
            a.update(db).await.map_err(internal)?
        }
        None => env_station::ActiveModel {
            code: Set(code.clone()),
            name: Set(name),
            name_en: Set(name_en),
            kind: Set(input.kind.as_str().to_string()),
            mode: Set(mode.to_string()),
            lat: Set(input.lat),
            lon: Set(input.lon),
            district_code: Set(district),
            department_code: Set(owner),
            parameters: Set(params_json),
            limits: Set(limits),
            interval_minutes: Set(interval),
            last_reading_at: Set(None),
            demo: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(internal)?,
    };
    crate::audit::record(
        db,
        actor,
        if created {
            "station.create"
        } else {
            "station.update"
        },
        &code,
        serde_json::json!({ "kind": model.kind, "parameters": parameters }),
    )
    .await
    .map_err(internal)?;
    let districts = district_names(db).await?;
    Ok((to_wire(&model, &districts), created))
}

/// Marks stations as demo data (the page says so).
pub async fn mark_demo<C: ConnectionTrait>(db: &C, codes: &[&str]) -> AppResult<()> {
    env_station::Entity::update_many()
        .col_expr(
            env_station::Column::Demo,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(env_station::Column::Code.is_in(codes.iter().copied()))
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(())
}

fn point(kind: &str, time: i64, value: i32, dominant: Option<String>, parts: &str) -> IndexPoint {
    let value = value.max(0) as u32;
    let (label_vi, label_en, rgb) = if kind == "wqi" {
        let b = wqi::band(value);
        (b.label_vi, b.label_en, b.rgb)
    } else {
        let b = aqi::band(value);
        (b.label_vi, b.label_en, b.rgb)
    };
    IndexPoint {
        time: ict_rfc3339(time),
        value,
        label_vi: label_vi.to_string(),
        label_en: label_en.to_string(),
        colour: hex(rgb),
        dominant,
        sub_indices: serde_json::from_str(parts).unwrap_or_default(),
    }
}

fn stmt(db: &impl ConnectionTrait, sqlite: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        // `?` → `$n`, in order.
        let mut out = String::with_capacity(sqlite.len() + 8);
        let mut n = 0;
        for c in sqlite.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sqlite.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The latest index of a station of one kind: (time, value, dominant, parts). One index
/// seek per station.
async fn latest_index(
    db: &DatabaseConnection,
    station: i32,
    kind: &str,
) -> AppResult<Option<(i64, i32, Option<String>, String)>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT time, value, dominant, parts FROM env_index WHERE station_id = ? AND kind = ? \
             ORDER BY time DESC LIMIT 1",
            vec![station.into(), kind.into()],
        ))
        .await
        .map_err(internal)?;
    match rows.first() {
        Some(r) => Ok(Some((
            r.try_get_by_index(0).map_err(internal)?,
            r.try_get_by_index(1).map_err(internal)?,
            r.try_get_by_index(2).map_err(internal)?,
            r.try_get_by_index(3).map_err(internal)?,
        ))),
        None => Ok(None),
    }
}

/// Whether a station has been silent longer than its interval at `now`.
pub fn is_silent(i: &StationInfo, now: i64) -> bool {
    let since = i.last_reading_at.unwrap_or(i.created_at);
    now - since > i64::from(i.interval_minutes) * 60
}

/// Every station with its latest index: the map and the province summary.
pub async fn now(db: &DatabaseConnection) -> AppResult<EnvironmentNow> {
    let stations = all(db).await?;
    let districts = district_names(db).await?;
    let t = Utc::now().timestamp();
    let mut list = Vec::with_capacity(stations.len());
    for m in &stations {
        let i = info(m);
        let kind = match i.kind {
            StationKind::Air => "aqi_h",
            StationKind::Water => "wqi",
        };
        let latest = latest_index(db, m.id, kind).await?;
        list.push(StationNow {
            index: latest.map(|(time, v, d, parts)| point(kind, time, v, d, &parts)),
            silent: is_silent(&i, t),
            station: to_wire(m, &districts),
        });
    }
    Ok(EnvironmentNow {
        demo: stations.iter().any(|s| s.demo),
        stations: list,
        generated_at: ict_rfc3339(t),
    })
}

/// One station with its latest index.
pub async fn station_now(db: &DatabaseConnection, code: &str) -> AppResult<StationNow> {
    let all = now(db).await?;
    all.stations
        .into_iter()
        .find(|s| s.station.code == code)
        .ok_or_else(|| AppError::NotFound(format!("station '{code}'")))
}

/// Which index history to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    AqiHourly,
    AqiDaily,
    Wqi,
}

impl IndexKind {
    fn code(self) -> &'static str {
        match self {
            IndexKind::AqiHourly => "aqi_h",
            IndexKind::AqiDaily => "aqi_d",
            IndexKind::Wqi => "wqi",
        }
    }
}

/// The index history of a station in [from, to) (epoch seconds).
pub async fn index_history(
    db: &DatabaseConnection,
    code: &str,
    kind: IndexKind,
    from: i64,
    to: i64,
) -> AppResult<Vec<IndexPoint>> {
    let st = find(db, code).await?;
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT time, value, dominant, parts FROM env_index WHERE station_id = ? AND kind = ? \
             AND time >= ? AND time < ? ORDER BY time",
            vec![st.id.into(), kind.code().into(), from.into(), to.into()],
        ))
        .await
        .map_err(internal)?;
    rows.into_iter()
        .map(|r| {
            Ok(point(
                kind.code(),
                r.try_get_by_index(0).map_err(internal)?,
                r.try_get_by_index(1).map_err(internal)?,
                r.try_get_by_index(2).map_err(internal)?,
                &r.try_get_by_index::<String>(3).map_err(internal)?,
            ))
        })
        .collect()
}

/// Raw readings of a station in [from, to), optionally one parameter: (parameter, time,
/// value, flagged), at most `limit`.
pub async fn readings(
    db: &DatabaseConnection,
    code: &str,
    parameter: Option<&str>,
    from: i64,
    to: i64,
    limit: u64,
) -> AppResult<Vec<(String, i64, f64, bool)>> {
    let st = find(db, code).await?;
    let mut sql = "SELECT parameter, time, value, flag FROM env_reading WHERE station_id = ? \
                   AND time >= ? AND time < ?"
        .to_string();
    let mut values: Vec<Value> = vec![st.id.into(), from.into(), to.into()];
    if let Some(p) = parameter {
        sql.push_str(" AND parameter = ?");
        values.push(p.into());
    }
    sql.push_str(&format!(" ORDER BY time, parameter LIMIT {limit}"));
    let rows = db
        .query_all_raw(stmt(db, &sql, values))
        .await
        .map_err(internal)?;
    rows.into_iter()
        .map(|r| {
            Ok((
                r.try_get_by_index(0).map_err(internal)?,
                r.try_get_by_index(1).map_err(internal)?,
                r.try_get_by_index(2).map_err(internal)?,
                r.try_get_by_index::<i16>(3).map_err(internal)? != 0,
            ))
        })
        .collect()
}

/// A station's charts for a range ending at its latest data (or now): every parameter
/// from the hourly rollup (the daily one for a year), the index over the same points, the
/// points above each limit, and the latest values.
pub async fn series(db: &DatabaseConnection, code: &str, range: Range) -> AppResult<StationSeries> {
    let st = find(db, code).await?;
    let i = info(&st);
    let districts = district_names(db).await?;
    let step = range.step();
    let end_at = st.last_reading_at.unwrap_or_else(|| Utc::now().timestamp());
    let end = if range == Range::Year {
        day_start(end_at) + 86_400
    } else {
        hour_start(end_at) + 3600
    };
    let start = end - range.seconds();
    let n = ((end - start) / step) as usize;
    let times: Vec<i64> = (0..n as i64).map(|k| start + k * step).collect();
    let slot = |t: i64| -> Option<usize> {
        (t >= start && t < end).then(|| ((t - start) / step) as usize)
    };

    let (table, col, value) = if range == Range::Year {
        ("env_daily", "day", "mean")
    } else {
        ("env_hourly", "hour", "sum / n")
    };
    // `parameter IN (…)`: one index range per parameter, not the station's whole history.
    let marks = vec!["?"; i.parameters.len().max(1)].join(",");
    let mut values: Vec<Value> = vec![st.id.into()];
    values.extend(i.parameters.iter().map(|p| Value::from(p.clone())));
    if i.parameters.is_empty() {
        values.push("".into());
    }
    values.extend([start.into(), end.into()]);
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT parameter, {col}, {value} FROM {table} WHERE station_id = ? \
                 AND parameter IN ({marks}) AND {col} >= ? AND {col} < ?"
            ),
            values,
        ))
        .await
        .map_err(internal)?;
    let mut by_param: HashMap<String, Vec<Option<f64>>> = HashMap::new();
    for r in rows {
        let p: String = r.try_get_by_index(0).map_err(internal)?;
        let t: i64 = r.try_get_by_index(1).map_err(internal)?;
        let v: f64 = r.try_get_by_index(2).map_err(internal)?;
        if let Some(k) = slot(t) {
            by_param.entry(p).or_insert_with(|| vec![None; n])[k] = Some(v);
        }
    }
    let params_out: Vec<ParamSeries> = i
        .parameters
        .iter()
        .map(|p| {
            let mean = by_param.remove(p).unwrap_or_else(|| vec![None; n]);
            let limit = i.limits.get(p).copied();
            let exceedances = match limit {
                Some(l) => mean.iter().flatten().filter(|v| **v > l).count() as u32,
                None => 0,
            };
            let max = mean.iter().flatten().copied().reduce(f64::max);
            ParamSeries {
                unit: params::find(i.kind, p)
                    .map(|d| d.unit.to_string())
                    .unwrap_or_default(),
                parameter: p.clone(),
                mean,
                limit,
                exceedances,
                max,
            }
        })
        .collect();

    let kind = match (i.kind, range) {
        (StationKind::Water, _) => "wqi",
        (StationKind::Air, Range::Year) => "aqi_d",
        (StationKind::Air, _) => "aqi_h",
    };
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT time, value FROM env_index WHERE station_id = ? AND kind = ? AND time >= ? AND time < ?",
            vec![st.id.into(), kind.into(), start.into(), end.into()],
        ))
        .await
        .map_err(internal)?;
    let mut index = vec![None; n];
    for r in rows {
        let t: i64 = r.try_get_by_index(0).map_err(internal)?;
        let v: i32 = r.try_get_by_index(1).map_err(internal)?;
        let k = if kind == "wqi" && range == Range::Year {
            slot(day_start(t))
        } else {
            slot(t)
        };
        if let Some(k) = k {
            index[k] = Some(v.max(0) as u32);
        }
    }

    let latest_kind = if i.kind == StationKind::Water {
        "wqi"
    } else {
        "aqi_h"
    };
    let now_point = latest_index(db, st.id, latest_kind)
        .await?
        .map(|(t, v, d, parts)| point(latest_kind, t, v, d, &parts));

    // The latest valid reading of each parameter: one index seek each.
    let mut latest = Vec::new();
    for p in &i.parameters {
        let rows = db
            .query_all_raw(stmt(
                db,
                "SELECT time, value FROM env_reading WHERE station_id = ? AND parameter = ? \
                 AND flag = 0 ORDER BY time DESC LIMIT 1",
                vec![st.id.into(), p.clone().into()],
            ))
            .await
            .map_err(internal)?;
        if let Some(r) = rows.first() {
            let t: i64 = r.try_get_by_index(0).map_err(internal)?;
            latest.push(LatestValue {
                unit: params::find(i.kind, p)
                    .map(|d| d.unit.to_string())
                    .unwrap_or_default(),
                parameter: p.clone(),
                value: r.try_get_by_index(1).map_err(internal)?,
                time: ict_rfc3339(t),
            });
        }
    }

    let flagged_rows = db
        .query_all_raw(stmt(
            db,
            "SELECT COUNT(*) FROM env_reading WHERE station_id = ? AND flag = 1 AND time >= ? AND time < ?",
            vec![st.id.into(), start.into(), end.into()],
        ))
        .await
        .map_err(internal)?;
    let flagged = match flagged_rows.first() {
        Some(r) => r.try_get_by_index::<i64>(0).map_err(internal)?.max(0) as u32,
        None => 0,
    };

    Ok(StationSeries {
        station: to_wire(&st, &districts),
        range,
        times,
        params: params_out,
        index,
        now: now_point,
        latest,
        flagged,
    })
}
