//! `/indicators`: every socio-economic indicator against its target, per period and
//! district, with where each value came from; administrators edit them here too.

use super::api::{indicator_provenance, load_indicator_board};
use super::editor::IndicatorEditor;
use super::model::{Direction, IndicatorBoard, IndicatorView, Periodicity, Provenance, Status};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{
    last_good, Cell, Chart, CityMap, Column, DataTable, Dialog, ErrorNote, FilterSelect, Loading,
};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{Role, Series};
use crate::modules::auth::use_auth;
use crate::modules::datasets::rows::BatchesTable;
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

const DEFAULT_YEAR: i32 = 2024;

pub(crate) fn value_text(v: Option<f64>, decimals: u8, lang: Lang) -> String {
    match v {
        Some(v) if decimals == 0 && v.abs() >= 1e6 => format::compact(v, lang),
        Some(v) => format::number(v, decimals, lang),
        None => "—".into(),
    }
}

/// Whole numbers as they are; others with two decimals.
fn auto_decimals(v: Option<f64>) -> u8 {
    if v.is_some_and(|x| x.fract() != 0.0) {
        2
    } else {
        0
    }
}

pub(crate) fn pct_text(v: Option<f64>, lang: Lang) -> String {
    v.map(|p| format!("{}%", format::number(p, 1, lang)))
        .unwrap_or_else(|| "—".into())
}

/// The value against its target, read the right way round: "% of target" where more is
/// better; against a ceiling where less is better ("12,9 % above the ceiling", never
/// "112,9 %", which reads as over-achievement).
pub(crate) fn attainment_text(direction: Direction, pct: Option<f64>, lang: Lang) -> String {
    let Some(p) = pct else {
        return "—".into();
    };
    match direction {
        Direction::Higher => format!(
            "{}% {}",
            format::number(p, 1, lang),
            lang.pick("chỉ tiêu", "of target")
        ),
        Direction::Lower if p > 100.0 => format!(
            "▲ {}% {}",
            format::number(p - 100.0, 1, lang),
            lang.pick("vượt mức trần", "above the ceiling")
        ),
        Direction::Lower => format!(
            "▼ {}% {}",
            format::number(100.0 - p, 1, lang),
            lang.pick("dưới mức trần", "below the ceiling")
        ),
    }
}

pub(crate) fn period_label(p: &str, lang: Lang) -> String {
    if let Some((_, q)) = p.split_once("-Q") {
        return format!("{}{q}", lang.pick("Q", "Q"));
    }
    match p.split_once('-') {
        Some((_, m)) => format!("{}{}", lang.pick("T", "M"), m.trim_start_matches('0')),
        None => p.to_string(),
    }
}

pub(crate) fn title(v: &IndicatorView, lang: Lang) -> String {
    match (lang, &v.def.title_en) {
        (Lang::En, Some(t)) if !t.is_empty() => t.clone(),
        _ => v.def.title.clone(),
    }
}

/// The selected indicator of a board; until someone picks one, its first.
pub(crate) fn selection(
    board: RwSignal<Option<IndicatorBoard>>,
    selected: RwSignal<Option<String>>,
) -> Signal<Option<IndicatorView>> {
    Effect::new(move |_| {
        let first = board.with(|b| {
            b.as_ref()
                .and_then(|b| b.indicators.first())
                .map(|i| i.def.code.clone())
        });
        if first.is_some() && selected.with_untracked(Option::is_none) {
            selected.set(first);
        }
    });
    Signal::derive(move || {
        let code = selected.get()?;
        board.with(|b| {
            b.as_ref()?
                .indicators
                .iter()
                .find(|i| i.def.code == code)
                .cloned()
        })
    })
}

/// Which value the provenance panel explains.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    pub code: String,
    pub period: Option<String>,
    pub unit: Option<String>,
}

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let lang = use_lang();
    let auth = use_auth();
    let year = RwSignal::new(DEFAULT_YEAR);
    let through = RwSignal::new(12u32);
    let district = RwSignal::new(None::<String>);
    let selected = RwSignal::new(None::<String>);
    let asked = RwSignal::new(None::<Ask>);
    let editing = RwSignal::new(false);

    let board_res = LocalResource::new(move || {
        load_indicator_board(year.get(), Some(through.get()), district.get())
    });
    let base = LocalResource::new(fetch_map_base);
    // The last good answer, so the page does not blank while a new filter loads.
    let (board, error) = last_good(board_res);
    let current = selection(board, selected);

    let filters =
        view! { <Filters board=board year=year through=through district=district/> }.into_any();
    let tiles = move || {
        board.with(|b| {
            b.as_ref().map(|b| {
                b.indicators
                    .iter()
                    .map(|i| view! { <Tile view=i.clone() area=b.unit.clone() selected=selected asked=asked/> })
                    .collect_view()
            })
        })
    };
    let is_admin = move || auth.role().allows(Role::Admin);
    let demo = move || board.with(|b| b.as_ref().is_some_and(|b| b.demo));

    view! {
        <section class="page" data-testid="page-indicators">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Chỉ tiêu kinh tế – xã hội", "Socio-economic indicators")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Thực hiện lũy kế từ đầu năm so với chỉ tiêu theo tiến độ. Bấm vào một số liệu để xem nguồn.",
                        "Year to date against the target pro rata. Click any value to see where it came from.")}</p>
                </div>
                <div class="head-actions">
                    <Show when=demo><span class="badge demo" data-testid="demo-badge">{move || lang.get().pick("Dữ liệu minh hoạ", "Demo data")}</span></Show>
                    <Show when=is_admin>
                        <button class="btn" data-testid="toggle-editor" aria-expanded=move || editing.get().to_string()
                            on:click=move |_| editing.update(|e| *e = !*e)>
                            {move || if editing.get() { lang.get().pick("Đóng cấu hình", "Close configuration") } else { lang.get().pick("Cấu hình chỉ tiêu", "Configure indicators") }}
                        </button>
                    </Show>
                </div>
            </header>
            <Show when=move || editing.get() && is_admin()>
                <IndicatorEditor on_saved=Callback::new(move |_| board_res.refetch())/>
            </Show>
            {filters}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || board.with(|b| b.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>
            <Show when=move || board.with(|b| b.as_ref().is_some_and(|b| b.indicators.is_empty()))>
                <p class="empty" data-testid="no-indicators">{move || lang.get().pick(
                    "Chưa có chỉ tiêu nào. Quản trị viên thêm chỉ tiêu bằng nút “Cấu hình chỉ tiêu”.",
                    "No indicators yet. An administrator adds them with “Configure indicators”.")}</p>
            </Show>
            <div class="indicator-grid" data-testid="indicator-tiles">{tiles}</div>
            <Summary board=board selected=selected asked=asked/>
            <Detail current=current board=board base=Signal::derive(move || base.get().and_then(|r| r.ok())) district=district asked=asked/>
            <ProvenancePanel asked=asked year=year through=through/>
        </section>
    }
}

#[component]
pub(crate) fn Filters(
    board: RwSignal<Option<IndicatorBoard>>,
    year: RwSignal<i32>,
    through: RwSignal<u32>,
    district: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let years = Signal::derive(move || {
        board
            .with(|b| {
                b.as_ref()
                    .map(|b| b.years.clone())
                    .filter(|y| !y.is_empty())
            })
            .unwrap_or_else(|| vec![DEFAULT_YEAR])
            .into_iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect::<Vec<_>>()
    });
    let months = Signal::derive(move || {
        let word = lang.get().pick("Tháng", "Month");
        (1..=12u32)
            .map(|m| (m.to_string(), format!("{word} {m}")))
            .collect::<Vec<_>>()
    });
    let areas = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Toàn tỉnh", "Whole province").to_string(),
        )];
        board.with(|b| {
            if let Some(b) = b {
                out.extend(
                    b.districts
                        .iter()
                        .map(|d| (d.code.clone(), l.pick(&d.name, &d.name_en).to_string())),
                );
            }
        });
        out
    });
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Bộ lọc", "Filters")>
            <FilterSelect id="filter-year" label=Signal::derive(move || lang.get().pick("Năm", "Year").to_string())
                options=years value=Signal::derive(move || year.get().to_string())
                on_change=Callback::new(move |v: String| if let Ok(y) = v.parse() { year.set(y) })/>
            <FilterSelect id="filter-through" label=Signal::derive(move || lang.get().pick("Đến hết tháng", "Through month").to_string())
                options=months value=Signal::derive(move || through.get().to_string())
                on_change=Callback::new(move |v: String| if let Ok(m) = v.parse() { through.set(m) })/>
            <FilterSelect id="filter-district" label=Signal::derive(move || lang.get().pick("Địa bàn", "Area").to_string())
                options=areas value=Signal::derive(move || district.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| district.set((!v.is_empty()).then_some(v)))/>
        </form>
    }
}

#[component]
fn StatusChip(status: Status) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=format!("status status-{}", status.slug()) data-testid="status" data-status=status.slug()>
            {move || status.label(lang.get())}
        </span>
    }
}

#[component]
pub(crate) fn Tile(
    view: IndicatorView,
    /// The district the board shows, if any: the value's provenance is for it.
    area: Option<String>,
    selected: RwSignal<Option<String>>,
    asked: RwSignal<Option<Ask>>,
    /// Change over the same span a year before, in % (sector pages).
    #[prop(optional_no_strip)]
    growth: Option<f64>,
) -> impl IntoView {
    let lang = use_lang();
    let code = view.def.code.clone();
    let code_sel = code.clone();
    let is_selected =
        Signal::derive(move || selected.with(|s| s.as_deref() == Some(code_sel.as_str())));
    let v = view.clone();
    let unit = view.def.unit.clone();
    let decimals = view.def.decimals;
    let status = view.status;
    let pct = view.pct_of_target;
    let direction = view.def.direction;
    let code_pick = code.clone();
    let code_ask = code.clone();
    view! {
        <article class="kpi-tile indicator-tile" data-testid=format!("indicator-{code}")
            class:selected=is_selected data-status=status.slug()>
            <button class="tile-pick" aria-pressed=move || is_selected.get().to_string()
                on:click=move |_| selected.set(Some(code_pick.clone()))>
                <h3 class="kpi-label">{move || title(&v, lang.get())}</h3>
            </button>
            <p class="kpi-value">
                <button class="value-link" data-testid="indicator-value"
                    title=move || lang.get().pick("Xem nguồn số liệu", "See where it came from")
                    on:click=move |_| asked.set(Some(Ask { code: code_ask.clone(), period: None, unit: area.clone() }))>
                    {move || value_text(view.value, decimals, lang.get())}
                </button>
                " "<span class="kpi-unit">{move || format::unit(&unit, lang.get()).to_string()}</span>
            </p>
            <p class="tile-foot">
                <StatusChip status=status/>
                " "<span class="muted" data-testid="indicator-pct">{move || pct.map(|_| attainment_text(direction, pct, lang.get())).unwrap_or_default()}</span>
                {(direction == Direction::Lower).then(|| view! {
                    <span class="muted small lower-better" data-testid="lower-is-better">" · "{move || lang.get().pick("càng thấp càng tốt", "lower is better")}</span>
                })}
            </p>
            {growth.map(|g| view! {
                <p class="tile-growth muted small" data-testid="indicator-growth">
                    {move || format!("{}{} {}", if g >= 0.0 { "+" } else { "" }, pct_text(Some(g), lang.get()),
                        lang.get().pick("so với cùng kỳ năm trước", "on the same period last year"))}
                </p>
            })}
        </article>
    }
}

/// All indicators in one table, with status colours and % of target.
#[component]
pub(crate) fn Summary(
    board: RwSignal<Option<IndicatorBoard>>,
    selected: RwSignal<Option<String>>,
    asked: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let lang = use_lang();
    let rows = move || {
        let l = lang.get();
        board.with(|b| {
            b.as_ref().map(|b| {
                b.indicators
                    .iter()
                    .map(|i| {
                        let code = i.def.code.clone();
                        let code2 = code.clone();
                        let area = b.unit.clone();
                        let testid = format!("row-{code}");
                        let d = i.def.decimals;
                        view! {
                            <tr data-testid=testid>
                                <th scope="row"><button class="link" on:click=move |_| selected.set(Some(code.clone()))>{title(i, l)}</button></th>
                                <td>{format::unit(&i.def.unit, l).to_string()}</td>
                                <td class="num"><button class="value-link" on:click=move |_| asked.set(Some(Ask { code: code2.clone(), period: None, unit: area.clone() }))>{value_text(i.value, d, l)}</button></td>
                                <td class="num">{value_text(i.target_to_date, d, l)}</td>
                                <td class="num">{value_text(i.target, d, l)}</td>
                                <td class="num">{attainment_text(i.def.direction, i.pct_of_target, l)}</td>
                                <td><StatusChip status=i.status/></td>
                                <td>{i.department_name.clone()}</td>
                                <td>{i.last_period.as_deref().map(|p| period_label(p, l)).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="indicator-table">
                <caption>{move || lang.get().pick("Tất cả chỉ tiêu", "All indicators")}</caption>
                <thead><tr>
                    <th scope="col">{move || lang.get().pick("Chỉ tiêu", "Indicator")}</th>
                    <th scope="col">{move || lang.get().pick("Đơn vị", "Unit")}</th>
                    <th scope="col" class="num">{move || lang.get().pick("Thực hiện", "Actual")}</th>
                    <th scope="col" class="num">{move || lang.get().pick("Chỉ tiêu theo tiến độ", "Target to date")}</th>
                    <th scope="col" class="num">{move || lang.get().pick("Chỉ tiêu năm", "Year target")}</th>
                    <th scope="col" class="num">{move || lang.get().pick("% chỉ tiêu", "% of target")}</th>
                    <th scope="col">{move || lang.get().pick("Đánh giá", "Status")}</th>
                    <th scope="col">{move || lang.get().pick("Đơn vị chủ trì", "Responsible")}</th>
                    <th scope="col">{move || lang.get().pick("Số liệu đến", "Data through")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The selected indicator: year-to-date line against the target line, the district map
/// and the district table. A district click drills the whole board down to it.
#[component]
pub(crate) fn Detail(
    current: Signal<Option<IndicatorView>>,
    board: RwSignal<Option<IndicatorBoard>>,
    base: Signal<Option<crate::model::MapBase>>,
    district: RwSignal<Option<String>>,
    asked: RwSignal<Option<Ask>>,
    /// The name of the map's markers layer (a sector's facilities).
    #[prop(optional)]
    places_label: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let lang = use_lang();
    let chart = Signal::derive(move || {
        let v = current.get()?;
        let l = lang.get();
        let cumulative = v.def.formula.aggregate.cumulative();
        let actual: Vec<f64> = v.to_date.iter().map_while(|x| *x).collect();
        let mut series = vec![Series {
            name: if cumulative {
                l.pick("Thực hiện lũy kế", "Year to date")
            } else {
                l.pick("Thực hiện (lũy kế)", "Level, year to date")
            }
            .to_string(),
            values: actual,
        }];
        if v.target_line.iter().any(Option::is_some) {
            series.push(Series {
                name: if cumulative {
                    l.pick("Chỉ tiêu theo tiến độ", "Target pro rata")
                } else {
                    l.pick("Chỉ tiêu", "Target")
                }
                .to_string(),
                values: v.target_line.iter().map(|x| x.unwrap_or(0.0)).collect(),
            });
        }
        Some(ChartSpec {
            kind: if v.def.periodicity == Periodicity::Year {
                ChartKind::Bar
            } else {
                ChartKind::Line
            },
            title: title(&v, l),
            y_unit: format::unit(&v.def.unit, l).to_string(),
            x_labels: v.periods.iter().map(|p| period_label(p, l)).collect(),
            series,
            lang: l,
        })
    });
    let map_values = Signal::derive(move || {
        current.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.by_unit
                        .iter()
                        .filter_map(|u| Some((u.unit.clone(), u.value?)))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let select = Callback::new(move |code: String| {
        district.update(|d| {
            *d = if d.as_deref() == Some(code.as_str()) {
                None
            } else {
                Some(code)
            }
        });
    });
    let names = move |code: &str, l: Lang| -> String {
        board.with(|b| {
            b.as_ref()
                .and_then(|b| b.districts.iter().find(|d| d.code == code))
                .map(|d| l.pick(&d.name, &d.name_en).to_string())
                .unwrap_or_else(|| code.to_string())
        })
    };
    let district_rows = move || {
        let l = lang.get();
        current.get().map(|v| {
            v.by_unit
                .iter()
                .map(|u| {
                    let code = u.unit.clone();
                    let code2 = code.clone();
                    let ind = v.def.code.clone();
                    let d = v.def.decimals;
                    view! {
                        <tr data-testid=format!("district-{code}") class:selected=move || district.with(|x| x.as_deref() == Some(code.as_str()))>
                            <th scope="row"><button class="link" on:click=move |_| select.run(code2.clone())>{names(&u.unit, l)}</button></th>
                            <td class="num"><button class="value-link" on:click={ let unit = u.unit.clone(); move |_| asked.set(Some(Ask { code: ind.clone(), period: None, unit: Some(unit.clone()) })) }>{value_text(u.value, d, l)}</button></td>
                            <td class="num">{value_text(u.target, d, l)}</td>
                            <td class="num">{attainment_text(v.def.direction, u.pct_of_target, l)}</td>
                            <td><StatusChip status=u.status/></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let period_cells = move || {
        let l = lang.get();
        current.get().map(|v| {
            let code = v.def.code.clone();
            let unit = board.with(|b| b.as_ref().and_then(|b| b.unit.clone()));
            v.periods
                .iter()
                .zip(&v.period_values)
                .map(|(p, x)| {
                    let ask = Ask { code: code.clone(), period: Some(p.clone()), unit: unit.clone() };
                    view! {
                        <li>
                            <span class="muted">{period_label(p, l)}</span>" "
                            <button class="value-link" disabled=x.is_none() on:click=move |_| asked.set(Some(ask.clone()))>{value_text(*x, v.def.decimals, l)}</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let map_title = Signal::derive(move || {
        current.with(|c| {
            c.as_ref()
                .map(|c| format!("{} ({})", title(c, lang.get()), c.def.unit))
                .unwrap_or_default()
        })
    });
    let fmt = Callback::new(move |x: f64| {
        let (d, unit) = current.with_untracked(|c| {
            c.as_ref()
                .map(|c| (c.def.decimals, c.def.unit.clone()))
                .unwrap_or_default()
        });
        format!("{} {unit}", value_text(Some(x), d, lang.get_untracked()))
    });
    view! {
        <Show when=move || current.with(|c| c.is_some())>
            <section class="indicator-detail" data-testid="indicator-detail">
                <h2>{move || current.with(|c| c.as_ref().map(|c| title(c, lang.get())).unwrap_or_default())}</h2>
                <p class="muted small" data-testid="indicator-formula">
                    {move || current.with(|c| c.as_ref().map(|c| format!("{}: {} · {}: {}", lang.get().pick("Công thức", "Formula"), c.formula_text, lang.get().pick("Đơn vị chủ trì", "Responsible"), c.department_name)).unwrap_or_default())}
                </p>
                <div class="grid-2">
                    <Chart id="chart-indicator" spec=chart/>
                    <CityMap id="indicator-map" base=base values=map_values format_value=fmt
                        legend_title=map_title selected=district on_select=select places_label=places_label />
                </div>
                <h3>{move || lang.get().pick("Theo kỳ", "By period")}</h3>
                <ul class="period-values" data-testid="period-values">{period_cells}</ul>
                <div class="table-wrap">
                    <table class="data-table" data-testid="district-indicator-table">
                        <caption>{move || lang.get().pick("Theo địa bàn (bấm tên để lọc cả trang)", "By district (click a name to filter the page)")}</caption>
                        <thead><tr>
                            <th scope="col">{move || lang.get().pick("Địa bàn", "District")}</th>
                            <th scope="col" class="num">{move || lang.get().pick("Thực hiện", "Actual")}</th>
                            <th scope="col" class="num">{move || lang.get().pick("Chỉ tiêu", "Target")}</th>
                            <th scope="col" class="num">"%"</th>
                            <th scope="col">{move || lang.get().pick("Đánh giá", "Status")}</th>
                        </tr></thead>
                        <tbody>{district_rows}</tbody>
                    </table>
                </div>
            </section>
        </Show>
    }
}

/// Where the asked value came from: formula, dataset, department, rows and batches.
#[component]
pub(crate) fn ProvenancePanel(
    asked: RwSignal<Option<Ask>>,
    year: RwSignal<i32>,
    through: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let answer = LocalResource::new(move || {
        let a = asked.get();
        let (y, t) = (year.get_untracked(), through.get_untracked());
        async move {
            match a {
                Some(a) => Some(indicator_provenance(a.code, y, Some(t), a.period, a.unit).await),
                None => None,
            }
        }
    });
    let body = move || match answer.get().flatten() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(p)) => view! { <ProvenanceBody p=p/> }.into_any(),
    };
    view! {
        <Show when=move || asked.with(|a| a.is_some())>
            <Dialog id="provenance" on_close=Callback::new(move |_| asked.set(None))
                title=Signal::derive(move || lang.get().pick("Nguồn số liệu", "Where this value came from").to_string())>
                {body}
            </Dialog>
        </Show>
    }
}

#[component]
fn ProvenanceBody(p: Provenance) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let fields: Vec<String> = p
        .rows
        .first()
        .map(|r| r.values.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let fields_for_cols = fields.clone();
    let columns = Signal::derive(move || {
        let l = lang.get();
        let mut c = vec![
            Column::text(l.pick("Địa bàn", "Area")),
            Column::text(l.pick("Kỳ", "Period")),
        ];
        c.extend(fields_for_cols.iter().map(|f| Column::number(f.clone())));
        c.push(Column::number(l.pick("Lô", "Batch")));
        c.push(Column::text(l.pick("Cập nhật", "Updated")));
        c
    });
    let rows: Vec<Vec<Cell>> = p
        .rows
        .iter()
        .map(|r| {
            let mut c = vec![
                Cell::Text(
                    r.unit_name
                        .clone()
                        .or(r.unit.clone())
                        .unwrap_or_else(|| "—".into()),
                ),
                Cell::Text(r.period.clone().unwrap_or_default()),
            ];
            c.extend(r.values.iter().map(|(_, v)| Cell::Number {
                value: v.unwrap_or(f64::NAN),
                shown: value_text(*v, auto_decimals(*v), l),
            }));
            // Batch 0: a row a module computes as it is read (a derived dataset), not sent.
            c.push(Cell::Number {
                value: r.batch_id as f64,
                shown: if r.batch_id == 0 {
                    "—".to_string()
                } else {
                    format!("#{}", r.batch_id)
                },
            });
            c.push(Cell::Text(format::datetime_local(&r.updated_at, l)));
            c
        })
        .collect();
    let span = if p.from_period == p.to_period {
        p.from_period.clone()
    } else {
        format!("{} → {}", p.from_period, p.to_period)
    };
    let area = p
        .unit_name
        .clone()
        .unwrap_or_else(|| l.pick("Toàn tỉnh", "Whole province").to_string());
    let shown_rows = p.rows.len() as u64;
    view! {
        <dl class="facts" data-testid="provenance-facts">
            <dt>{move || lang.get().pick("Chỉ tiêu", "Indicator")}</dt><dd>{p.title.clone()}</dd>
            <dt>{move || lang.get().pick("Giá trị", "Value")}</dt><dd data-testid="provenance-value">{value_text(p.value, auto_decimals(p.value), l)}</dd>
            <dt>{move || lang.get().pick("Công thức", "Formula")}</dt><dd><code>{p.formula_text.clone()}</code></dd>
            <dt>{move || lang.get().pick("Tập dữ liệu", "Dataset")}</dt><dd data-testid="provenance-dataset">{format!("{} ({})", p.dataset_title, p.dataset)}</dd>
            <dt>{move || lang.get().pick("Đơn vị cung cấp", "Department")}</dt><dd>{p.department_name.clone()}</dd>
            <dt>{move || lang.get().pick("Địa bàn, kỳ", "Area, span")}</dt><dd>{format!("{area} · {span}")}</dd>
            <dt>{move || lang.get().pick("Số dòng dữ liệu", "Rows used")}</dt><dd data-testid="provenance-rows">{p.row_count}</dd>
            <dt>{move || lang.get().pick("Cập nhật lần cuối", "Last updated")}</dt><dd>{p.last_update.as_deref().map(|t| format::datetime_local(t, l)).unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <BatchesTable id="provenance-batches" batches=p.batches.clone()/>
        <DataTable id="provenance-rows" columns=columns rows=rows
            caption=Signal::derive(move || if shown_rows < p.row_count {
                format!("{} ({} / {})", lang.get().pick("Các dòng dữ liệu", "Rows"), shown_rows, p.row_count)
            } else { lang.get().pick("Các dòng dữ liệu", "Rows").to_string() }) />
    }
}
