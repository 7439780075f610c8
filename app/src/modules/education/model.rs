//! Wire types of module 5, education: schools, levels against the national norms, and the
//! graduation exam. Aggregates only: no pupil appears anywhere. A school year is named by
//! the year it starts (`2024` is 2024–2025).

use crate::i18n::Lang;
use crate::modules::indicators::model::UnitName;
use serde::{Deserialize, Serialize};

/// The levels the register and the page know, in order (code, vi, en). The preschool's
/// nursery groups (nhà trẻ) are a part of its pupils and classes.
pub const LEVELS: [(&str, &str, &str); 4] = [
    ("preschool", "Mầm non", "Preschool"),
    ("primary", "Tiểu học", "Primary"),
    ("lower_secondary", "Trung học cơ sở", "Lower secondary"),
    ("upper_secondary", "Trung học phổ thông", "Upper secondary"),
];

pub fn level_name(code: &str, lang: Lang) -> String {
    match code {
        "nursery" => lang.pick("Nhà trẻ", "Nursery").to_string(),
        "kindergarten" => lang.pick("Mẫu giáo", "Kindergarten").to_string(),
        _ => LEVELS
            .iter()
            .find(|l| l.0 == code)
            .map(|l| lang.pick(l.1, l.2).to_string())
            .unwrap_or_else(|| code.to_string()),
    }
}

/// "2024–2025" for the school year starting in 2024.
pub fn school_year(year: i32) -> String {
    format!("{year}–{}", year + 1)
}

/// A national norm a level's figures are compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Norm {
    /// Most pupils in a class (group).
    pub pupils_per_class: f64,
    /// Teachers per class the staffing norm allows.
    pub teachers_per_class: f64,
    /// The regulations (vi, en).
    pub source: (&'static str, &'static str),
}

/// The norm of a row of the level table (`nursery` and `kindergarten` split the preschool).
pub fn norm(level: &str) -> Option<Norm> {
    const PRESCHOOL: (&str, &str) = (
        "Điều lệ trường mầm non (sĩ số tối đa theo độ tuổi); Thông tư 19/2023/TT-BGDĐT (định mức giáo viên)",
        "Preschool Charter (class size by age); Circular 19/2023/TT-BGDĐT (teacher norms)",
    );
    Some(match level {
        "nursery" => Norm {
            pupils_per_class: 25.0,
            teachers_per_class: 2.5,
            source: PRESCHOOL,
        },
        "kindergarten" => Norm {
            pupils_per_class: 35.0,
            teachers_per_class: 2.2,
            source: PRESCHOOL,
        },
        "primary" => Norm {
            pupils_per_class: 35.0,
            teachers_per_class: 1.5,
            source: (
                "Thông tư 28/2020/TT-BGDĐT (Điều lệ trường tiểu học); Thông tư 20/2023/TT-BGDĐT (định mức giáo viên)",
                "Circular 28/2020/TT-BGDĐT (Primary School Charter); Circular 20/2023/TT-BGDĐT (teacher norms)",
            ),
        },
        "lower_secondary" => Norm {
            pupils_per_class: 45.0,
            teachers_per_class: 1.9,
            source: (
                "Thông tư 32/2020/TT-BGDĐT (Điều lệ trường THCS, THPT); Thông tư 20/2023/TT-BGDĐT",
                "Circular 32/2020/TT-BGDĐT (Secondary School Charter); Circular 20/2023/TT-BGDĐT",
            ),
        },
        "upper_secondary" => Norm {
            pupils_per_class: 45.0,
            teachers_per_class: 2.25,
            source: (
                "Thông tư 32/2020/TT-BGDĐT (Điều lệ trường THCS, THPT); Thông tư 20/2023/TT-BGDĐT",
                "Circular 32/2020/TT-BGDĐT (Secondary School Charter); Circular 20/2023/TT-BGDĐT",
            ),
        },
        _ => return None,
    })
}

/// A school of the register, for the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    pub code: String,
    pub name: String,
    pub level: String,
    pub unit: Option<String>,
    pub pupils: i64,
    pub classes: i64,
    pub lat: f64,
    pub lon: f64,
    pub synthetic: bool,
}

/// One level's figures (or the nursery and kindergarten parts of the preschool).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LevelFigures {
    pub level: String,
    /// None for the preschool's parts (their schools are the preschool's).
    pub schools: Option<i64>,
    pub classes: i64,
    pub pupils: i64,
    /// None for the preschool's parts (teachers are counted per school).
    pub teachers: Option<i64>,
    pub entrants: Option<i64>,
    pub dropouts: Option<i64>,
}

/// A district's pupils per level, for the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictLevels {
    pub unit: String,
    /// Pupils in [`LEVELS`] order.
    pub pupils: Vec<i64>,
}

/// An upper-secondary school's graduation exam at the end of the school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamResult {
    pub school: String,
    pub name: String,
    pub unit: Option<String>,
    pub candidates: i64,
    pub passed: i64,
}

impl ExamResult {
    pub fn rate(&self) -> Option<f64> {
        (self.candidates > 0).then(|| self.passed as f64 / self.candidates as f64 * 100.0)
    }
}

/// Module 5's own sections for a school year, province or district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EducationBoard {
    pub year: i32,
    pub unit: Option<String>,
    pub levels: Vec<LevelFigures>,
    pub by_district: Vec<DistrictLevels>,
    pub schools: Vec<School>,
    pub exams: Vec<ExamResult>,
    /// The pass-rate target of the year (the indicator's), if set.
    pub pass_target: Option<f64>,
    pub districts: Vec<UnitName>,
}

impl EducationBoard {
    pub fn unit_name(&self, code: Option<&str>, lang: Lang) -> String {
        crate::modules::indicators::model::unit_name(&self.districts, code, lang)
    }
}
