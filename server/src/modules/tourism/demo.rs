//! Module 6's demo: rooms, room nights and international guests by district and month
//! (international guests adding up to the published 200,000 in 2023 and 260,000 in 2024),
//! well-known attractions at approximate positions and generated accommodation (marked
//! synthetic), and the indicators the visitors' dataset did not have yet. The visitors,
//! overnight guests and revenue are the data platform's `tourism-monthly` (its demo).

use crate::auth::internal;
use crate::db::entity::metric_observation;
use crate::modules::overview::store as metrics;
use crate::seed::{apportion, noise, observation_rows, points_inside, DISTRICT_FIGURES};
use app::error::AppResult;
use app::model::UnitLevel;
use app::modules::datasets::model::DatasetDef;
use app::modules::indicators::model::IndicatorDef;
use app::modules::tourism::{DEPARTMENT, PLACES_DATASET, ROOMS_DATASET};

/// International overnight guests per year: 2023 and 2024 as published, the rest demo.
pub const INTERNATIONAL: [(i32, f64); 4] = [
    (2021, 20_000.0),
    (2022, 90_000.0),
    (2023, 200_000.0),
    (2024, 260_000.0),
];

/// Share of the province's rooms per district, in `DISTRICT_FIGURES` order (Vũng Tàu and
/// the Long Hải – Hồ Tràm coast hold most).
const ROOM_SHARE: [f64; 8] = [0.58, 0.05, 0.02, 0.14, 0.10, 0.05, 0.03, 0.03];
const ROOMS: f64 = 19_500.0;

/// Well-known attractions, positions approximate: (name, district, lat, lon).
const ATTRACTIONS: [(&str, &str, f64, f64); 14] = [
    ("Tượng Chúa Kitô Vua", "747", 10.3267, 107.0848),
    ("Hải đăng Vũng Tàu", "747", 10.3337, 107.0779),
    ("Bạch Dinh", "747", 10.3474, 107.0689),
    ("Bãi Sau", "747", 10.3459, 107.0957),
    ("Địa đạo Long Phước", "748", 10.4960, 107.2010),
    ("Dinh Cô Long Hải", "752", 10.3840, 107.2430),
    ("Bãi biển Long Hải", "752", 10.3920, 107.2330),
    ("Khu di tích Minh Đạm", "753", 10.4360, 107.2900),
    ("Bãi biển Lộc An", "753", 10.4050, 107.3450),
    ("Suối nước nóng Bình Châu", "751", 10.5790, 107.5480),
    ("Biển Hồ Tràm", "751", 10.4780, 107.4140),
    ("Nhà tù Côn Đảo", "755", 8.6830, 106.6080),
    ("Nghĩa trang Hàng Dương", "755", 8.6800, 106.6200),
    ("Vườn quốc gia Côn Đảo", "755", 8.7000, 106.6000),
];

fn def<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(v).map_err(internal)
}

/// Rooms, room nights and international guests per district and month, the guests
/// spread like the visitors so each year adds up to its total.
pub fn rooms_csv(rows: &[metric_observation::ActiveModel]) -> String {
    let mut csv = String::from(
        "district_code,month,rooms,room_nights_available,room_nights_sold,international_guests\n",
    );
    for (year, international) in INTERNATIONAL {
        let cells: Vec<(String, String, f64)> = rows
            .iter()
            .filter(|r| {
                r.metric.as_ref() == metrics::VISITORS
                    && r.period.as_ref().starts_with(&year.to_string())
                    && r.period.as_ref().len() == 7
            })
            .map(|r| {
                (
                    r.unit_code.as_ref().clone(),
                    r.period.as_ref().clone(),
                    *r.value.as_ref(),
                )
            })
            .collect();
        let weights: Vec<f64> = cells.iter().map(|c| c.2.max(1.0)).collect();
        let guests = apportion(international, &weights);
        for ((unit, period, visitors), guests) in cells.into_iter().zip(guests) {
            let share = DISTRICT_FIGURES
                .iter()
                .position(|d| d.0 == unit)
                .map_or(0.01, |i| ROOM_SHARE[i]);
            let month: u32 = period.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
            let growth = 1.0 + 0.04 * f64::from(year - 2021);
            let rooms = (ROOMS * share * growth).round();
            let available = rooms * crate::seed::days_in_month(year, month) as f64;
            // Busy months fill the rooms: occupancy follows the visitors against the
            // district's mean month.
            let occ = (0.35
                + 0.25 * noise(&format!("occ/{unit}/{period}"))
                + (visitors / (rooms * 40.0).max(1.0)).min(0.3))
            .min(0.92);
            let sold = (available * occ).round();
            csv.push_str(&format!(
                "{unit},{period},{rooms},{available},{sold},{guests}\n"
            ));
        }
    }
    csv
}

async fn places_csv<C: crate::db::Conn>(db: &C) -> AppResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "name",
        "kind",
        "district_code",
        "rooms",
        "stars",
        "lat",
        "lon",
        "synthetic",
    ])
    .map_err(internal)?;
    for (name, unit, lat, lon) in ATTRACTIONS {
        w.write_record([
            name,
            "attraction",
            unit,
            "",
            "",
            &lat.to_string(),
            &lon.to_string(),
            "false",
        ])
        .map_err(internal)?;
    }
    let as_of = crate::registry::default_as_of(db).await?;
    for d in crate::registry::units(db, Some(UnitLevel::District), None, &as_of).await? {
        let share = DISTRICT_FIGURES
            .iter()
            .position(|x| x.0 == d.code)
            .map_or(0.01, |i| ROOM_SHARE[i]);
        let n = 2 + (share * 30.0).round() as usize;
        let geometry: serde_json::Value = d
            .geometry
            .as_deref()
            .and_then(|g| serde_json::from_str(g).ok())
            .unwrap_or_default();
        for (i, (lat, lon)) in points_inside(&geometry, &format!("hotel/{}", d.code), n)
            .into_iter()
            .enumerate()
        {
            let key = format!("hotel/{}/{i}", d.code);
            let stars = 1 + (noise(&format!("{key}/stars")) * 5.0) as i64;
            let rooms = 15 + (noise(&format!("{key}/rooms")) * 40.0 * stars as f64) as i64;
            w.write_record([
                format!("Khách sạn {} số {} (minh hoạ)", d.name_short, i + 1),
                "accommodation".into(),
                d.code.clone(),
                rooms.to_string(),
                stars.min(5).to_string(),
                lat.to_string(),
                lon.to_string(),
                "true".into(),
            ])
            .map_err(internal)?;
        }
    }
    String::from_utf8(w.into_inner().map_err(internal)?).map_err(internal)
}

fn indicators() -> AppResult<Vec<IndicatorDef>> {
    Ok(vec![
        def(serde_json::json!({
            "code": "international-guests", "title": "Khách quốc tế lưu trú",
            "title_en": "International overnight guests", "unit": "lượt",
            "direction": "higher", "periodicity": "month", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "sum", "dataset": ROOMS_DATASET, "field": "international_guests"},
            "targets": [{"year": 2021, "value": 50_000}, {"year": 2022, "value": 80_000},
                        {"year": 2023, "value": 180_000}, {"year": 2024, "value": 250_000}]}))?,
        def(serde_json::json!({
            "code": "room-occupancy", "title": "Công suất sử dụng phòng lưu trú",
            "title_en": "Room occupancy", "unit": "%", "decimals": 1,
            "direction": "higher", "periodicity": "month", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "ratio", "dataset": ROOMS_DATASET,
                        "field": "room_nights_sold", "denominator": "room_nights_available", "factor": 100},
            "targets": [{"year": 2021, "value": 40}, {"year": 2022, "value": 55},
                        {"year": 2023, "value": 60}, {"year": 2024, "value": 62}]}))?,
    ])
}

/// The rooms and places datasets through ingestion, then the indicators.
pub async fn seed<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    let rooms: DatasetDef = def(serde_json::json!({
        "code": ROOMS_DATASET, "title": "Phòng lưu trú và khách quốc tế theo tháng (demo)",
        "title_en": "Rooms and international guests by month (demo)", "frequency": "monthly", "public": true,
        "licence": "CC BY 4.0", "tags": ["du lịch", "lưu trú", "demo"],
        "description": "Số phòng, đêm phòng sẵn có và đã bán, khách quốc tế lưu trú của các cơ sở lưu trú theo huyện và tháng. Khách quốc tế 2023 và 2024 khớp số liệu công bố.",
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "rooms", "type": "integer", "min": 0, "required": true, "unit": "phòng", "title": "Số phòng", "title_en": "Rooms"},
            {"name": "room_nights_available", "type": "integer", "min": 0, "required": true, "unit": "đêm phòng", "title": "Đêm phòng sẵn có", "title_en": "Room-nights available"},
            {"name": "room_nights_sold", "type": "integer", "min": 0, "required": true, "unit": "đêm phòng", "title": "Đêm phòng đã bán", "title_en": "Room-nights sold"},
            {"name": "international_guests", "type": "integer", "min": 0, "unit": "lượt", "title": "Khách quốc tế lưu trú", "title_en": "International guests"}],
        "key": ["district_code", "month"]}))?;
    let places: DatasetDef = def(serde_json::json!({
        "code": PLACES_DATASET, "title": "Cơ sở lưu trú và điểm du lịch",
        "title_en": "Accommodation and attractions",
        "description": "Điểm du lịch tiêu biểu (vị trí gần đúng) và cơ sở lưu trú minh hoạ (synthetic = true).",
        "frequency": "yearly", "public": true, "licence": "CC BY 4.0",
        "tags": ["du lịch", "lưu trú"],
        "fields": [
            {"name": "name", "type": "text", "required": true, "title": "Tên", "title_en": "Name"},
            {"name": "kind", "type": "enum", "values": ["accommodation", "attraction"], "required": true, "title": "Loại", "title_en": "Type"},
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "rooms", "type": "integer", "min": 0, "unit": "phòng", "title": "Số phòng", "title_en": "Rooms"},
            {"name": "stars", "type": "integer", "min": 1, "max": 5, "title": "Hạng sao", "title_en": "Stars", "combine": "mean"},
            {"name": "lat", "type": "lat", "required": true, "title": "Vĩ độ", "title_en": "Latitude"},
            {"name": "lon", "type": "long", "required": true, "title": "Kinh độ", "title_en": "Longitude"},
            {"name": "synthetic", "type": "boolean", "title": "Minh hoạ", "title_en": "Illustrative"}],
        "key": ["name"]}))?;
    crate::modules::datasets::demo::load_all(
        db,
        DEPARTMENT,
        vec![
            (rooms, rooms_csv(&observation_rows())),
            (places, places_csv(db).await?),
        ],
    )
    .await?;
    crate::modules::indicators::store::seed(db, indicators()?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_guests_add_up_to_the_published_years() {
        let csv = rooms_csv(&observation_rows());
        for (year, total) in INTERNATIONAL {
            let sum: f64 = csv
                .lines()
                .skip(1)
                .filter(|l| {
                    l.split(',')
                        .nth(1)
                        .is_some_and(|p| p.starts_with(&year.to_string()))
                })
                .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
                .sum();
            assert_eq!(sum, total, "{year}");
        }
    }
}
