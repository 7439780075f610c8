//! Module 5's own reads: the schools' register and the exam results of a school year
//! (datasets of the data platform, read through its functions), folded per level.

use crate::modules::datasets::query::{self, Record, Source};
use crate::modules::datasets::store as datasets;
use crate::registry;
use app::error::{AppError, AppResult};
use app::modules::education::model::{
    DistrictLevels, EducationBoard, ExamResult, LevelFigures, School, LEVELS,
};
use app::modules::education::{EXAM_DATASET, PASS_RATE, SCHOOLS_DATASET};
use sea_orm::DatabaseConnection;
use serde_json::{Map, Value};

fn text(d: &Map<String, Value>, k: &str) -> Option<String> {
    d.get(k)?.as_str().map(str::to_string)
}

fn int(d: &Map<String, Value>, k: &str) -> Option<i64> {
    d.get(k)?.as_f64().map(|v| v as i64)
}

/// A dataset's rows of one year (its period), or none if it is not defined.
async fn year_rows(db: &DatabaseConnection, code: &str, year: i32) -> AppResult<Vec<Record>> {
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
    let (from, to) = (format!("{year:04}"), format!("{:04}", year + 1));
    query::records_between(db, src, &from, &to, query::Keep::All).await
}

/// Module 5's sections for the school year starting in `year`, province or one district.
pub async fn board(
    db: &DatabaseConnection,
    year: i32,
    unit: Option<String>,
) -> AppResult<EducationBoard> {
    let districts = registry::page_districts(db, year, unit.as_deref()).await?;
    let mine = |r: &Record| unit.is_none() || r.unit == unit;
    let schools = year_rows(db, SCHOOLS_DATASET, year).await?;
    let by_district = districts
        .iter()
        .map(|d| DistrictLevels {
            unit: d.code.clone(),
            pupils: LEVELS
                .iter()
                .map(|lv| {
                    schools
                        .iter()
                        .filter(|r| r.unit.as_deref() == Some(d.code.as_str()))
                        .filter(|r| text(&r.data, "level").as_deref() == Some(lv.0))
                        .filter_map(|r| int(&r.data, "pupils"))
                        .sum()
                })
                .collect(),
        })
        .collect();
    let chosen: Vec<&Record> = schools.iter().filter(|r| mine(r)).collect();
    let exams = year_rows(db, EXAM_DATASET, year)
        .await?
        .iter()
        .filter(|r| mine(r))
        .filter_map(|r| {
            Some(ExamResult {
                school: text(&r.data, "school_code")?,
                name: text(&r.data, "name").unwrap_or_default(),
                unit: r.unit.clone(),
                candidates: int(&r.data, "candidates")?,
                passed: int(&r.data, "passed")?,
            })
        })
        .collect();
    let pass_target = crate::modules::indicators::store::list(db)
        .await?
        .into_iter()
        .find(|i| i.def.code == PASS_RATE)
        .and_then(|i| {
            i.def
                .targets
                .iter()
                .find(|t| t.year == year && t.period.is_none() && t.unit.is_none())
                .map(|t| t.value)
        });
    Ok(EducationBoard {
        year,
        levels: levels(&chosen),
        by_district,
        schools: chosen
            .iter()
            .filter_map(|r| {
                let d = &r.data;
                Some(School {
                    code: text(d, "school_code")?,
                    name: text(d, "name").unwrap_or_default(),
                    level: text(d, "level")?,
                    unit: r.unit.clone(),
                    pupils: int(d, "pupils").unwrap_or(0),
                    classes: int(d, "classes").unwrap_or(0),
                    lat: d.get("lat")?.as_f64()?,
                    lon: d.get("lon")?.as_f64()?,
                    synthetic: d.get("synthetic").and_then(Value::as_bool).unwrap_or(false),
                })
            })
            .collect(),
        exams,
        pass_target,
        unit,
        districts,
    })
}

/// Each level's sums; the preschool is followed by its nursery and kindergarten parts.
pub fn levels(rows: &[&Record]) -> Vec<LevelFigures> {
    let mut out = Vec::new();
    for (code, _, _) in LEVELS {
        let of: Vec<&Map<String, Value>> = rows
            .iter()
            .map(|r| &r.data)
            .filter(|d| text(d, "level").as_deref() == Some(code))
            .collect();
        let sum = |k: &str| of.iter().filter_map(|d| int(d, k)).sum::<i64>();
        let total = LevelFigures {
            level: code.to_string(),
            schools: Some(of.len() as i64),
            classes: sum("classes"),
            pupils: sum("pupils"),
            teachers: Some(sum("teachers")),
            entrants: Some(sum("entrants")),
            dropouts: Some(sum("dropouts")),
        };
        if code == "preschool" {
            let nursery = LevelFigures {
                level: "nursery".into(),
                classes: sum("nursery_classes"),
                pupils: sum("nursery_pupils"),
                ..Default::default()
            };
            let kindergarten = LevelFigures {
                level: "kindergarten".into(),
                classes: total.classes - nursery.classes,
                pupils: total.pupils - nursery.pupils,
                ..Default::default()
            };
            out.extend([total, nursery, kindergarten]);
        } else {
            out.push(total);
        }
    }
    out
}
