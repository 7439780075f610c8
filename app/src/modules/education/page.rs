//! `/education`: the education department's indicators on the sector board (schools on its
//! map), then the levels against the national norms, pupils by district, and the
//! graduation exam by district and school against target.

use super::api::load_education_board;
use super::model::{level_name, norm, school_year, EducationBoard, School, LEVELS};
use super::{EXAM_DATASET, SCHOOLS_DATASET};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{last_good, Cell, Chart, Column, DataTable, Drill, ErrorNote};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{MapMarker, Series};
use crate::modules::datasets::model::RowsAsk;
use crate::modules::indicators::sector::{SectorFilter, SectorPage};
use leptos::prelude::*;

const LEVEL_COLOURS: [&str; 4] = ["#ad1457", "#1565c0", "#2e7d32", "#ef6c00"];

fn marker(s: &School, l: Lang) -> MapMarker {
    let i = LEVELS.iter().position(|x| x.0 == s.level).unwrap_or(0);
    MapMarker {
        lat: s.lat,
        lon: s.lon,
        title: s.name.clone(),
        detail: format!(
            "{} · {} {} · {} {}{}",
            level_name(&s.level, l),
            format::number(s.pupils as f64, 0, l),
            l.pick("học sinh", "pupils"),
            s.classes,
            l.pick("lớp", "classes"),
            if s.synthetic {
                l.pick(" · minh hoạ", " · demo")
            } else {
                ""
            }
        ),
        kind: format!("school-{}", s.level),
        color: Some(LEVEL_COLOURS[i].to_string()),
    }
}

fn num(v: f64, d: u8, l: Lang) -> Cell {
    Cell::Number {
        value: v,
        shown: format::number(v, d, l),
    }
}

fn opt(v: Option<i64>, l: Lang) -> Cell {
    match v {
        Some(v) => num(v as f64, 0, l),
        None => Cell::Number {
            value: f64::NAN,
            shown: "—".into(),
        },
    }
}

#[component]
pub fn EducationPage() -> impl IntoView {
    let lang = use_lang();
    let filter = SectorFilter::new(2024);
    let res =
        LocalResource::new(move || load_education_board(filter.year.get(), filter.district.get()));
    let (data, error) = last_good(res);
    let places = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| d.schools.iter().map(|s| marker(s, l)).collect())
                .unwrap_or_default()
        })
    });
    view! {
        <SectorPage department=super::DEPARTMENT slug="education"
            heading=("Giáo dục", "Education")
            lead=("Trường, lớp, học sinh và giáo viên theo cấp học so với định mức, kết quả thi tốt nghiệp THPT so với chỉ tiêu. Năm chọn là năm bắt đầu năm học (2024: năm học 2024–2025).",
                  "Schools, classes, pupils and teachers by level against the norms, the graduation exam against target. The year chosen is the school year's first (2024: 2024–2025).")
            filter=filter places=places places_label=("Trường học", "Schools")>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Levels data=data filter=filter/>
            <Exams data=data filter=filter/>
        </SectorPage>
    }
}

/// Each level's figures against its norms, and pupils per level by district.
#[component]
fn Levels(data: RwSignal<Option<EducationBoard>>, filter: SectorFilter) -> impl IntoView {
    let lang = use_lang();
    // A level's counts open the school year's rows of its schools (a preschool's nursery
    // and kindergarten parts, those of the preschools).
    let drill = Drill {
        columns: vec![1, 2, 3, 6, 9, 10],
        open: Callback::new(move |(row, _): (usize, usize)| {
            let l = lang.get_untracked();
            let Some((level, place, year, unit)) = data.with_untracked(|d| {
                let d = d.as_ref()?;
                let x = d.levels.get(row)?;
                Some((
                    x.level.clone(),
                    d.unit_name(d.unit.as_deref(), l),
                    d.year,
                    d.unit.clone(),
                ))
            }) else {
                return;
            };
            let stored = match level.as_str() {
                "nursery" | "kindergarten" => "preschool",
                other => other,
            };
            filter.open_rows(
                format!(
                    "{} · {place} · {}",
                    level_name(&level, l),
                    school_year(year)
                ),
                RowsAsk::year(SCHOOLS_DATASET, year)
                    .unit(unit)
                    .filter("level", stored),
            );
        }),
    };
    let columns = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Cấp học", "Level")),
            Column::number(l.pick("Trường", "Schools")),
            Column::number(l.pick("Lớp (nhóm)", "Classes (groups)")),
            Column::number(l.pick("Học sinh (trẻ)", "Pupils")),
            Column::number(l.pick("Học sinh/lớp", "Pupils per class")),
            Column::number(l.pick("Định mức tối đa", "Norm (at most)")),
            Column::number(l.pick("Giáo viên", "Teachers")),
            Column::number(l.pick("Giáo viên/lớp", "Teachers per class")),
            Column::number(l.pick("Định mức", "Norm")),
            Column::number(l.pick("Tuyển mới", "Entrants")),
            Column::number(l.pick("Bỏ học", "Drop-outs")),
            Column::number(l.pick("Tỷ lệ bỏ học (%)", "Drop-out rate (%)")),
            Column::prose(l.pick("Căn cứ định mức", "Norm's source")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.iter()
                .flat_map(|d| &d.levels)
                .map(|x| {
                    let n = norm(&x.level);
                    let per = |a: f64, b: i64| if b > 0 { a / b as f64 } else { f64::NAN };
                    vec![
                        Cell::Text(level_name(&x.level, l)),
                        opt(x.schools, l),
                        num(x.classes as f64, 0, l),
                        num(x.pupils as f64, 0, l),
                        num(per(x.pupils as f64, x.classes), 1, l),
                        n.map_or_else(|| opt(None, l), |n| num(n.pupils_per_class, 0, l)),
                        opt(x.teachers, l),
                        x.teachers
                            .map_or_else(|| opt(None, l), |t| num(per(t as f64, x.classes), 2, l)),
                        n.map_or_else(|| opt(None, l), |n| num(n.teachers_per_class, 2, l)),
                        opt(x.entrants, l),
                        opt(x.dropouts, l),
                        x.dropouts.map_or_else(
                            || opt(None, l),
                            |o| num(per(o as f64 * 100.0, x.pupils), 2, l),
                        ),
                        Cell::Text(
                            n.map(|n| l.pick(n.source.0, n.source.1).to_string())
                                .unwrap_or_default(),
                        ),
                    ]
                })
                .collect()
        })
    });
    let caption = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    format!(
                        "{} {} · {}",
                        l.pick("Năm học", "School year"),
                        school_year(d.year),
                        d.unit_name(d.unit.as_deref(), l)
                    )
                })
                .unwrap_or_default()
        })
    });
    let chart = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            Some(ChartSpec {
                kind: ChartKind::StackedBar,
                title: format!(
                    "{} — {}",
                    l.pick(
                        "Học sinh theo cấp học và địa bàn",
                        "Pupils by level and district"
                    ),
                    school_year(d.year)
                ),
                y_unit: l.pick("học sinh", "pupils").to_string(),
                x_labels: d
                    .by_district
                    .iter()
                    .map(|x| d.unit_name(Some(&x.unit), l))
                    .collect(),
                series: LEVELS
                    .iter()
                    .enumerate()
                    .map(|(i, lv)| Series {
                        name: l.pick(lv.1, lv.2).to_string(),
                        values: d
                            .by_district
                            .iter()
                            .map(|x| x.pupils.get(i).copied().unwrap_or(0) as f64)
                            .collect(),
                    })
                    .collect(),
                lang: l,
            })
        })
    });
    view! {
        <section class="levels" data-testid="education-levels">
            <h2>{move || lang.get().pick("Quy mô theo cấp học", "Levels")}</h2>
            <DataTable id="level-table" columns=columns rows=rows caption=caption drill=drill/>
            <Chart id="chart-pupils" spec=chart/>
        </section>
    }
}

/// The graduation exam: pass rate by district against the target, and each school.
#[component]
fn Exams(data: RwSignal<Option<EducationBoard>>, filter: SectorFilter) -> impl IntoView {
    let lang = use_lang();
    // A school's candidates or passes open its exam row.
    let drill = Drill {
        columns: vec![2, 3],
        open: Callback::new(move |(row, _): (usize, usize)| {
            let Some((school, name, year)) = data.with_untracked(|d| {
                let d = d.as_ref()?;
                let e = d.exams.get(row)?;
                Some((e.school.clone(), e.name.clone(), d.year))
            }) else {
                return;
            };
            filter.open_rows(
                format!("{name} · {}", school_year(year)),
                RowsAsk::year(EXAM_DATASET, year).filter("school_code", &school),
            );
        }),
    };
    let chart = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            let mut by: Vec<(String, i64, i64)> = Vec::new();
            for e in &d.exams {
                let u = e.unit.clone().unwrap_or_default();
                match by.iter_mut().find(|x| x.0 == u) {
                    Some(x) => {
                        x.1 += e.candidates;
                        x.2 += e.passed;
                    }
                    None => by.push((u, e.candidates, e.passed)),
                }
            }
            let mut series = vec![Series {
                name: l.pick("Tỷ lệ đỗ tốt nghiệp", "Pass rate").to_string(),
                values: by
                    .iter()
                    .map(|x| {
                        if x.1 > 0 {
                            x.2 as f64 * 100.0 / x.1 as f64
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            }];
            if let Some(t) = d.pass_target {
                series.push(Series {
                    name: l.pick("Chỉ tiêu", "Target").to_string(),
                    values: vec![t; by.len()],
                });
            }
            Some(ChartSpec {
                kind: ChartKind::Bar,
                title: format!(
                    "{} — {}",
                    l.pick(
                        "Tỷ lệ đỗ tốt nghiệp THPT theo địa bàn",
                        "Graduation exam pass rate by district"
                    ),
                    school_year(d.year)
                ),
                y_unit: "%".into(),
                x_labels: by.iter().map(|x| d.unit_name(Some(&x.0), l)).collect(),
                series,
                lang: l,
            })
        })
    });
    let columns = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Trường", "School")),
            Column::text(l.pick("Địa bàn", "District")),
            Column::number(l.pick("Thí sinh", "Candidates")),
            Column::number(l.pick("Đỗ tốt nghiệp", "Passed")),
            Column::number(l.pick("Tỷ lệ đỗ (%)", "Pass rate (%)")),
            Column::text(l.pick("So với chỉ tiêu", "Against target")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return Vec::new() };
            d.exams
                .iter()
                .map(|e| {
                    let rate = e.rate();
                    let verdict = match (rate, d.pass_target) {
                        (Some(r), Some(t)) if r >= t => l.pick("Đạt", "Met"),
                        (Some(_), Some(_)) => l.pick("Chưa đạt", "Not met"),
                        _ => "—",
                    };
                    vec![
                        Cell::Text(e.name.clone()),
                        Cell::Text(d.unit_name(e.unit.as_deref(), l)),
                        num(e.candidates as f64, 0, l),
                        num(e.passed as f64, 0, l),
                        rate.map_or_else(|| opt(None, l), |r| num(r, 2, l)),
                        Cell::Text(verdict.to_string()),
                    ]
                })
                .collect()
        })
    });
    view! {
        <section class="exams" data-testid="education-exams">
            <h2>{move || lang.get().pick("Thi tốt nghiệp THPT", "Graduation exam")}</h2>
            <Chart id="chart-exam" spec=chart/>
            <DataTable id="exam-table" columns=columns rows=rows drill=drill
                caption=Signal::derive(move || lang.get().pick("Theo trường (bấm một số để xem dòng dữ liệu)", "By school (click a number for its row)").to_string())/>
        </section>
    }
}
