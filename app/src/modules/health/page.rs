//! `/health`: the health department's indicators on the sector board (facilities on its
//! map), then disease surveillance against the epidemic threshold and the facilities.

use super::api::load_health_board;
use super::channel::METHOD;
use super::model::{disease_name, DiseaseWeeks, Facility, HealthBoard, DISEASES};
use super::CASES_DATASET;
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{
    last_good, AlertFeed, Cell, Chart, Column, DataTable, Drill, ErrorNote, FilterSelect,
};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{MapMarker, Series};
use crate::modules::datasets::model::RowsAsk;
use crate::modules::indicators::sector::{SectorFilter, SectorPage};
use leptos::prelude::*;

fn kind_name(kind: &str, l: Lang) -> &'static str {
    match kind {
        "hospital" => l.pick("Bệnh viện", "Hospital"),
        "district_centre" => l.pick("Trung tâm y tế huyện", "District health centre"),
        "commune_station" => l.pick("Trạm y tế xã", "Commune health station"),
        _ => l.pick("Cơ sở khác", "Other"),
    }
}

fn level_name(level: &str, l: Lang) -> &'static str {
    match level {
        "province" => l.pick("Tuyến tỉnh", "Provincial"),
        "district" => l.pick("Tuyến huyện", "District"),
        "commune" => l.pick("Tuyến xã", "Commune"),
        _ => "—",
    }
}

fn marker(f: &Facility, l: Lang) -> MapMarker {
    let beds = f
        .beds
        .map(|b| format!(" · {b} {}", l.pick("giường", "beds")))
        .unwrap_or_default();
    let demo = if f.synthetic {
        l.pick(" · số liệu minh hoạ", " · demo record")
    } else {
        ""
    };
    MapMarker {
        lat: f.lat,
        lon: f.lon,
        title: f.name.clone(),
        detail: format!(
            "{} · {}{beds}{demo}",
            kind_name(&f.kind, l),
            level_name(&f.level, l)
        ),
        kind: f.kind.clone(),
        color: Some(
            match f.kind.as_str() {
                "hospital" => "#c62828",
                "district_centre" => "#6a1b9a",
                _ => "#00796b",
            }
            .to_string(),
        ),
    }
}

#[component]
pub fn HealthPage() -> impl IntoView {
    let lang = use_lang();
    let filter = SectorFilter::new(2024);
    let res =
        LocalResource::new(move || load_health_board(filter.year.get(), filter.district.get()));
    let (data, error) = last_good(res);
    let places = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| d.facilities.iter().map(|f| marker(f, l)).collect())
                .unwrap_or_default()
        })
    });
    view! {
        <SectorPage department=super::DEPARTMENT slug="health"
            heading=("Y tế", "Health")
            lead=("Cơ sở y tế, giường bệnh và lượt khám, tiêm chủng so với chỉ tiêu, giám sát dịch bệnh theo tuần. Bấm vào một số liệu để xem các dòng dữ liệu và nguồn.",
                  "Facilities, beds and visits, vaccination against target, weekly disease surveillance. Click any value to see its rows and where they came from.")
            filter=filter places=places places_label=("Cơ sở y tế", "Health facilities")>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Surveillance data=data filter=filter/>
            <Facilities data=data/>
        </SectorPage>
    }
}

/// Weekly cases of one disease against its endemic channel, the districts' weeks above
/// the threshold, and the module's alerts.
#[component]
fn Surveillance(data: RwSignal<Option<HealthBoard>>, filter: SectorFilter) -> impl IntoView {
    let lang = use_lang();
    let district = filter.district;
    let disease = RwSignal::new(DISEASES[0].0.to_string());
    let options = Signal::derive(move || {
        let l = lang.get();
        let mut codes: Vec<String> = DISEASES.iter().map(|d| d.0.to_string()).collect();
        data.with(|d| {
            for x in d.iter().flat_map(|d| &d.diseases) {
                if !codes.contains(&x.disease) {
                    codes.push(x.disease.clone());
                }
            }
        });
        codes
            .into_iter()
            .map(|c| {
                let name = disease_name(&c, l);
                (c, name)
            })
            .collect::<Vec<_>>()
    });
    // The selected district's series, or the province's.
    let shown = Signal::derive(move || {
        let unit = district.get();
        let code = disease.get();
        data.with(|d| {
            d.as_ref()?
                .diseases
                .iter()
                .find(|x| x.disease == code && x.unit == unit)
                .cloned()
        })
    });
    let chart = Signal::derive(move || {
        let l = lang.get();
        let s = shown.get()?;
        let weeks = data.with(|d| d.as_ref().map(|d| d.weeks.clone()))?;
        let n = s
            .cases
            .iter()
            .rposition(Option::is_some)
            .map_or(0, |i| i + 1);
        let cut = |v: &[Option<f64>]| v.iter().take(n).map(|x| x.unwrap_or(f64::NAN)).collect();
        Some(ChartSpec {
            kind: ChartKind::Line,
            title: format!(
                "{} — {}",
                disease_name(&s.disease, l),
                l.pick(
                    "số ca theo tuần và ngưỡng dịch",
                    "cases by week and the epidemic threshold"
                )
            ),
            y_unit: l.pick("ca", "cases").to_string(),
            x_labels: weeks
                .iter()
                .take(n)
                .map(|w| w.split_once('-').map_or(w.clone(), |x| x.1.to_string()))
                .collect(),
            series: vec![
                Series {
                    name: l.pick("Số ca", "Cases").to_string(),
                    values: cut(&s.cases),
                },
                Series {
                    name: l.pick("Trung vị 5 năm", "5-year median").to_string(),
                    values: cut(&s.median),
                },
                Series {
                    name: l.pick("Ngưỡng dịch (Q3)", "Threshold (Q3)").to_string(),
                    values: cut(&s.threshold),
                },
            ],
            lang: l,
        })
    });
    let above_weeks = move || {
        let l = lang.get();
        let weeks = data.with(|d| d.as_ref().map(|d| d.weeks.clone()).unwrap_or_default());
        shown.get().map(|s| {
            if s.above.is_empty() {
                l.pick(
                    "Không có tuần nào vượt ngưỡng trong năm.",
                    "No week above the threshold this year.",
                )
                .to_string()
            } else {
                let list: Vec<&str> = s
                    .above
                    .iter()
                    .filter_map(|i| weeks.get(*i).map(String::as_str))
                    .collect();
                format!(
                    "{}: {}",
                    l.pick("Các tuần vượt ngưỡng", "Weeks above the threshold"),
                    list.join(", ")
                )
            }
        })
    };
    let columns = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Địa bàn", "District")),
            Column::number(l.pick("Số ca trong năm", "Cases this year")),
            Column::number(l.pick("Tử vong", "Deaths")),
            Column::number(l.pick("Số tuần vượt ngưỡng", "Weeks above threshold")),
            Column::text(l.pick("Tuần vượt gần nhất", "Latest week above")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        let code = disease.get();
        data.with(|d| {
            let Some(d) = d else { return Vec::new() };
            d.diseases
                .iter()
                .filter(|x| x.disease == code && x.unit.is_some())
                .map(|x| district_row(x, d, l))
                .collect()
        })
    });
    // A district's cases or deaths open the year's weekly rows of that disease there.
    let drill = Drill {
        columns: vec![1, 2],
        open: Callback::new(move |(row, col): (usize, usize)| {
            let l = lang.get_untracked();
            let code = disease.get_untracked();
            let Some((unit, place, year)) = data.with_untracked(|d| {
                let d = d.as_ref()?;
                let x = d
                    .diseases
                    .iter()
                    .filter(|x| x.disease == code && x.unit.is_some())
                    .nth(row)?;
                Some((x.unit.clone(), d.unit_name(x.unit.as_deref(), l), d.year))
            }) else {
                return;
            };
            let what = if col == 2 {
                l.pick("Tử vong", "Deaths")
            } else {
                l.pick("Số ca", "Cases")
            };
            filter.open_rows(
                format!("{what} · {} · {place} · {year}", disease_name(&code, l)),
                RowsAsk::year(CASES_DATASET, year)
                    .unit(unit)
                    .filter("disease", &code),
            );
        }),
    };
    view! {
        <section class="surveillance" data-testid="surveillance">
            <h2>{move || lang.get().pick("Giám sát dịch bệnh", "Disease surveillance")}</h2>
            <p class="muted small" data-testid="threshold-method">{move || lang.get().pick(METHOD.0, METHOD.1)}</p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterSelect id="filter-disease" label=Signal::derive(move || lang.get().pick("Bệnh", "Disease").to_string())
                    options=options value=Signal::derive(move || disease.get())
                    on_change=Callback::new(move |v: String| disease.set(v))/>
            </form>
            <Chart id="chart-surveillance" spec=chart/>
            <p data-testid="weeks-above">{above_weeks}</p>
            <DataTable id="surveillance-table" columns=columns rows=rows drill=drill
                caption=Signal::derive(move || lang.get().pick("Theo địa bàn (bấm một số để xem các dòng)", "By district (click a number for its rows)").to_string())/>
            <h3>{move || lang.get().pick("Cảnh báo dịch", "Epidemic alerts")}</h3>
            <AlertFeed module="health" id="health-alerts"/>
        </section>
    }
}

fn district_row(x: &DiseaseWeeks, d: &HealthBoard, l: Lang) -> Vec<Cell> {
    let weeks = &d.weeks;
    let sum = |v: &[Option<f64>]| v.iter().flatten().sum::<f64>();
    let num = |v: f64| Cell::Number {
        value: v,
        shown: format::number(v, 0, l),
    };
    vec![
        Cell::Text(d.unit_name(x.unit.as_deref(), l)),
        num(sum(&x.cases)),
        num(sum(&x.deaths)),
        num(x.above.len() as f64),
        Cell::Text(
            x.above
                .last()
                .and_then(|i| weeks.get(*i).cloned())
                .unwrap_or_else(|| "—".into()),
        ),
    ]
}

/// Every facility of the selection, as a table (CSV too).
#[component]
fn Facilities(data: RwSignal<Option<HealthBoard>>) -> impl IntoView {
    let lang = use_lang();
    let columns = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Cơ sở", "Facility")),
            Column::text(l.pick("Loại", "Type")),
            Column::text(l.pick("Tuyến", "Level")),
            Column::text(l.pick("Địa bàn", "District")),
            Column::number(l.pick("Giường bệnh", "Beds")),
            Column::text(l.pick("Nguồn", "Source")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.iter()
                .flat_map(|d| d.facilities.iter().map(move |f| (d, f)))
                .map(|(d, f)| {
                    vec![
                        Cell::Text(f.name.clone()),
                        Cell::Text(kind_name(&f.kind, l).to_string()),
                        Cell::Text(level_name(&f.level, l).to_string()),
                        Cell::Text(d.unit_name(f.unit.as_deref(), l)),
                        Cell::Number {
                            value: f.beds.map_or(f64::NAN, |b| b as f64),
                            shown: f
                                .beds
                                .map(|b| format::number(b as f64, 0, l))
                                .unwrap_or_else(|| "—".into()),
                        },
                        Cell::Text(
                            if f.synthetic {
                                l.pick("Minh hoạ", "Demo")
                            } else {
                                "OpenStreetMap"
                            }
                            .to_string(),
                        ),
                    ]
                })
                .collect()
        })
    });
    let summary = move || {
        let l = lang.get();
        data.with(|d| {
            let f = d
                .as_ref()
                .map(|d| d.facilities.as_slice())
                .unwrap_or_default();
            let beds: i64 = f.iter().filter_map(|f| f.beds).sum();
            format!(
                "{} {} · {} {}",
                format::number(f.len() as f64, 0, l),
                l.pick("cơ sở", "facilities"),
                format::number(beds as f64, 0, l),
                l.pick("giường bệnh", "beds"),
            )
        })
    };
    view! {
        <section class="facilities" data-testid="facilities">
            <h2>{move || lang.get().pick("Cơ sở y tế", "Health facilities")}</h2>
            <p class="muted small" data-testid="facility-summary">{summary}</p>
            <DataTable id="facility-table" columns=columns rows=rows
                caption=Signal::derive(move || lang.get().pick(
                    "Bệnh viện theo OpenStreetMap (© OpenStreetMap contributors, ODbL 1.0); trung tâm y tế huyện và trạm y tế xã là số liệu minh hoạ",
                    "Hospitals from OpenStreetMap (© OpenStreetMap contributors, ODbL 1.0); district centres and commune stations are demo records").to_string())/>
        </section>
    }
}
