//! The demo datasets, loaded through the real ingestion path so the data page has
//! something to rank: tourism complete, the office's documents with gaps and one refused
//! row, and air quality. (The hospitals' register is module 4's.)

use super::{parse, store};
use crate::auth::internal;
use crate::db::entity::metric_observation;
use crate::modules::overview::store as metrics;
use crate::seed::{apportion, noise, observation_rows, DISTRICT_FIGURES};
use app::error::AppResult;

/// The three demo datasets, defined and loaded, unless the first of them exists already
/// (a database seeded before the datasets had a demo seed of their own).
pub async fn seed<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    match store::find(db, "tourism-monthly").await {
        Ok(_) => return Ok(()),
        Err(app::error::AppError::NotFound(_)) => {}
        Err(e) => return Err(e),
    }
    let define = |json: serde_json::Value| -> AppResult<app::modules::datasets::model::DatasetDef> {
        serde_json::from_value(json).map_err(internal)
    };
    let tourism = define(serde_json::json!({
        "code": "tourism-monthly", "title": "Lượt khách du lịch theo tháng (demo)",
        "title_en": "Tourist visits by month (demo)", "frequency": "monthly", "public": true,
        "description": "Lượt khách, khách lưu trú qua đêm và doanh thu du lịch của từng huyện, thị xã, thành phố theo tháng.",
        "licence": "CC BY 4.0", "tags": ["du lịch", "demo"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "visitors", "type": "integer", "min": 0, "required": true, "unit": "lượt", "title": "Lượt khách", "title_en": "Visits"},
            {"name": "overnight", "type": "integer", "min": 0, "unit": "lượt", "title": "Lượt khách lưu trú", "title_en": "Overnight stays"},
            {"name": "revenue", "type": "decimal", "min": 0, "unit": "tỷ đồng", "title": "Doanh thu du lịch", "title_en": "Tourism revenue"}],
        "key": ["district_code", "month"]}))?;
    let documents = define(serde_json::json!({
        "code": "documents-monthly", "title": "Văn bản điện tử đến và đi theo tháng (demo)",
        "title_en": "Electronic official documents by month (demo)", "frequency": "monthly", "public": false,
        "description": "Văn bản đến, văn bản đi và văn bản đến quá hạn xử lý trên hệ thống quản lý văn bản và điều hành của từng huyện, thị xã, thành phố.",
        "tags": ["văn bản điện tử", "demo"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "incoming", "type": "integer", "min": 0, "required": true, "unit": "văn bản", "title": "Văn bản đến", "title_en": "Documents received"},
            {"name": "outgoing", "type": "integer", "min": 0, "unit": "văn bản", "title": "Văn bản đi", "title_en": "Documents sent"},
            {"name": "overdue", "type": "integer", "min": 0, "unit": "văn bản", "title": "Văn bản đến quá hạn", "title_en": "Documents overdue"}],
        "key": ["district_code", "month"]}))?;
    let rows = observation_rows();
    let value = |metric: &str, unit: &str, period: &str| -> f64 {
        rows.iter()
            .find(|r| {
                r.metric.as_ref() == metric
                    && r.unit_code.as_ref() == unit
                    && r.period.as_ref() == period
            })
            .map(|r| *r.value.as_ref())
            .unwrap_or_default()
    };
    let mut periods: Vec<String> = rows.iter().map(|r| r.period.as_ref().clone()).collect();
    periods.sort();
    periods.dedup();

    let mut csv = String::from("district_code,month,visitors,overnight,revenue\n");
    let tourism_extra = tourism_extras(&rows, &periods);
    let mut dcsv = String::from("district_code,month,incoming,outgoing,overdue\n");
    for (code, _, _) in DISTRICT_FIGURES {
        for p in &periods {
            let (overnight, revenue) = tourism_extra[&(code.to_string(), p.clone())];
            csv.push_str(&format!(
                "{code},{p},{},{overnight},{revenue}\n",
                value(metrics::VISITORS, code, p)
            ));
            // Côn Đảo's office has not sent its 2024 figures: the data page shows the gap.
            if code == "755" && p.starts_with("2024") {
                continue;
            }
            let (incoming, outgoing, overdue) = documents_of(code, p);
            dcsv.push_str(&format!("{code},{p},{incoming},{outgoing},{overdue}\n"));
        }
    }
    // One mistyped row, refused and reported, as real uploads have.
    dcsv.push_str("753,2024-13,100,98,2\n");
    let (air, air_csv) = air_quality_dataset(&periods)?;
    for (def, dept, body, partial) in [
        (tourism, "SDL", csv, false),
        (documents, "VPUBND", dcsv, true),
        (air, "STNMT", air_csv, false),
    ] {
        load(db, dept, def, &body, partial).await?;
    }
    Ok(())
}

/// Defines a demo dataset for its department and loads a CSV through the ingestion path,
/// A department's demo datasets, each defined and loaded whole.
pub async fn load_all<C: crate::db::Conn>(
    db: &C,
    department: &str,
    sets: Vec<(app::modules::datasets::model::DatasetDef, String)>,
) -> AppResult<()> {
    for (def, csv) in sets {
        load(db, department, def, &csv, false).await?;
    }
    Ok(())
}

/// as a department's system would (`partial`: keep the valid rows of a file with errors).
pub async fn load<C: crate::db::Conn>(
    db: &C,
    department: &str,
    def: app::modules::datasets::model::DatasetDef,
    csv: &str,
    partial: bool,
) -> AppResult<()> {
    let (model, _) = store::define(db, "seed", department, def.clone()).await?;
    let parsed = parse::csv(csv.as_bytes(), &def);
    let req = store::IngestRequest {
        actor: "seed",
        source: "demo",
        partial,
        idempotency_key: None,
        writer: None,
    };
    store::ingest(db, &model, parsed, req).await?;
    Ok(())
}

/// A district office's documents in a month: incoming in proportion to its people, about
/// two thirds as many sent, a few percent answered late (demo figures).
fn documents_of(code: &str, period: &str) -> (i64, i64, i64) {
    let population = DISTRICT_FIGURES
        .iter()
        .find(|d| d.0 == code)
        .map_or(50_000, |d| d.1);
    let key = format!("{code}/{period}");
    let incoming =
        (population as f64 * 0.004 * (0.85 + 0.3 * noise(&format!("docs-in/{key}")))).round();
    let outgoing = (incoming * (0.55 + 0.2 * noise(&format!("docs-out/{key}")))).round();
    let overdue = (incoming * 0.04 * noise(&format!("docs-late/{key}"))).round();
    (incoming as i64, outgoing as i64, overdue as i64)
}

/// Monthly air quality per district for the open-data portal (demo figures: a dry-season
/// peak from December to April, the industrial Phú Mỹ and Vũng Tàu higher).
fn air_quality_dataset(
    periods: &[String],
) -> AppResult<(app::modules::datasets::model::DatasetDef, String)> {
    let def = serde_json::from_value(serde_json::json!({
        "code": "air-quality-monthly",
        "title": "Chất lượng không khí và ô nhiễm bụi mịn theo tháng (demo)",
        "title_en": "Air quality and fine-dust pollution by month (demo)",
        "description": "VN_AQI trung bình, nồng độ PM2.5 trung bình (µg/m³) và số ngày ô nhiễm (VN_AQI trên 100) của từng huyện, thị xã, thành phố. Số liệu minh hoạ.",
        "frequency": "monthly", "public": true, "licence": "CC BY 4.0",
        "tags": ["môi trường", "ô nhiễm không khí", "demo"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "aqi_mean", "type": "decimal", "min": 0, "max": 500, "title": "VN_AQI trung bình", "title_en": "Mean VN_AQI", "combine": "mean"},
            {"name": "pm25_mean", "type": "decimal", "min": 0, "unit": "µg/m³", "title": "PM2.5 trung bình", "title_en": "Mean PM2.5", "combine": "mean"},
            {"name": "polluted_days", "type": "integer", "min": 0, "max": 31, "unit": "ngày", "title": "Số ngày ô nhiễm", "title_en": "Polluted days"}],
        "key": ["district_code", "month"]}))
    .map_err(internal)?;
    let mut csv = String::from("district_code,month,aqi_mean,pm25_mean,polluted_days\n");
    for (i, (code, _, _)) in DISTRICT_FIGURES.iter().enumerate() {
        let base = match *code {
            "754" => 78.0,
            "747" => 66.0,
            "755" => 28.0,
            _ => 52.0,
        };
        for p in periods {
            let month: u32 = p[5..].parse().unwrap_or(1);
            let dry = matches!(month, 12 | 1 | 2 | 3 | 4);
            let wobble = ((i as u32 * 7 + month * 13) % 11) as f64 - 5.0;
            let aqi = base + if dry { 24.0 } else { 0.0 } + wobble;
            let pm25 = (aqi * 0.42 * 10.0).round() / 10.0;
            let days = ((aqi - 85.0).max(0.0) / 3.0).round() as u32;
            csv.push_str(&format!("{code},{p},{aqi:.1},{pm25},{}\n", days.min(28)));
        }
    }
    Ok((def, csv))
}

/// Overnight guests and tourism revenue per year: 2023 as published, 2024's overnight
/// guests as published, the rest demo estimates.
const TOURISM_PER_YEAR: [(i32, f64, f64); 4] = [
    (2021, 1_700_000.0, 4_900.0),
    (2022, 3_800_000.0, 11_800.0),
    (2023, 4_350_000.0, 14_678.0),
    (2024, 4_965_000.0, 17_200.0),
];

/// Overnight guests and revenue (bn VND) per (district, month), spread like the visitors.
fn tourism_extras(
    rows: &[metric_observation::ActiveModel],
    periods: &[String],
) -> std::collections::HashMap<(String, String), (f64, f64)> {
    let mut out = std::collections::HashMap::new();
    for (year, overnight, revenue) in TOURISM_PER_YEAR {
        let cells: Vec<(String, String, f64)> = rows
            .iter()
            .filter(|r| {
                r.metric.as_ref() == metrics::VISITORS
                    && r.period.as_ref().starts_with(&year.to_string())
                    && periods.contains(r.period.as_ref())
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
        let o = apportion(overnight, &weights);
        let v = apportion(revenue, &weights);
        for (i, (unit, period, _)) in cells.into_iter().enumerate() {
            out.insert((unit, period), (o[i], v[i]));
        }
    }
    out
}
