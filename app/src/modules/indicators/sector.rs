//! The board every sector module (health, education, tourism) opens with: its
//! department's indicators against their targets with the change on the year before, the
//! selected indicator's charts and map (the module's own places as markers), the rows
//! and provenance behind any value, and the department's datasets, linked to the
//! open-data portal and, for the department's stewards, to the upload. The module's own
//! sections follow as children.

use super::api::load_sector_board;
use super::model::{IndicatorBoard, IndicatorView, SectorBoard};
use super::page::{
    period_label, selection, title, Ask, Detail, Filters, ProvenancePanel, Summary, Tile,
};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{last_good, Chart, ErrorNote, Loading};
use crate::format;
use crate::i18n::use_lang;
use crate::model::{MapMarker, Series};
use crate::modules::datasets::model::RowsAsk;
use crate::modules::datasets::rows::{Drilled, RowsDialog};
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

/// The filters a sector page shares with its module's sections, and the figure whose
/// rows are open (a section sets it; the page shows them).
#[derive(Debug, Clone, Copy)]
pub struct SectorFilter {
    pub year: RwSignal<i32>,
    pub through: RwSignal<u32>,
    pub district: RwSignal<Option<String>>,
    pub rows: RwSignal<Option<Drilled>>,
}

impl SectorFilter {
    pub fn new(year: i32) -> Self {
        Self {
            year: RwSignal::new(year),
            through: RwSignal::new(12),
            district: RwSignal::new(None),
            rows: RwSignal::new(None),
        }
    }

    /// Opens the rows of a figure labelled `label`.
    pub fn open_rows(&self, label: String, ask: RowsAsk) {
        self.rows.set(Some(Drilled { label, ask }));
    }
}

#[component]
pub fn SectorPage(
    /// The department whose indicators and datasets the page shows (`SYT`).
    department: &'static str,
    /// The module's slug (`data-testid="page-{slug}"`).
    slug: &'static str,
    heading: (&'static str, &'static str),
    lead: (&'static str, &'static str),
    filter: SectorFilter,
    /// The module's places on the map (facilities, schools, attractions).
    #[prop(into)]
    places: Signal<Vec<MapMarker>>,
    places_label: (&'static str, &'static str),
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let SectorFilter {
        year,
        through,
        district,
        rows,
    } = filter;
    let selected = RwSignal::new(None::<String>);
    let asked = RwSignal::new(None::<Ask>);
    let res = LocalResource::new(move || {
        load_sector_board(
            department.to_string(),
            year.get(),
            Some(through.get()),
            district.get(),
        )
    });
    let base_res = LocalResource::new(fetch_map_base);
    let (sector, error) = last_good(res);
    // The shared parts of module 8's board read the indicators alone.
    let board = RwSignal::new(None::<IndicatorBoard>);
    Effect::new(move |_| board.set(sector.with(|s| s.as_ref().map(|s| s.board.clone()))));
    let current = selection(board, selected);
    // The boundaries, with the module's places instead of the default ones.
    let base = Signal::derive(move || {
        let mut b = base_res.get().and_then(Result::ok)?;
        b.places = places.get();
        Some(b)
    });
    let tiles = move || {
        sector.with(|s| {
            s.as_ref().map(|s| {
                s.board
                    .indicators
                    .iter()
                    .map(|i| {
                        let growth = s.growth(&i.def.code, i.value);
                        view! { <Tile view=i.clone() area=s.board.unit.clone() selected=selected asked=asked growth=growth/> }
                    })
                    .collect_view()
            })
        })
    };
    let demo = move || board.with(|b| b.as_ref().is_some_and(|b| b.demo));
    let compare = Signal::derive(move || {
        let v = current.get()?;
        let before = sector.with(|s| {
            s.as_ref()?
                .previous
                .iter()
                .find(|p| p.code == v.def.code)
                .map(|p| p.period_values.clone())
        });
        Some(compare_spec(&v, before, year.get(), lang.get()))
    });

    view! {
        <section class="page sector" data-testid=format!("page-{slug}")>
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick(heading.0, heading.1)}</h1>
                    <p class="muted">{move || lang.get().pick(lead.0, lead.1)}</p>
                </div>
                <div class="head-actions">
                    <Show when=demo><span class="badge demo" data-testid="demo-badge">{move || lang.get().pick("Dữ liệu minh hoạ", "Demo data")}</span></Show>
                </div>
            </header>
            <Filters board=board year=year through=through district=district/>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || board.with(|b| b.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>
            <div class="indicator-grid" data-testid="indicator-tiles">{tiles}</div>
            <Detail current=current board=board base=base district=district asked=asked places_label=places_label/>
            <Show when=move || compare.with(|c| c.is_some())>
                <Chart id="chart-compare" spec=compare/>
            </Show>
            {children()}
            <Summary board=board selected=selected asked=asked/>
            <Datasets sector=sector/>
            <ProvenancePanel asked=asked year=year through=through/>
            <RowsDialog asked=rows/>
        </section>
    }
}

/// The selected indicator per period: this year against the same periods a year before.
fn compare_spec(
    v: &IndicatorView,
    before: Option<Vec<Option<f64>>>,
    year: i32,
    l: crate::i18n::Lang,
) -> ChartSpec {
    let mut series = vec![Series {
        name: year.to_string(),
        values: v.period_values.iter().map(|x| x.unwrap_or(0.0)).collect(),
    }];
    if let Some(b) = before.filter(|b| b.iter().any(Option::is_some)) {
        series.insert(
            0,
            Series {
                name: (year - 1).to_string(),
                values: b.iter().map(|x| x.unwrap_or(0.0)).collect(),
            },
        );
    }
    ChartSpec {
        kind: ChartKind::Bar,
        title: format!(
            "{} — {}",
            title(v, l),
            l.pick(
                "theo kỳ, so với cùng kỳ năm trước",
                "by period, against a year before"
            )
        ),
        y_unit: crate::format::unit(&v.def.unit, l).to_string(),
        x_labels: v.periods.iter().map(|p| period_label(p, l)).collect(),
        series,
        lang: l,
    }
}

/// The department's datasets: public ones open on the portal; its stewards may send new
/// figures (the others see no such control: the server refuses them too).
#[component]
fn Datasets(sector: RwSignal<Option<SectorBoard>>) -> impl IntoView {
    let lang = use_lang();
    let rows = move || {
        let l = lang.get();
        sector.with(|s| {
            s.as_ref().map(|s| {
                s.datasets
                    .iter()
                    .map(|d| {
                        let name = match (l, &d.title_en) {
                            (crate::i18n::Lang::En, Some(t)) if !t.is_empty() => t.clone(),
                            _ => d.title.clone(),
                        };
                        let open = d.public.then(|| {
                            view! { <a class="link" href=format!("/open-data/{}", d.code) data-testid="open-data-link">{l.pick("Dữ liệu mở", "Open data")}</a> }
                        });
                        let upload = d.may_upload.then(|| {
                            view! { <a class="btn small" href="/data" data-testid="upload-link">{l.pick("Cập nhật số liệu", "Send figures")}</a> }
                        });
                        view! {
                            <tr data-testid=format!("dataset-{}", d.code)>
                                <th scope="row">{name}" "<code class="muted small">{d.code.clone()}</code></th>
                                <td class="num">{format::number(d.record_count as f64, 0, l)}</td>
                                <td>{d.last_ingest_at.as_deref().map(|t| format::datetime_local(t, l)).unwrap_or_else(|| "—".into())}</td>
                                <td>{open}" "{upload}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="sector-datasets" data-testid="sector-datasets">
            <h2>{move || lang.get().pick("Nguồn dữ liệu", "Data sources")}</h2>
            <p class="muted small">
                {move || lang.get().pick("Các tập dữ liệu công khai có trên ", "Public datasets are on the ")}
                <a class="link" href="/open-data" data-testid="open-data-portal">{move || lang.get().pick("cổng dữ liệu mở", "open-data portal")}</a>"."
            </p>
            <div class="table-wrap">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Tập dữ liệu", "Dataset")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Số dòng", "Rows")}</th>
                        <th scope="col">{move || lang.get().pick("Cập nhật", "Updated")}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
