//! Module 4's demo: the facilities register (the province's hospitals from OpenStreetMap,
//! © OpenStreetMap contributors, ODbL 1.0, plus generated district centres and commune
//! stations, marked synthetic: public counts of beds were not found), monthly services,
//! vaccination, and weekly cases of three reportable diseases from 2019 (five years before
//! the demo's last year, for the endemic channel), with a late dengue season in Châu Đức
//! crossing its threshold. All through the ingestion path, then the indicators.

use super::store::{weeks_of, FACILITIES_DATASET};
use crate::auth::internal;
use crate::seed::{noise, points_inside, DISTRICT_FIGURES, POI_GEOJSON};
use app::error::AppResult;
use app::model::UnitLevel;
use app::modules::datasets::model::DatasetDef;
use app::modules::health::channel::{self, split_week};
use app::modules::health::{CASES_DATASET, DEPARTMENT};
use app::modules::indicators::model::IndicatorDef;
use std::collections::HashMap;

/// The district whose late dengue season crosses its threshold (Châu Đức).
pub const OUTBREAK_DISTRICT: &str = "750";
/// The weeks of the demo's last year in which it does.
const OUTBREAK_WEEKS: std::ops::RangeInclusive<u32> = 44..=52;
const FIRST_YEAR: i32 = 2019;
const LAST_YEAR: i32 = 2024;
/// Monthly figures cover the province demo's years.
const MONTHLY_YEARS: std::ops::RangeInclusive<i32> = 2021..=2024;

fn def<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(v).map_err(internal)
}

/// A facility of the demo register.
struct Fac {
    name: String,
    kind: &'static str,
    level: &'static str,
    unit: String,
    beds: i64,
    lat: f64,
    lon: f64,
    address: String,
    synthetic: bool,
}

async fn facilities<C: crate::db::Conn>(db: &C) -> AppResult<Vec<Fac>> {
    let fc: serde_json::Value = serde_json::from_str(POI_GEOJSON).map_err(internal)?;
    let mut out = Vec::new();
    for f in fc["features"].as_array().into_iter().flatten() {
        let p = &f["properties"];
        if p["category"].as_str() != Some("hospital") {
            continue;
        }
        let c = &f["geometry"]["coordinates"];
        let (Some(lon), Some(lat), Some(name), Some(unit)) = (
            c[0].as_f64(),
            c[1].as_f64(),
            p["name"].as_str(),
            p["district_code"].as_str(),
        ) else {
            continue;
        };
        let centre = name.starts_with("Trung tâm");
        let size = noise(&format!("beds/{name}"));
        out.push(Fac {
            name: name.to_string(),
            kind: if centre {
                "district_centre"
            } else {
                "hospital"
            },
            level: if centre { "district" } else { "province" },
            unit: unit.to_string(),
            beds: if centre {
                80 + (size * 150.0) as i64
            } else {
                150 + (size * 650.0) as i64
            },
            lat,
            lon,
            address: p["address_osm"].as_str().unwrap_or_default().to_string(),
            synthetic: false,
        });
    }
    let as_of = crate::registry::default_as_of(db).await?;
    let districts = crate::registry::units(db, Some(UnitLevel::District), None, &as_of).await?;
    for d in districts {
        let geometry: serde_json::Value = d
            .geometry
            .as_deref()
            .and_then(|g| serde_json::from_str(g).ok())
            .unwrap_or_default();
        let communes =
            crate::registry::units(db, Some(UnitLevel::Commune), Some(&d.code), &as_of).await?;
        let points = points_inside(&geometry, &format!("health/{}", d.code), communes.len() + 1);
        let mut at = points.into_iter();
        if !out
            .iter()
            .any(|f| f.unit == d.code && f.kind == "district_centre")
        {
            if let Some((lat, lon)) = at.next() {
                out.push(Fac {
                    name: format!("Trung tâm Y tế {} (minh hoạ)", d.name_short),
                    kind: "district_centre",
                    level: "district",
                    unit: d.code.clone(),
                    beds: 100 + (noise(&format!("beds/centre/{}", d.code)) * 150.0) as i64,
                    lat,
                    lon,
                    address: String::new(),
                    synthetic: true,
                });
            }
        }
        for c in communes {
            let Some((lat, lon)) = at.next() else { break };
            out.push(Fac {
                name: format!(
                    "Trạm Y tế {} {} (minh hoạ)",
                    c.unit_type.to_lowercase(),
                    c.name_short
                ),
                kind: "commune_station",
                level: "commune",
                unit: d.code.clone(),
                beds: 3 + (noise(&format!("beds/station/{}", c.code)) * 7.0) as i64,
                lat,
                lon,
                address: c.name.clone(),
                synthetic: true,
            });
        }
    }
    Ok(out)
}

fn facilities_csv(facs: &[Fac]) -> AppResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "name",
        "kind",
        "level",
        "district_code",
        "beds",
        "address",
        "lat",
        "lon",
        "synthetic",
    ])
    .map_err(internal)?;
    for f in facs {
        w.write_record([
            f.name.clone(),
            f.kind.to_string(),
            f.level.to_string(),
            f.unit.clone(),
            f.beds.to_string(),
            f.address.clone(),
            f.lat.to_string(),
            f.lon.to_string(),
            f.synthetic.to_string(),
        ])
        .map_err(internal)?;
    }
    String::from_utf8(w.into_inner().map_err(internal)?).map_err(internal)
}

fn population(code: &str) -> f64 {
    DISTRICT_FIGURES
        .iter()
        .find(|d| d.0 == code)
        .map_or(50_000.0, |d| d.1 as f64)
}

/// Monthly services per district: beds of its facilities, bed-days, days occupied,
/// admissions, outpatient visits (2021's lockdown months lower). Also the totals per year
/// (outpatient visits, admissions), for the targets.
fn services_csv(facs: &[Fac]) -> (String, HashMap<i32, (f64, f64)>) {
    let mut csv = String::from(
        "district_code,month,beds,bed_days,inpatient_days,admissions,outpatient_visits\n",
    );
    let mut totals: HashMap<i32, (f64, f64)> = HashMap::new();
    for (code, _, _) in DISTRICT_FIGURES {
        let beds: i64 = facs.iter().filter(|f| f.unit == code).map(|f| f.beds).sum();
        let busy = if matches!(code, "747" | "748") {
            0.9
        } else {
            0.8
        };
        for year in MONTHLY_YEARS {
            for m in 1..=12u32 {
                let key = format!("{code}/{year}-{m:02}");
                let lockdown = if year == 2021 && (7..=9).contains(&m) {
                    0.6
                } else {
                    1.0
                };
                let bed_days = beds * crate::seed::days_in_month(year, m);
                let occupancy = busy * (0.92 + 0.12 * noise(&format!("occ/{key}"))) * lockdown;
                let inpatient = (bed_days as f64 * occupancy).round();
                let admissions = (inpatient / 6.5).round();
                let visits = (population(code)
                    * 0.42
                    * (0.9 + 0.2 * noise(&format!("opd/{key}")))
                    * lockdown)
                    .round();
                let t = totals.entry(year).or_default();
                t.0 += visits;
                t.1 += admissions;
                csv.push_str(&format!(
                    "{code},{year}-{m:02},{beds},{bed_days},{inpatient},{admissions},{visits}\n"
                ));
            }
        }
    }
    (csv, totals)
}

/// Children due for full immunisation (under one) and those fully immunised, by month.
fn vaccination_csv() -> String {
    let mut csv = String::from("district_code,month,cohort,fully_immunised\n");
    for (code, _, _) in DISTRICT_FIGURES {
        for year in MONTHLY_YEARS {
            for m in 1..=12u32 {
                let key = format!("{code}/{year}-{m:02}");
                let cohort =
                    (population(code) * 0.00118 * (0.9 + 0.2 * noise(&format!("coh/{key}"))))
                        .round()
                        .max(1.0);
                let rate =
                    if year == 2021 { 0.9 } else { 0.94 } + 0.05 * noise(&format!("vac/{key}"));
                let done = (cohort * rate).round().min(cohort);
                csv.push_str(&format!("{code},{year}-{m:02},{cohort},{done}\n"));
            }
        }
    }
    csv
}

/// A disease's usual weekly cases per 100,000 people in week `w` (its season).
fn seasonal(disease: &str, w: u32) -> f64 {
    let bump = |centre: f64, width: f64| (-((w as f64 - centre) / width).powi(2)).exp();
    match disease {
        "dengue" => 0.6 + 7.0 * bump(38.0, 9.0),
        "hfmd" => 0.5 + 3.0 * bump(15.0, 5.0) + 3.5 * bump(42.0, 6.0),
        _ => 0.05 + 0.15 * bump(12.0, 6.0),
    }
}

/// Weekly cases and deaths, 2019 to 2024, as `week,unit,disease,cases,deaths` rows.
pub fn cases_csv() -> String {
    let diseases = ["dengue", "hfmd", "measles"];
    // (disease, unit, week) → cases of the years before the last.
    let mut past: HashMap<(&str, &str, u32), Vec<f64>> = HashMap::new();
    let mut csv = String::from("week,unit,disease,cases,deaths\n");
    for year in FIRST_YEAR..=LAST_YEAR {
        let year_factor = |d: &str| match (d, year) {
            // Vietnam's 2019 measles and 2022 dengue epidemics.
            ("measles", 2019) => 6.0,
            ("dengue", 2022) => 1.8,
            _ => 0.7 + 0.6 * noise(&format!("yf/{d}/{year}")),
        };
        for week in weeks_of(year) {
            let Some((_, w)) = split_week(&week) else {
                continue;
            };
            for d in diseases {
                for (code, _, _) in DISTRICT_FIGURES {
                    let key = format!("{d}/{code}/{week}");
                    let expected = population(code) / 100_000.0 * seasonal(d, w) * year_factor(d);
                    let mut cases = (expected * (0.8 + 0.4 * noise(&key))).round();
                    let history = past.entry((d, code, w)).or_default();
                    if year == LAST_YEAR {
                        // A quiet year, never above the channel, but Châu Đức's late dengue.
                        let lowest = history.iter().copied().fold(f64::MAX, f64::min);
                        cases = cases.min(lowest);
                        if d == "dengue" && code == OUTBREAK_DISTRICT && OUTBREAK_WEEKS.contains(&w)
                        {
                            let q3 = channel::channel(history).map_or(0.0, |c| c.threshold);
                            cases = (q3 * 1.6).ceil() + 3.0;
                        }
                    } else {
                        history.push(cases);
                    }
                    let deaths = if d == "dengue" && noise(&format!("death/{key}")) < cases * 0.0015
                    {
                        1
                    } else {
                        0
                    };
                    csv.push_str(&format!("{week},{code},{d},{cases},{deaths}\n"));
                }
            }
        }
    }
    csv
}

fn yearly(values: &[(i32, f64)]) -> serde_json::Value {
    values
        .iter()
        .map(|(year, value)| serde_json::json!({ "year": year, "value": value }))
        .collect()
}

fn indicators(totals: &HashMap<i32, (f64, f64)>) -> AppResult<Vec<IndicatorDef>> {
    // Targets set a little under what each year brought (visits) and a little over
    // (admissions, so one tile asks for attention), rounded as plans are.
    let targets = |pick: fn(&(f64, f64)) -> f64, factor: f64| {
        let mut v: Vec<(i32, f64)> = totals
            .iter()
            .map(|(y, t)| (*y, (pick(t) * factor / 1000.0).round() * 1000.0))
            .collect();
        v.sort_by_key(|x| x.0);
        yearly(&v)
    };
    let rates = |value: f64| yearly(&MONTHLY_YEARS.map(|y| (y, value)).collect::<Vec<_>>());
    Ok(vec![
        def(serde_json::json!({
            "code": "outpatient-visits", "title": "Lượt khám ngoại trú",
            "title_en": "Outpatient visits", "unit": "lượt",
            "direction": "higher", "periodicity": "month", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "sum", "dataset": "health-services-monthly", "field": "outpatient_visits"},
            "targets": targets(|t| t.0, 0.98)}))?,
        def(serde_json::json!({
            "code": "inpatient-admissions", "title": "Lượt điều trị nội trú",
            "title_en": "Inpatient admissions", "unit": "lượt",
            "direction": "higher", "periodicity": "month", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "sum", "dataset": "health-services-monthly", "field": "admissions"},
            "targets": targets(|t| t.1, 1.04)}))?,
        def(serde_json::json!({
            "code": "bed-occupancy", "title": "Công suất sử dụng giường bệnh",
            "title_en": "Bed occupancy", "unit": "%", "decimals": 1,
            "description": "Ngày điều trị nội trú ÷ ngày giường kế hoạch × 100; trên 90% là quá tải.",
            "direction": "lower", "periodicity": "month", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "ratio", "dataset": "health-services-monthly",
                        "field": "inpatient_days", "denominator": "bed_days", "factor": 100},
            "targets": rates(90.0), "thresholds": {"green": 100, "amber": 95}}))?,
        def(serde_json::json!({
            "code": "vaccination-coverage", "title": "Tỷ lệ trẻ dưới 1 tuổi tiêm chủng đầy đủ",
            "title_en": "Children under one fully immunised", "unit": "%", "decimals": 1,
            "direction": "higher", "periodicity": "month", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "ratio", "dataset": "vaccination-monthly",
                        "field": "fully_immunised", "denominator": "cohort", "factor": 100},
            "targets": rates(95.0), "thresholds": {"green": 100, "amber": 98}}))?,
    ])
}

/// The module's datasets, loaded through ingestion, then its indicators.
pub async fn seed<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    let facs = facilities(db).await?;
    let (services, totals) = services_csv(&facs);
    let register: DatasetDef = def(serde_json::json!({
        "code": FACILITIES_DATASET, "title": "Cơ sở y tế",
        "title_en": "Health facilities",
        "description": "Bệnh viện theo OpenStreetMap (© OpenStreetMap contributors, ODbL 1.0); trung tâm y tế huyện và trạm y tế xã đánh dấu minh hoạ (synthetic = true). Số giường là số liệu minh hoạ.",
        "frequency": "yearly", "public": true, "licence": "ODbL 1.0",
        "tags": ["y tế", "bệnh viện", "bản đồ"],
        "fields": [
            {"name": "name", "type": "text", "required": true, "title": "Tên", "title_en": "Name"},
            {"name": "kind", "type": "enum", "values": ["hospital", "district_centre", "commune_station"], "required": true, "title": "Loại", "title_en": "Type"},
            {"name": "level", "type": "enum", "values": ["province", "district", "commune"], "required": true, "title": "Tuyến", "title_en": "Level"},
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "beds", "type": "integer", "min": 0, "unit": "giường", "title": "Số giường", "title_en": "Beds"},
            {"name": "address", "type": "text", "title": "Địa chỉ", "title_en": "Address"},
            {"name": "lat", "type": "lat", "required": true, "title": "Vĩ độ", "title_en": "Latitude"},
            {"name": "lon", "type": "long", "required": true, "title": "Kinh độ", "title_en": "Longitude"},
            {"name": "synthetic", "type": "boolean", "title": "Minh hoạ", "title_en": "Illustrative"}],
        "key": ["name"]}))?;
    let monthly: DatasetDef = def(serde_json::json!({
        "code": "health-services-monthly", "title": "Giường bệnh và lượt khám chữa bệnh theo tháng (demo)",
        "title_en": "Beds and hospital activity by month (demo)", "frequency": "monthly", "public": true,
        "licence": "CC BY 4.0", "tags": ["y tế", "demo"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "beds", "type": "integer", "min": 0, "required": true, "unit": "giường", "title": "Giường bệnh", "title_en": "Beds"},
            {"name": "bed_days", "type": "integer", "min": 0, "required": true, "unit": "ngày giường", "title": "Ngày giường kế hoạch", "title_en": "Planned bed-days"},
            {"name": "inpatient_days", "type": "integer", "min": 0, "required": true, "unit": "ngày", "title": "Ngày điều trị nội trú", "title_en": "Inpatient days"},
            {"name": "admissions", "type": "integer", "min": 0, "unit": "lượt", "title": "Lượt điều trị nội trú", "title_en": "Inpatient admissions"},
            {"name": "outpatient_visits", "type": "integer", "min": 0, "unit": "lượt", "title": "Lượt khám ngoại trú", "title_en": "Outpatient visits"}],
        "key": ["district_code", "month"]}))?;
    let vaccination: DatasetDef = def(serde_json::json!({
        "code": "vaccination-monthly", "title": "Tiêm chủng mở rộng trẻ dưới 1 tuổi theo tháng (demo)",
        "title_en": "Immunisation of children under one by month (demo)", "frequency": "monthly", "public": true,
        "licence": "CC BY 4.0", "tags": ["y tế", "tiêm chủng", "demo"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "cohort", "type": "integer", "min": 0, "required": true, "unit": "trẻ", "title": "Trẻ trong diện tiêm", "title_en": "Children due"},
            {"name": "fully_immunised", "type": "integer", "min": 0, "required": true, "unit": "trẻ", "title": "Trẻ tiêm đủ mũi", "title_en": "Fully immunised"}],
        "key": ["district_code", "month"]}))?;
    let cases: DatasetDef = def(serde_json::json!({
        "code": CASES_DATASET, "title": "Ca mắc bệnh truyền nhiễm theo tuần (demo)",
        "title_en": "Reportable disease cases by week (demo)", "frequency": "weekly", "public": true,
        "licence": "CC BY 4.0", "tags": ["y tế", "dịch bệnh", "demo"],
        "description": "Số ca mắc và tử vong theo tuần ISO (YYYY-Www), huyện và bệnh; số liệu tổng hợp, không có thông tin người bệnh.",
        "fields": [
            {"name": "week", "type": "period", "required": true, "title": "Tuần", "title_en": "Week"},
            {"name": "unit", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "disease", "type": "text", "required": true, "title": "Bệnh", "title_en": "Disease"},
            {"name": "cases", "type": "integer", "min": 0, "required": true, "unit": "ca", "title": "Số ca mắc", "title_en": "Cases"},
            {"name": "deaths", "type": "integer", "min": 0, "unit": "ca", "title": "Tử vong", "title_en": "Deaths"}],
        "key": ["week", "unit", "disease"]}))?;
    crate::modules::datasets::demo::load_all(
        db,
        DEPARTMENT,
        vec![
            (register, facilities_csv(&facs)?),
            (monthly, services),
            (vaccination, vaccination_csv()),
            (cases, cases_csv()),
        ],
    )
    .await?;
    crate::modules::indicators::store::seed(db, indicators(&totals)?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chau_duc_dengue_crosses_in_the_last_year() {
        let csv = cases_csv();
        let rows: Vec<(String, String, i32, u32, f64, f64)> = csv
            .lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split(',').collect();
                let (y, w) = split_week(c[0]).unwrap();
                (
                    c[2].into(),
                    c[1].into(),
                    y,
                    w,
                    c[3].parse().unwrap(),
                    c[4].parse().unwrap(),
                )
            })
            .collect();
        let weeks = weeks_of(LAST_YEAR);
        let s = super::super::store::surveillance(&rows, LAST_YEAR, &weeks);
        let crossing: Vec<(String, Option<String>)> = s
            .iter()
            .filter(|d| d.unit.is_some() && !d.above.is_empty())
            .map(|d| (d.disease.clone(), d.unit.clone()))
            .collect();
        assert_eq!(
            crossing,
            [("dengue".to_string(), Some(OUTBREAK_DISTRICT.to_string()))]
        );
        let cd = s
            .iter()
            .find(|d| d.disease == "dengue" && d.unit.as_deref() == Some(OUTBREAK_DISTRICT))
            .unwrap();
        assert_eq!(cd.above, (43..52).collect::<Vec<usize>>());
    }
}
