//! Module 6's own reads: accommodation and attractions, and each district's sums over the
//! span and the same span a year before, from the data platform's rows.

use crate::modules::datasets::query::{self, Record, Source};
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

/// A dataset's rows of the span `[from, to)`, of some units; none if it is not defined.
async fn rows_between(
    db: &DatabaseConnection,
    code: &str,
    from: &str,
    to: &str,
    units: Option<&[String]>,
) -> AppResult<Vec<Record>> {
    let model = match datasets::find(db, code).await {
        Ok(m) => m,
        Err(AppError::NotFound(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let def = datasets::definition(&model)?;
    let src = Source {
        model: &model,
        def: &def,
    };
    query::records_where(db, src, Some((from, to)), units, query::Keep::All).await
}

/// Per unit, a field's total and how many rows had it, over the rows of a span.
fn per_unit(
    rows: &[Record],
    (from, to): &(String, String),
    field: &str,
) -> HashMap<String, (f64, u32)> {
    let mut out: HashMap<String, (f64, u32)> = HashMap::new();
    for r in rows {
        let inside = r
            .period
            .as_deref()
            .is_some_and(|p| p >= from.as_str() && p < to.as_str());
        let (Some(u), Some(v), true) = (&r.unit, r.data.get(field).and_then(Value::as_f64), inside)
        else {
            continue;
        };
        let e = out.entry(u.clone()).or_default();
        e.0 += v;
        e.1 += 1;
    }
    out
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
    // Both spans of each dataset in one read; the sums are folded here (one pass over a
    // few hundred rows) rather than in nine aggregate queries.
    let visits = rows_between(db, VISITS_DATASET, &before.0, &now.1, units).await?;
    let stays = rows_between(db, ROOMS_DATASET, &now.0, &now.1, units).await?;
    let (visitors, visitors_before, overnight, revenue, revenue_before) = (
        per_unit(&visits, &now, "visitors"),
        per_unit(&visits, &before, "visitors"),
        per_unit(&visits, &now, "overnight"),
        per_unit(&visits, &now, "revenue"),
        per_unit(&visits, &before, "revenue"),
    );
    let (international, rooms, sold, available) = (
        per_unit(&stays, &now, "international_guests"),
        per_unit(&stays, &now, "rooms"),
        per_unit(&stays, &now, "room_nights_sold"),
        per_unit(&stays, &now, "room_nights_available"),
    );
    let get = |m: &HashMap<String, (f64, u32)>, u: &str| m.get(u).map_or(0.0, |x| x.0);
    // Rooms are a stock: the months' average.
    let mean = |m: &HashMap<String, (f64, u32)>, u: &str| {
        m.get(u)
            .filter(|x| x.1 > 0)
            .map_or(0.0, |x| x.0 / f64::from(x.1))
    };
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
                rooms: mean(&rooms, u).round(),
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
