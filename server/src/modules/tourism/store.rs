//! Module 6's own reads: accommodation and attractions, and each district's sums over the
//! span and the same span a year before, folded in the database by the data platform.

use crate::modules::datasets::query::{self, Agg, By, Source, Within};
use crate::modules::datasets::store as datasets;
use crate::registry;
use app::error::{AppError, AppResult};
use app::modules::tourism::model::{DistrictTourism, TourismBoard, TourismPlace};
use app::modules::tourism::{PLACES_DATASET, ROOMS_DATASET, VISITS_DATASET};
use app::tr;
use sea_orm::DatabaseConnection;
use serde_json::Value;
use std::collections::HashMap;

/// The months `[from, to)` of a year up to `through` (periods sort as text).
fn span(year: i32, through: u32) -> (String, String) {
    let to = if through >= 12 {
        format!("{:04}", year + 1)
    } else {
        format!("{year:04}-{:02}", through + 1)
    };
    (format!("{year:04}-01"), to)
}

/// A field summed (or averaged) per district over a span; nothing if the dataset is not
/// defined.
async fn per_unit(
    db: &DatabaseConnection,
    code: &str,
    field: &str,
    agg: Agg,
    (from, to): &(String, String),
    units: Option<&[String]>,
) -> AppResult<HashMap<String, f64>> {
    let model = match datasets::find(db, code).await {
        Ok(m) => m,
        Err(AppError::NotFound(_)) => return Ok(HashMap::new()),
        Err(e) => return Err(e),
    };
    let def = datasets::definition(&model)?;
    let within = Within {
        from: Some(from),
        to: Some(to),
        units,
        ..Default::default()
    };
    Ok(query::aggregate(
        db,
        Source {
            model: &model,
            def: &def,
        },
        Some(field),
        agg,
        By::Unit,
        &within,
    )
    .await?
    .into_iter()
    .filter_map(|b| Some((b.unit?, b.value)))
    .collect())
}

/// Module 6's sections for a year up to a month, province or one district.
pub async fn board(
    db: &DatabaseConnection,
    year: i32,
    through_month: u32,
    unit: Option<String>,
) -> AppResult<TourismBoard> {
    if !(1..=12).contains(&through_month) {
        return Err(AppError::invalid(
            "through_month",
            tr!("phải là tháng từ 1 đến 12", "a month from 1 to 12"),
        ));
    }
    let districts = registry::page_districts(db, year, unit.as_deref()).await?;
    let chosen: Option<Vec<String>> = unit.clone().map(|u| vec![u]);
    let units = chosen.as_deref();
    let now = span(year, through_month);
    let before = span(year - 1, through_month);
    let visitors = per_unit(db, VISITS_DATASET, "visitors", Agg::Sum, &now, units).await?;
    let visitors_before =
        per_unit(db, VISITS_DATASET, "visitors", Agg::Sum, &before, units).await?;
    let overnight = per_unit(db, VISITS_DATASET, "overnight", Agg::Sum, &now, units).await?;
    let revenue = per_unit(db, VISITS_DATASET, "revenue", Agg::Sum, &now, units).await?;
    let revenue_before = per_unit(db, VISITS_DATASET, "revenue", Agg::Sum, &before, units).await?;
    let international = per_unit(
        db,
        ROOMS_DATASET,
        "international_guests",
        Agg::Sum,
        &now,
        units,
    )
    .await?;
    let rooms = per_unit(db, ROOMS_DATASET, "rooms", Agg::Avg, &now, units).await?;
    let sold = per_unit(db, ROOMS_DATASET, "room_nights_sold", Agg::Sum, &now, units).await?;
    let available = per_unit(
        db,
        ROOMS_DATASET,
        "room_nights_available",
        Agg::Sum,
        &now,
        units,
    )
    .await?;
    let get = |m: &HashMap<String, f64>, u: &str| m.get(u).copied().unwrap_or(0.0);
    let by_district = districts
        .iter()
        .filter(|d| unit.as_ref().is_none_or(|u| *u == d.code))
        .map(|d| {
            let u = d.code.as_str();
            DistrictTourism {
                unit: d.code.clone(),
                visitors: get(&visitors, u),
                visitors_before: get(&visitors_before, u),
                overnight: get(&overnight, u),
                international: get(&international, u),
                revenue: get(&revenue, u),
                revenue_before: get(&revenue_before, u),
                rooms: get(&rooms, u).round(),
                occupancy: (get(&available, u) > 0.0)
                    .then(|| get(&sold, u) / get(&available, u) * 100.0),
            }
        })
        .collect();
    Ok(TourismBoard {
        year,
        through_month,
        places: places(db, units).await?,
        by_district,
        unit,
        districts,
    })
}

async fn places(db: &DatabaseConnection, units: Option<&[String]>) -> AppResult<Vec<TourismPlace>> {
    let model = match datasets::find(db, PLACES_DATASET).await {
        Ok(m) => m,
        Err(AppError::NotFound(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let def = datasets::definition(&model)?;
    let rows = query::register_records(
        db,
        Source {
            model: &model,
            def: &def,
        },
        units,
    )
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let d = &r.data;
            let int = |k: &str| d.get(k).and_then(Value::as_f64).map(|v| v as i64);
            Some(TourismPlace {
                name: d.get("name")?.as_str()?.to_string(),
                kind: d.get("kind")?.as_str()?.to_string(),
                unit: r.unit.clone(),
                rooms: int("rooms"),
                stars: int("stars"),
                lat: d.get("lat")?.as_f64()?,
                lon: d.get("lon")?.as_f64()?,
                synthetic: d.get("synthetic").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect())
}
