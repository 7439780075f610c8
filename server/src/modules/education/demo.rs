//! Module 5's demo: a generated register of the province's 463 schools (marked synthetic;
//! names and positions are not real) whose 2024–2025 school year adds up exactly to the
//! published counts (schools, pupils and classes per level, the preschool's nursery and
//! kindergarten apart), the two years before a little smaller, and each upper-secondary
//! school's graduation exam. All through the ingestion path, then the indicators.

use crate::auth::internal;
use crate::seed::{apportion, noise, points_inside, DISTRICT_FIGURES};
use app::error::AppResult;
use app::model::UnitLevel;
use app::modules::datasets::model::DatasetDef;
use app::modules::education::{DEPARTMENT, EXAM_DATASET, PASS_RATE, SCHOOLS_DATASET};
use app::modules::indicators::model::IndicatorDef;
use std::collections::HashMap;

/// The published school year (starting year).
pub const FACTS_YEAR: i32 = 2024;
/// The school years of the demo, and how their pupils compare with the published one.
const YEARS: [(i32, f64); 3] = [(2022, 0.97), (2023, 0.985), (FACTS_YEAR, 1.0)];

/// 2024–2025 (province facts): per level, schools, classes and pupils; the preschool's
/// nursery groups apart (classes, pupils).
pub const SCHOOLS: [(&str, i64); 4] = [
    ("preschool", 195),
    ("primary", 139),
    ("lower_secondary", 91),
    ("upper_secondary", 38),
];
pub const NURSERY: (i64, i64) = (581, 12_988);
pub const KINDERGARTEN: (i64, i64) = (1_928, 55_419);
pub const CLASSES_PUPILS: [(&str, i64, i64); 3] = [
    ("primary", 3_164, 113_168),
    ("lower_secondary", 2_118, 86_297),
    ("upper_secondary", 1_012, 39_948),
];

fn def<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(v).map_err(internal)
}

/// `n` split over the weights, at least `floor` each (as whole numbers adding up to `n`).
fn spread(n: i64, weights: &[f64], floor: i64) -> Vec<i64> {
    let base = floor * weights.len() as i64;
    apportion((n - base).max(0) as f64, weights)
        .into_iter()
        .map(|v| v as i64 + floor)
        .collect()
}

#[derive(Debug, Clone)]
struct Row {
    code: String,
    level: &'static str,
    unit: &'static str,
    classes: i64,
    pupils: i64,
    nursery: (i64, i64),
    teachers: i64,
    entrants: i64,
    dropouts: i64,
}

/// Each school of a level with its district and weight (the same every year).
fn schools_of(level: &'static str, count: i64) -> Vec<(&'static str, String, f64)> {
    let pops: Vec<f64> = DISTRICT_FIGURES.iter().map(|d| d.1 as f64).collect();
    // Every district has at least one school of each level (Côn Đảo too).
    let per = spread(count, &pops, 1);
    let prefix = match level {
        "preschool" => "MN",
        "primary" => "TH",
        "lower_secondary" => "THCS",
        _ => "THPT",
    };
    let mut out = Vec::new();
    for ((code, _, _), n) in DISTRICT_FIGURES.iter().zip(per) {
        for i in 1..=n {
            let id = format!("{prefix}-{code}-{i:02}");
            let w = 0.6 + 0.8 * noise(&format!("school/{id}"));
            out.push((*code, id, w));
        }
    }
    out
}

/// A school year's register: classes and pupils spread over the schools so that every
/// level adds up to the year's totals.
fn year_rows(year: i32, factor: f64) -> Vec<Row> {
    let scale = |v: i64| (v as f64 * factor).round() as i64;
    let mut out = Vec::new();
    for (level, count) in SCHOOLS {
        let schools = schools_of(level, count);
        let weights: Vec<f64> = schools.iter().map(|s| s.2).collect();
        let (classes, pupils, nursery): (Vec<i64>, Vec<i64>, Vec<(i64, i64)>) =
            if level == "preschool" {
                let kc = spread(scale(KINDERGARTEN.0), &weights, 1);
                let kp = spread(
                    scale(KINDERGARTEN.1),
                    &kc.iter().map(|c| *c as f64).collect::<Vec<_>>(),
                    0,
                );
                let nc = spread(scale(NURSERY.0), &weights, 0);
                let np = spread(
                    scale(NURSERY.1),
                    &nc.iter().map(|c| *c as f64).collect::<Vec<_>>(),
                    0,
                );
                (
                    kc.iter().zip(&nc).map(|(a, b)| a + b).collect(),
                    kp.iter().zip(&np).map(|(a, b)| a + b).collect(),
                    nc.into_iter().zip(np).collect(),
                )
            } else {
                let (_, c, p) = CLASSES_PUPILS
                    .iter()
                    .find(|x| x.0 == level)
                    .copied()
                    .unwrap_or_default();
                let classes = spread(scale(c), &weights, 1);
                let cw: Vec<f64> = classes.iter().map(|c| *c as f64).collect();
                let pupils = spread(scale(p), &cw, 0);
                (classes, pupils, vec![(0, 0); schools.len()])
            };
        let (entry_share, drop_rate, teach) = match level {
            "preschool" => (0.33, 0.0, 2.25),
            "primary" => (0.2, 0.0005, 1.5),
            "lower_secondary" => (0.25, 0.004, 1.9),
            _ => (0.33, 0.012, 2.25),
        };
        for (i, (unit, code, _)) in schools.into_iter().enumerate() {
            let key = format!("{code}/{year}");
            let p = pupils[i] as f64;
            out.push(Row {
                code,
                level,
                unit,
                classes: classes[i],
                pupils: pupils[i],
                nursery: nursery[i],
                teachers: (classes[i] as f64 * teach * (0.92 + 0.13 * noise(&format!("gv/{key}"))))
                    .round() as i64,
                entrants: (p * entry_share * (0.95 + 0.1 * noise(&format!("in/{key}")))).round()
                    as i64,
                dropouts: (p * drop_rate * 2.0 * noise(&format!("out/{key}"))).round() as i64,
            });
        }
    }
    out
}

/// "Trường THPT số 01 (minh hoạ), Châu Đức": the demo's schools are not real ones.
fn school_name(code: &str, level: &str, district: &str) -> String {
    let kind = match level {
        "preschool" => "Mầm non",
        "primary" => "Tiểu học",
        "lower_secondary" => "THCS",
        _ => "THPT",
    };
    let n = code.rsplit('-').next().unwrap_or_default();
    format!("Trường {kind} số {n} (minh hoạ), {district}")
}

fn schools_csv(
    names: &HashMap<&str, String>,
    places: &HashMap<String, (f64, f64)>,
) -> AppResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "school_code",
        "name",
        "level",
        "district_code",
        "school_year",
        "classes",
        "pupils",
        "nursery_classes",
        "nursery_pupils",
        "teachers",
        "entrants",
        "dropouts",
        "lat",
        "lon",
        "synthetic",
    ])
    .map_err(internal)?;
    for (year, factor) in YEARS {
        for r in year_rows(year, factor) {
            let (lat, lon) = places.get(&r.code).copied().unwrap_or_default();
            let district = names.get(r.unit).cloned().unwrap_or_default();
            let pre = r.level == "preschool";
            w.write_record([
                r.code.clone(),
                school_name(&r.code, r.level, &district),
                r.level.to_string(),
                r.unit.to_string(),
                year.to_string(),
                r.classes.to_string(),
                r.pupils.to_string(),
                if pre {
                    r.nursery.0.to_string()
                } else {
                    String::new()
                },
                if pre {
                    r.nursery.1.to_string()
                } else {
                    String::new()
                },
                r.teachers.to_string(),
                r.entrants.to_string(),
                r.dropouts.to_string(),
                lat.to_string(),
                lon.to_string(),
                "true".into(),
            ])
            .map_err(internal)?;
        }
    }
    String::from_utf8(w.into_inner().map_err(internal)?).map_err(internal)
}

/// Each upper-secondary school's graduation exam at the end of each school year: its
/// final-year pupils sit, almost all pass (one school struggles in the last year).
fn exam_csv(names: &HashMap<&str, String>) -> String {
    let mut csv = String::from("school_code,name,district_code,school_year,candidates,passed\n");
    for (year, factor) in YEARS {
        for r in year_rows(year, factor)
            .into_iter()
            .filter(|r| r.level == "upper_secondary")
        {
            let key = format!("{}/{year}", r.code);
            let candidates = (r.pupils as f64 / 3.0 * 0.97).round();
            let struggling = year == FACTS_YEAR && r.code == "THPT-753-01";
            let rate = if struggling {
                0.955
            } else {
                0.986 + 0.013 * noise(&format!("exam/{key}"))
            };
            let passed = (candidates * rate).floor();
            let district = names.get(r.unit).cloned().unwrap_or_default();
            let name = school_name(&r.code, r.level, &district);
            csv.push_str(&format!(
                "{},\"{name}\",{},{year},{candidates},{passed}\n",
                r.code, r.unit
            ));
        }
    }
    csv
}

fn indicators() -> AppResult<Vec<IndicatorDef>> {
    let every = |v: f64| -> serde_json::Value {
        YEARS
            .iter()
            .map(|(y, _)| serde_json::json!({ "year": y, "value": v }))
            .collect()
    };
    Ok(vec![
        def(serde_json::json!({
            "code": PASS_RATE, "title": "Tỷ lệ đỗ tốt nghiệp THPT",
            "title_en": "Graduation exam pass rate", "unit": "%", "decimals": 2,
            "direction": "higher", "periodicity": "year", "department": DEPARTMENT, "demo": true,
            "description": "Năm là năm bắt đầu năm học: 2024 là kỳ thi cuối năm học 2024–2025.",
            "formula": {"aggregate": "ratio", "dataset": EXAM_DATASET,
                        "field": "passed", "denominator": "candidates", "factor": 100},
            "targets": every(99.0), "thresholds": {"green": 100, "amber": 99.5}}))?,
        def(serde_json::json!({
            "code": "dropout-rate", "title": "Tỷ lệ học sinh bỏ học",
            "title_en": "Drop-out rate", "unit": "%", "decimals": 2,
            "direction": "lower", "periodicity": "year", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "ratio", "dataset": SCHOOLS_DATASET,
                        "field": "dropouts", "denominator": "pupils", "factor": 100},
            "targets": every(0.5)}))?,
        def(serde_json::json!({
            "code": "pupils-per-class", "title": "Sĩ số bình quân",
            "title_en": "Pupils per class", "unit": "học sinh/lớp", "decimals": 1,
            "direction": "lower", "periodicity": "year", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "ratio", "dataset": SCHOOLS_DATASET,
                        "field": "pupils", "denominator": "classes", "factor": 1},
            "targets": every(36.0)}))?,
        def(serde_json::json!({
            "code": "pupils", "title": "Học sinh, trẻ em",
            "title_en": "Pupils and children", "unit": "học sinh",
            "direction": "higher", "periodicity": "year", "department": DEPARTMENT, "demo": true,
            "formula": {"aggregate": "sum", "dataset": SCHOOLS_DATASET, "field": "pupils"},
            "targets": [{"year": FACTS_YEAR, "value": 305_000}]}))?,
    ])
}

/// The register and the exams, loaded through ingestion, then the indicators.
pub async fn seed<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    let as_of = crate::registry::default_as_of(db).await?;
    let districts = crate::registry::units(db, Some(UnitLevel::District), None, &as_of).await?;
    let names: HashMap<&str, String> = DISTRICT_FIGURES
        .iter()
        .map(|d| {
            let n = districts
                .iter()
                .find(|u| u.code == d.0)
                .map(|u| u.name_short.clone());
            (d.0, n.unwrap_or_else(|| d.0.to_string()))
        })
        .collect();
    // The same place for a school every year.
    let mut places: HashMap<String, (f64, f64)> = HashMap::new();
    for d in &districts {
        let codes: Vec<String> = SCHOOLS
            .iter()
            .flat_map(|(lv, n)| schools_of(lv, *n))
            .filter(|s| s.0 == d.code)
            .map(|s| s.1)
            .collect();
        let geometry: serde_json::Value = d
            .geometry
            .as_deref()
            .and_then(|g| serde_json::from_str(g).ok())
            .unwrap_or_default();
        for (code, p) in codes.iter().zip(points_inside(
            &geometry,
            &format!("school/{}", d.code),
            codes.len(),
        )) {
            places.insert(code.clone(), p);
        }
    }
    let register: DatasetDef = def(serde_json::json!({
        "code": SCHOOLS_DATASET, "title": "Trường học theo năm học (demo)",
        "title_en": "Schools by school year (demo)", "frequency": "yearly", "public": true,
        "licence": "CC BY 4.0", "tags": ["giáo dục", "trường học", "demo"],
        "description": "Mỗi dòng là một trường trong một năm học (năm học ghi theo năm bắt đầu: 2024 là 2024–2025): cấp học, số lớp, học sinh (mầm non: gồm nhóm nhà trẻ), giáo viên, tuyển mới, bỏ học. Tên và vị trí là minh hoạ; tổng năm học 2024–2025 khớp số liệu công bố.",
        "fields": [
            {"name": "school_code", "type": "text", "required": true, "title": "Mã trường", "title_en": "School code"},
            {"name": "name", "type": "text", "required": true, "title": "Tên trường", "title_en": "School name"},
            {"name": "level", "type": "enum", "values": ["preschool", "primary", "lower_secondary", "upper_secondary"], "required": true, "title": "Cấp học", "title_en": "Level"},
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "school_year", "type": "period", "required": true, "title": "Năm học", "title_en": "School year"},
            {"name": "classes", "type": "integer", "min": 0, "required": true, "unit": "lớp", "title": "Số lớp (nhóm)", "title_en": "Classes"},
            {"name": "pupils", "type": "integer", "min": 0, "required": true, "unit": "học sinh", "title": "Học sinh (trẻ)", "title_en": "Pupils"},
            {"name": "nursery_classes", "type": "integer", "min": 0, "unit": "nhóm", "title": "Nhóm nhà trẻ", "title_en": "Nursery groups"},
            {"name": "nursery_pupils", "type": "integer", "min": 0, "unit": "trẻ", "title": "Trẻ nhà trẻ", "title_en": "Nursery children"},
            {"name": "teachers", "type": "integer", "min": 0, "unit": "người", "title": "Giáo viên", "title_en": "Teachers"},
            {"name": "entrants", "type": "integer", "min": 0, "unit": "học sinh", "title": "Tuyển mới", "title_en": "New entrants"},
            {"name": "dropouts", "type": "integer", "min": 0, "unit": "học sinh", "title": "Bỏ học", "title_en": "Dropouts"},
            {"name": "lat", "type": "lat", "title": "Vĩ độ", "title_en": "Latitude"},
            {"name": "lon", "type": "long", "title": "Kinh độ", "title_en": "Longitude"},
            {"name": "synthetic", "type": "boolean", "title": "Minh hoạ", "title_en": "Illustrative"}],
        "key": ["school_code", "school_year"]}))?;
    let exam: DatasetDef = def(serde_json::json!({
        "code": EXAM_DATASET, "title": "Kết quả thi tốt nghiệp THPT theo trường (demo)",
        "title_en": "Graduation exam results by school (demo)", "frequency": "yearly", "public": true,
        "licence": "CC BY 4.0", "tags": ["giáo dục", "thi tốt nghiệp", "demo"],
        "fields": [
            {"name": "school_code", "type": "text", "required": true, "title": "Mã trường", "title_en": "School code"},
            {"name": "name", "type": "text", "title": "Tên trường", "title_en": "School name"},
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "school_year", "type": "period", "required": true, "title": "Năm học", "title_en": "School year"},
            {"name": "candidates", "type": "integer", "min": 0, "required": true, "unit": "thí sinh", "title": "Thí sinh", "title_en": "Candidates"},
            {"name": "passed", "type": "integer", "min": 0, "required": true, "unit": "thí sinh", "title": "Đỗ tốt nghiệp", "title_en": "Passed"}],
        "key": ["school_code", "school_year"]}))?;
    crate::modules::datasets::demo::load_all(
        db,
        DEPARTMENT,
        vec![
            (register, schools_csv(&names, &places)?),
            (exam, exam_csv(&names)),
        ],
    )
    .await?;
    crate::modules::indicators::store::seed(db, indicators()?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::modules::education::model::norm;

    #[test]
    fn the_published_school_year_adds_up_exactly() {
        let rows = year_rows(FACTS_YEAR, 1.0);
        assert_eq!(rows.len(), 463);
        let sum = |lv: &str, f: fn(&Row) -> i64| {
            rows.iter().filter(|r| r.level == lv).map(f).sum::<i64>()
        };
        for (lv, n) in SCHOOLS {
            assert_eq!(
                rows.iter().filter(|r| r.level == lv).count() as i64,
                n,
                "{lv}"
            );
            assert!(norm(lv).is_some() || lv == "preschool");
        }
        assert_eq!(sum("preschool", |r| r.nursery.0), NURSERY.0);
        assert_eq!(sum("preschool", |r| r.nursery.1), NURSERY.1);
        assert_eq!(sum("preschool", |r| r.classes), NURSERY.0 + KINDERGARTEN.0);
        assert_eq!(sum("preschool", |r| r.pupils), NURSERY.1 + KINDERGARTEN.1);
        for (lv, c, p) in CLASSES_PUPILS {
            assert_eq!(sum(lv, |r| r.classes), c, "{lv}");
            assert_eq!(sum(lv, |r| r.pupils), p, "{lv}");
        }
        assert!(rows
            .iter()
            .all(|r| r.classes >= 1 && r.nursery.0 <= r.classes));
        for (code, _, _) in DISTRICT_FIGURES {
            assert!(rows
                .iter()
                .any(|r| r.unit == code && r.level == "upper_secondary"));
        }
    }
}
