//! The environment's alert rules: an hourly VN_AQI of "Kém" (101) or worse, an hourly mean
//! above its limit, and a station silent for longer than its interval ("Sống"). Each
//! alert lasts while its condition does: evaluated after every write (AQI, limits, and the
//! end of a silence) and by the silence worker.

use super::store::{self, StationInfo};
use crate::alerts::{self, Raise};
use crate::auth::internal;
use app::error::AppResult;
use app::model::Severity;
use app::modules::environment::aqi;
use app::modules::environment::params::{self, StationKind};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::collections::BTreeSet;

pub const MODULE: &str = "environment";
/// VN_AQI from which an alert is raised: the start of "Kém".
pub const AQI_ALERT_FROM: u32 = 101;

fn at(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

fn stmt(db: &impl ConnectionTrait, sql: &str, station: i32) -> Statement {
    let sql = if db.get_database_backend() == DbBackend::Postgres {
        sql.replacen('?', "$1", 1).replacen('?', "$2", 1)
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [station.into(), station.into()],
    )
}

/// Evaluates the AQI and limit rules of the stations a write touched, and ends their
/// silence.
pub async fn evaluate<C: ConnectionTrait>(db: &C, stations: &BTreeSet<i32>) -> AppResult<()> {
    if stations.is_empty() {
        return Ok(());
    }
    let infos = store::infos_by_id(db).await?;
    for id in stations {
        let Some(st) = infos.get(id) else { continue };
        alerts::clear(db, MODULE, "silence", &st.code).await?;
        if st.kind == StationKind::Air {
            aqi_rule(db, st).await?;
        }
        limit_rule(db, st).await?;
    }
    Ok(())
}

async fn aqi_rule<C: ConnectionTrait>(db: &C, st: &StationInfo) -> AppResult<()> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT time, value, dominant FROM env_index WHERE station_id = ? AND kind = 'aqi_h' \
             AND station_id = ? ORDER BY time DESC LIMIT 1",
            st.id,
        ))
        .await
        .map_err(internal)?;
    let Some(r) = rows.first() else {
        return Ok(());
    };
    let t: i64 = r.try_get_by_index(0).map_err(internal)?;
    let v: i32 = r.try_get_by_index(1).map_err(internal)?;
    let dominant: Option<String> = r.try_get_by_index(2).map_err(internal)?;
    let v = v.max(0) as u32;
    if v < AQI_ALERT_FROM {
        alerts::clear(db, MODULE, "aqi", &st.code).await?;
        return Ok(());
    }
    let band = aqi::band(v);
    let dom = dominant
        .as_deref()
        .and_then(|d| params::find(StationKind::Air, d))
        .map(|p| p.label)
        .unwrap_or("");
    alerts::raise(
        db,
        Raise {
            module: MODULE,
            kind: "aqi",
            subject: &st.code,
            subject_name: &st.name,
            department: Some(&st.department),
            severity: if v > 200 {
                Severity::Critical
            } else {
                Severity::Warning
            },
            title_vi: format!("Chất lượng không khí {} tại {}", band.label_vi, st.name),
            title_en: format!("Air quality {} at {}", band.label_en, st.name_en),
            value: format!("VN_AQI {v} · {dom}"),
            observed_at: at(t),
        },
    )
    .await
}

async fn limit_rule<C: ConnectionTrait>(db: &C, st: &StationInfo) -> AppResult<()> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT parameter, sum / n, hour FROM env_hourly WHERE station_id = ? AND hour = \
             (SELECT MAX(hour) FROM env_hourly WHERE station_id = ?)",
            st.id,
        ))
        .await
        .map_err(internal)?;
    let mut over = Vec::new();
    for r in rows {
        let p: String = r.try_get_by_index(0).map_err(internal)?;
        let v: f64 = r.try_get_by_index(1).map_err(internal)?;
        let h: i64 = r.try_get_by_index(2).map_err(internal)?;
        let (Some(limit), Some(def)) = (st.limits.get(&p), params::find(st.kind, &p)) else {
            continue;
        };
        if v <= *limit {
            continue;
        }
        let kind = format!("limit:{p}");
        let shown =
            |x: f64| app::format::number(x, if x < 10.0 { 2 } else { 0 }, app::i18n::Lang::Vi);
        alerts::raise(
            db,
            Raise {
                module: MODULE,
                kind: &kind,
                subject: &st.code,
                subject_name: &st.name,
                department: Some(&st.department),
                severity: if v > 2.0 * limit {
                    Severity::Critical
                } else {
                    Severity::Warning
                },
                title_vi: format!("{} vượt giới hạn tại {}", def.label, st.name),
                title_en: format!("{} above its limit at {}", def.label, st.name_en),
                value: format!("{} {} (≤ {})", shown(v), def.unit, shown(*limit)),
                observed_at: at(h),
            },
        )
        .await?;
        over.push(kind);
    }
    alerts::clear_others(db, MODULE, &st.code, "limit:", &over).await
}

/// The silence rule at `now`: raises for stations silent past their interval, ends it for
/// the others. Safe to run on every server at once.
pub async fn silence_round<C: ConnectionTrait>(db: &C, now: i64) -> AppResult<u32> {
    let mut raised = 0;
    for st in store::infos(db).await?.values() {
        if !store::is_silent(st, now) {
            alerts::clear(db, MODULE, "silence", &st.code).await?;
            continue;
        }
        let since = st.last_reading_at.unwrap_or(st.created_at);
        let hours = (now - since) / 3600;
        alerts::raise(
            db,
            Raise {
                module: MODULE,
                kind: "silence",
                subject: &st.code,
                subject_name: &st.name,
                department: Some(&st.department),
                severity: Severity::Warning,
                title_vi: format!("Trạm {} không gửi số liệu (Sống)", st.name),
                title_en: format!("{} has stopped reporting (live data)", st.name_en),
                value: match st.last_reading_at {
                    Some(_) => format!("{hours} h"),
                    None => "—".to_string(),
                },
                observed_at: at(since),
            },
        )
        .await?;
        raised += 1;
    }
    Ok(raised)
}

/// Runs the silence rule every `every` for as long as the server runs.
pub async fn run(db: DatabaseConnection, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = Utc::now().timestamp();
        if let Err(e) = silence_round(&db, now).await {
            tracing::warn!(error = %e, "environment: silence check failed");
        }
        // Stations written to lately are checked again: a check that failed right after
        // a write (the database away for a moment) is made up within a minute.
        let recent = match store::infos_by_id(&db).await {
            Ok(infos) => infos
                .values()
                .filter(|s| s.last_reading_at.is_some_and(|t| t >= now - 600))
                .map(|s| s.id)
                .collect(),
            Err(_) => BTreeSet::new(),
        };
        if let Err(e) = evaluate(&db, &recent).await {
            tracing::warn!(error = %e, "environment: alert check failed");
        }
    }
}
