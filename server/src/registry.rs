//! Shared reference data: departments, administrative units and places.
//! Public JSON at `/api/v1/departments` and `/api/v1/units`.

use crate::auth::internal;
use crate::db::entity::{admin_unit, department, place};
use crate::state::AppState;
use crate::web::{ApiError, ApiResult};
use app::error::{AppError, AppResult};
use app::model::{AdminUnit, Department, MapMarker, UnitLevel};
use app::tr;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/departments", get(list_departments))
        .route("/api/v1/units", get(list_units))
}

impl From<department::Model> for Department {
    fn from(d: department::Model) -> Self {
        Department {
            code: d.code,
            name: d.name,
            name_en: d.name_en,
            demo: d.demo,
        }
    }
}

impl From<admin_unit::Model> for AdminUnit {
    fn from(u: admin_unit::Model) -> Self {
        AdminUnit {
            code: u.code,
            name: u.name,
            name_en: u.name_en,
            name_short: u.name_short,
            unit_type: u.unit_type,
            level: UnitLevel::parse(&u.level).unwrap_or(UnitLevel::Commune),
            parent_code: u.parent_code,
            population: u.population,
            valid_from: u.valid_from,
            valid_to: u.valid_to,
        }
    }
}

impl From<place::Model> for MapMarker {
    fn from(p: place::Model) -> Self {
        MapMarker {
            lat: p.lat,
            lon: p.lon,
            title: p.name,
            detail: p.address.unwrap_or_default(),
            kind: p.kind,
            color: None,
        }
    }
}

pub async fn departments<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Department>> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::Code)
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A department's name, or its code when none has it.
pub async fn department_name<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<String> {
    Ok(department::Entity::find_by_id(code.to_string())
        .one(db)
        .await
        .map_err(internal)?
        .map_or_else(|| code.to_string(), |d| d.name))
}

/// Fails with a field error when no department has this code.
pub async fn require_department<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<()> {
    match department::Entity::find_by_id(code.to_string())
        .one(db)
        .await
        .map_err(internal)?
    {
        Some(_) => Ok(()),
        None => Err(AppError::invalid(
            "department",
            tr!(
                "không có đơn vị nào có mã '{code}'",
                "no department with code '{code}'"
            ),
        )),
    }
}

/// Units valid on `as_of` (ISO date), optionally of one level and under one parent.
pub async fn units<C: ConnectionTrait>(
    db: &C,
    level: Option<UnitLevel>,
    parent: Option<&str>,
    as_of: &str,
) -> AppResult<Vec<admin_unit::Model>> {
    let mut q = admin_unit::Entity::find().filter(in_force(as_of));
    if let Some(l) = level {
        q = q.filter(admin_unit::Column::Level.eq(l.as_str()));
    }
    if let Some(p) = parent {
        q = q.filter(admin_unit::Column::ParentCode.eq(p));
    }
    q.order_by_asc(admin_unit::Column::Code)
        .all(db)
        .await
        .map_err(internal)
}

/// Units in force on `as_of` (`YYYY-MM-DD`).
fn in_force(as_of: &str) -> Condition {
    Condition::all()
        .add(admin_unit::Column::ValidFrom.lte(as_of))
        .add(
            Condition::any()
                .add(admin_unit::Column::ValidTo.is_null())
                .add(admin_unit::Column::ValidTo.gt(as_of)),
        )
}

/// The district-level units in force (as [`default_as_of`]), named for the pages.
pub async fn district_names<C: ConnectionTrait>(
    db: &C,
) -> AppResult<Vec<app::modules::indicators::model::UnitName>> {
    let as_of = default_as_of(db).await?;
    district_names_as_of(db, &as_of).await
}

/// The district-level units in force on `as_of`, named, by code (three columns: the
/// shapes are most of the table's bytes).
pub async fn district_names_as_of<C: ConnectionTrait>(
    db: &C,
    as_of: &str,
) -> AppResult<Vec<app::modules::indicators::model::UnitName>> {
    let rows: Vec<(String, String, String)> = admin_unit::Entity::find()
        .select_only()
        .columns([
            admin_unit::Column::Code,
            admin_unit::Column::Name,
            admin_unit::Column::NameEn,
        ])
        .filter(admin_unit::Column::Level.eq(UnitLevel::District.as_str()))
        .filter(in_force(as_of))
        .order_by_asc(admin_unit::Column::Code)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(
            |(code, name, name_en)| app::modules::indicators::model::UnitName {
                code,
                name,
                name_en,
            },
        )
        .collect())
}

/// Every unit's name by code (two columns: the shapes are most of the table's bytes).
pub async fn unit_names<C: ConnectionTrait>(
    db: &C,
) -> AppResult<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> = admin_unit::Entity::find()
        .select_only()
        .columns([admin_unit::Column::Code, admin_unit::Column::Name])
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().collect())
}

/// A sector page's filter checked: a plausible `year` and, if given, one of the
/// districts (422 naming the field otherwise). Returns the districts, named.
pub async fn page_districts<C: ConnectionTrait>(
    db: &C,
    year: i32,
    unit: Option<&str>,
) -> AppResult<Vec<app::modules::indicators::model::UnitName>> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid(
            "year",
            tr!("nằm ngoài phạm vi cho phép", "out of range"),
        ));
    }
    let districts = district_names(db).await?;
    require_district(&districts, unit)?;
    Ok(districts)
}

/// A page's `unit` must be one of these districts: 422 naming `unit` otherwise.
pub fn require_district(
    districts: &[app::modules::indicators::model::UnitName],
    unit: Option<&str>,
) -> AppResult<()> {
    match unit {
        Some(u) if !districts.iter().any(|d| d.code == u) => Err(AppError::invalid(
            "unit",
            tr!("không có đơn vị cấp huyện \"{u}\"", "no district \"{u}\""),
        )),
        _ => Ok(()),
    }
}

/// The date shown when none is asked for: today, or, when the recorded structure has
/// ended (the demo province's districts ended in 2025), the last day on which every
/// level of it was still in force.
pub async fn default_as_of<C: ConnectionTrait>(db: &C) -> AppResult<String> {
    let today = chrono::Utc::now().date_naive();
    // Two columns: the shapes are most of the table's bytes.
    let all: Vec<(String, Option<String>)> = admin_unit::Entity::find()
        .select_only()
        .columns([admin_unit::Column::Level, admin_unit::Column::ValidTo])
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    let mut last_by_level: std::collections::HashMap<&str, chrono::NaiveDate> = Default::default();
    for (level, valid_to) in &all {
        let end = match valid_to.as_deref() {
            None => chrono::NaiveDate::MAX,
            Some(d) => {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or(chrono::NaiveDate::MAX)
            }
        };
        let e = last_by_level.entry(level.as_str()).or_insert(end);
        *e = (*e).max(end);
    }
    let day = match last_by_level.values().min() {
        Some(end) if *end <= today => end.pred_opt().unwrap_or(*end),
        _ => today,
    };
    Ok(day.format("%Y-%m-%d").to_string())
}

/// A FeatureCollection of units with geometry; properties `code`, `name`, `name_en`, …
pub fn feature_collection(units: &[admin_unit::Model]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = units
        .iter()
        .filter_map(|u| {
            let geometry: serde_json::Value = serde_json::from_str(u.geometry.as_deref()?).ok()?;
            Some(serde_json::json!({
                "type": "Feature",
                "properties": {
                    "code": u.code, "name": u.name, "name_en": u.name_en,
                    "name_short": u.name_short, "unit_type": u.unit_type, "level": u.level,
                    "population": u.population, "valid_from": u.valid_from, "valid_to": u.valid_to,
                },
                "geometry": geometry,
            }))
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}

/// Whether a point lies inside a GeoJSON Polygon or MultiPolygon (ray casting; holes
/// subtract).
pub fn contains(geometry: &serde_json::Value, lon: f64, lat: f64) -> bool {
    fn ring(r: &serde_json::Value, x: f64, y: f64) -> bool {
        let Some(pts) = r.as_array() else {
            return false;
        };
        let p: Vec<(f64, f64)> = pts
            .iter()
            .filter_map(|q| Some((q.get(0)?.as_f64()?, q.get(1)?.as_f64()?)))
            .collect();
        let mut inside = false;
        let mut j = p.len().saturating_sub(1);
        for i in 0..p.len() {
            let ((xi, yi), (xj, yj)) = (p[i], p[j]);
            if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    }
    let polygon = |rings: &serde_json::Value| -> bool {
        let Some(rs) = rings.as_array() else {
            return false;
        };
        rs.first().is_some_and(|outer| ring(outer, lon, lat))
            && !rs.iter().skip(1).any(|hole| ring(hole, lon, lat))
    };
    match geometry["type"].as_str() {
        Some("Polygon") => polygon(&geometry["coordinates"]),
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(polygon)),
        _ => false,
    }
}

/// The district a point lies in, from the boundaries on record.
pub async fn district_at<C: ConnectionTrait>(
    db: &C,
    lat: f64,
    lon: f64,
) -> AppResult<Option<String>> {
    let as_of = default_as_of(db).await?;
    let units = units(db, Some(UnitLevel::District), None, &as_of).await?;
    Ok(units.into_iter().find_map(|u: admin_unit::Model| {
        let g: serde_json::Value = serde_json::from_str(u.geometry.as_deref()?).ok()?;
        contains(&g, lon, lat).then_some(u.code)
    }))
}

pub async fn places(db: &DatabaseConnection) -> AppResult<Vec<MapMarker>> {
    Ok(place::Entity::find()
        .order_by_asc(place::Column::Id)
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(Into::into)
        .collect())
}

async fn list_departments(State(state): State<AppState>) -> ApiResult<Json<Vec<Department>>> {
    Ok(Json(departments(&state.db).await?))
}

#[derive(Debug, Deserialize)]
struct UnitQuery {
    level: Option<String>,
    parent: Option<String>,
    /// ISO date; see [`default_as_of`].
    as_of: Option<String>,
    /// `true`: answer a GeoJSON FeatureCollection instead of a list.
    geometry: Option<bool>,
}

async fn list_units(
    State(state): State<AppState>,
    Query(q): Query<UnitQuery>,
) -> Result<Response, ApiError> {
    let level = match q.level.as_deref() {
        None | Some("") => None,
        Some(l) => Some(UnitLevel::parse(l).ok_or_else(|| {
            AppError::invalid(
                "level",
                tr!(
                    "phải là province (tỉnh), district (huyện) hoặc commune (xã)",
                    "must be province, district or commune"
                ),
            )
        })?),
    };
    let as_of = match q.as_of {
        Some(d) => {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                AppError::invalid(
                    "as_of",
                    tr!(
                        "phải là một ngày, ví dụ 2024-12-31",
                        "must be a date like 2024-12-31"
                    ),
                )
            })?;
            d
        }
        None => default_as_of(&state.db).await?,
    };
    let rows = units(&state.db, level, q.parent.as_deref(), &as_of).await?;
    if q.geometry.unwrap_or(false) {
        let mut res = Json(feature_collection(&rows)).into_response();
        res.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/geo+json"),
        );
        return Ok(res);
    }
    let list: Vec<AdminUnit> = rows.into_iter().map(Into::into).collect();
    Ok(Json(list).into_response())
}
