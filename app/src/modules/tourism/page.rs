//! `/tourism`: the tourism department's indicators on the sector board (accommodation and
//! attractions on its map), then each district against the same period last year, and
//! the places.

use super::api::load_tourism_board;
use super::model::{growth, TourismBoard, TourismPlace};
use super::{ROOMS_DATASET, VISITS_DATASET};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{last_good, Cell, Chart, Column, DataTable, Drill, ErrorNote};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{MapMarker, Series};
use crate::modules::datasets::model::RowsAsk;
use crate::modules::indicators::sector::{SectorFilter, SectorPage};
use leptos::prelude::*;

fn kind_name(kind: &str, l: Lang) -> &'static str {
    match kind {
        "accommodation" => l.pick("Cơ sở lưu trú", "Accommodation"),
        _ => l.pick("Điểm du lịch", "Attraction"),
    }
}

fn marker(p: &TourismPlace, l: Lang) -> MapMarker {
    let rooms = p
        .rooms
        .map(|r| format!(" · {r} {}", l.pick("phòng", "rooms")))
        .unwrap_or_default();
    let stars = p.stars.map(|s| format!(" · {s}★")).unwrap_or_default();
    MapMarker {
        lat: p.lat,
        lon: p.lon,
        title: p.name.clone(),
        detail: format!(
            "{}{rooms}{stars}{}",
            kind_name(&p.kind, l),
            if p.synthetic {
                l.pick(" · minh hoạ", " · demo")
            } else {
                ""
            }
        ),
        kind: p.kind.clone(),
        color: Some(
            if p.kind == "accommodation" {
                "#1565c0"
            } else {
                "#ef6c00"
            }
            .to_string(),
        ),
    }
}

fn num(v: f64, d: u8, l: Lang) -> Cell {
    Cell::Number {
        value: v,
        shown: format::number(v, d, l),
    }
}

fn pct(v: Option<f64>, l: Lang) -> Cell {
    match v {
        Some(v) => Cell::Number {
            value: v,
            shown: format!(
                "{}{}%",
                if v > 0.0 { "+" } else { "" },
                format::number(v, 1, l)
            ),
        },
        None => Cell::Number {
            value: f64::NAN,
            shown: "—".into(),
        },
    }
}

#[component]
pub fn TourismPage() -> impl IntoView {
    let lang = use_lang();
    let filter = SectorFilter::new(2024);
    let res = LocalResource::new(move || {
        load_tourism_board(
            filter.year.get(),
            Some(filter.through.get()),
            filter.district.get(),
        )
    });
    let (data, error) = last_good(res);
    let places = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| d.places.iter().map(|p| marker(p, l)).collect())
                .unwrap_or_default()
        })
    });
    view! {
        <SectorPage department=super::DEPARTMENT slug="tourism"
            heading=("Du lịch", "Tourism")
            lead=("Lượt khách, khách lưu trú, khách quốc tế, doanh thu, phòng và công suất phòng: lũy kế từ đầu năm so với chỉ tiêu và cùng kỳ năm trước.",
                  "Visitors, overnight and international guests, revenue, rooms and occupancy: year to date against the target and the same period last year.")
            filter=filter places=places places_label=("Lưu trú, điểm du lịch", "Accommodation, attractions")>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Districts data=data filter=filter/>
            <Places data=data/>
        </SectorPage>
    }
}

/// Each district over the span against the same span a year before.
#[component]
fn Districts(data: RwSignal<Option<TourismBoard>>, filter: SectorFilter) -> impl IntoView {
    let lang = use_lang();
    // A district's figure opens its months of the span: visitors, overnight guests and
    // revenue from the visits dataset, the rest from the accommodation one.
    let drill = Drill {
        columns: vec![1, 3, 4, 5, 7, 8],
        open: Callback::new(move |(row, col): (usize, usize)| {
            let l = lang.get_untracked();
            let Some((unit, place, year, through)) = data.with_untracked(|d| {
                let d = d.as_ref()?;
                let x = d.by_district.get(row)?;
                Some((
                    x.unit.clone(),
                    d.unit_name(Some(&x.unit), l),
                    d.year,
                    d.through_month,
                ))
            }) else {
                return;
            };
            let dataset = if matches!(col, 1 | 3 | 5) {
                VISITS_DATASET
            } else {
                ROOMS_DATASET
            };
            filter.open_rows(
                format!(
                    "{place} · {year}, {} {through}",
                    l.pick("đến hết tháng", "through month")
                ),
                RowsAsk::months(dataset, year, through).unit(Some(unit)),
            );
        }),
    };
    let chart = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            Some(ChartSpec {
                kind: ChartKind::Bar,
                title: format!(
                    "{} — {} {}",
                    l.pick(
                        "Lượt khách theo địa bàn, so với cùng kỳ",
                        "Visitors by district, against a year before"
                    ),
                    l.pick("đến hết tháng", "through month"),
                    d.through_month
                ),
                y_unit: l.pick("lượt", "visits").to_string(),
                x_labels: d
                    .by_district
                    .iter()
                    .map(|x| d.unit_name(Some(&x.unit), l))
                    .collect(),
                series: vec![
                    Series {
                        name: (d.year - 1).to_string(),
                        values: d.by_district.iter().map(|x| x.visitors_before).collect(),
                    },
                    Series {
                        name: d.year.to_string(),
                        values: d.by_district.iter().map(|x| x.visitors).collect(),
                    },
                ],
                lang: l,
            })
        })
    });
    let columns = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Địa bàn", "District")),
            Column::number(l.pick("Lượt khách", "Visitors")),
            Column::number(l.pick("Tăng so với cùng kỳ", "Growth on a year before")),
            Column::number(l.pick("Khách lưu trú", "Overnight guests")),
            Column::number(l.pick("Khách quốc tế lưu trú", "International guests")),
            Column::number(l.pick("Doanh thu (tỷ đồng)", "Revenue (bn VND)")),
            Column::number(l.pick("Tăng doanh thu", "Revenue growth")),
            Column::number(l.pick("Phòng lưu trú", "Rooms")),
            Column::number(l.pick("Công suất phòng (%)", "Occupancy (%)")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return Vec::new() };
            d.by_district
                .iter()
                .map(|x| {
                    vec![
                        Cell::Text(d.unit_name(Some(&x.unit), l)),
                        num(x.visitors, 0, l),
                        pct(growth(x.visitors, x.visitors_before), l),
                        num(x.overnight, 0, l),
                        num(x.international, 0, l),
                        num(x.revenue, 1, l),
                        pct(growth(x.revenue, x.revenue_before), l),
                        num(x.rooms, 0, l),
                        x.occupancy.map_or(
                            Cell::Number {
                                value: f64::NAN,
                                shown: "—".into(),
                            },
                            |o| num(o, 1, l),
                        ),
                    ]
                })
                .collect()
        })
    });
    view! {
        <section class="tourism-districts" data-testid="tourism-districts">
            <h2>{move || lang.get().pick("Theo địa bàn", "By district")}</h2>
            <Chart id="chart-districts" spec=chart/>
            <DataTable id="tourism-district-table" columns=columns rows=rows drill=drill
                caption=Signal::derive(move || lang.get().pick("Lũy kế từ đầu năm và tăng trưởng so với cùng kỳ năm trước", "Year to date and growth on the same period last year").to_string())/>
        </section>
    }
}

#[component]
fn Places(data: RwSignal<Option<TourismBoard>>) -> impl IntoView {
    let lang = use_lang();
    let columns = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Tên", "Name")),
            Column::text(l.pick("Loại", "Type")),
            Column::text(l.pick("Địa bàn", "District")),
            Column::number(l.pick("Phòng", "Rooms")),
            Column::number(l.pick("Hạng sao", "Stars")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return Vec::new() };
            let opt = |v: Option<i64>| match v {
                Some(v) => num(v as f64, 0, l),
                None => Cell::Number {
                    value: f64::NAN,
                    shown: "—".into(),
                },
            };
            d.places
                .iter()
                .map(|p| {
                    vec![
                        Cell::Text(p.name.clone()),
                        Cell::Text(kind_name(&p.kind, l).to_string()),
                        Cell::Text(d.unit_name(p.unit.as_deref(), l)),
                        opt(p.rooms),
                        opt(p.stars),
                    ]
                })
                .collect()
        })
    });
    view! {
        <section class="tourism-places" data-testid="tourism-places">
            <h2>{move || lang.get().pick("Cơ sở lưu trú và điểm du lịch", "Accommodation and attractions")}</h2>
            <DataTable id="tourism-place-table" columns=columns rows=rows
                caption=Signal::derive(move || lang.get().pick("Vị trí gần đúng; cơ sở lưu trú là số liệu minh hoạ", "Approximate positions; the accommodation is demo data").to_string())/>
        </section>
    }
}
