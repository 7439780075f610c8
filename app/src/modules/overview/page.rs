use super::api::{fetch_map_base, overview_summary};
use super::model::kpi;
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{
    AlertFeed, Cell, Chart, CityMap, Column, DataTable, ErrorNote, FilterSelect, KpiTile, Loading,
};
use crate::format;
use crate::i18n::{use_lang, use_t, Lang, Strings};
use crate::model::Series;
use leptos::prelude::*;

const DEFAULT_YEAR: i32 = 2024;

fn month_labels(lang: Lang) -> Vec<String> {
    (1..=12)
        .map(|m| lang.pick("T", "M").to_string() + &m.to_string())
        .collect()
}

fn kpi_label(s: &Strings, key: &str) -> &'static str {
    match key {
        kpi::POPULATION => s.kpi_population,
        kpi::VISITORS => s.kpi_visitors,
        kpi::DOSSIERS => s.kpi_dossiers,
        kpi::ON_TIME => s.kpi_on_time,
        kpi::FEEDBACK => s.kpi_feedback,
        kpi::FEEDBACK_RESOLVED => s.kpi_feedback_resolved,
        _ => "",
    }
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let year = RwSignal::new(DEFAULT_YEAR);
    let district = RwSignal::new(None::<String>);
    let month = RwSignal::new(None::<u32>);

    let summary =
        LocalResource::new(move || overview_summary(year.get(), district.get(), month.get()));
    let base = LocalResource::new(fetch_map_base);

    let (data, error) = crate::components::last_good(summary);

    let years = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| d.years.clone())
                .unwrap_or_else(|| vec![DEFAULT_YEAR])
        })
    };
    let districts =
        move || data.with(|d| d.as_ref().map(|d| d.districts.clone()).unwrap_or_default());
    let demo = move || data.with(|d| d.as_ref().is_some_and(|d| d.demo));

    let visitors_chart = Signal::derive(move || {
        data.get().map(|d| ChartSpec {
            kind: ChartKind::Line,
            title: t().chart_visitors_title.to_string(),
            y_unit: lang.get().pick("lượt", "visits").to_string(),
            x_labels: month_labels(lang.get()),
            series: vec![Series {
                name: t().kpi_visitors.to_string(),
                ..d.visitors_by_month
            }],
            lang: lang.get(),
        })
    });
    let dossiers_chart = Signal::derive(move || {
        data.get().map(|d| ChartSpec {
            kind: ChartKind::StackedBar,
            title: t().chart_dossiers_title.to_string(),
            y_unit: lang.get().pick("hồ sơ", "dossiers").to_string(),
            x_labels: month_labels(lang.get()),
            series: d
                .dossiers_by_month
                .into_iter()
                .map(|s| Series {
                    name: match s.name.as_str() {
                        "on_time" => lang.get().pick("Đúng hạn, trước hạn", "On time or early"),
                        "late" => lang.get().pick("Trễ hạn", "Late"),
                        other => other,
                    }
                    .to_string(),
                    values: s.values,
                })
                .collect(),
            lang: lang.get(),
        })
    });

    let map_values = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.visitors_by_district
                        .iter()
                        .map(|v| (v.code.clone(), v.value))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let table_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            d.districts
                .iter()
                .map(|u| {
                    let v = d
                        .visitors_by_district
                        .iter()
                        .find(|v| v.code == u.code)
                        .map(|v| v.value)
                        .unwrap_or(0.0);
                    vec![
                        Cell::Text(l.pick(&u.name, &u.name_en).to_string()),
                        Cell::Number {
                            value: v,
                            shown: format::number(v, 0, l),
                        },
                    ]
                })
                .collect()
        })
    });
    let table_cols =
        Signal::derive(move || vec![Column::text(t().district), Column::number(t().kpi_visitors)]);

    let select_from_map = Callback::new(move |code: String| {
        district.update(|d| {
            *d = if d.as_deref() == Some(code.as_str()) {
                None
            } else {
                Some(code)
            }
        });
    });

    let tiles = move || {
        data.get().map(|d| {
            d.kpis
                .into_iter()
                .map(|k| {
                    let key = k.key.clone();
                    let unit = lang.get().pick(&k.unit_vi, &k.unit_en).to_string();
                    view! {
                        <KpiTile id=key.clone()
                            label=Signal::derive(move || kpi_label(t(), &key).to_string())
                            value=Some(k.value) unit=unit decimals=k.decimals
                            change_pct=k.change_pct
                            change_label=Signal::derive(move || t().vs_last_year.to_string()) />
                    }
                })
                .collect_view()
        })
    };

    let district_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(String::new(), t().all_districts.to_string())];
        out.extend(
            districts()
                .into_iter()
                .map(|d| (d.code.clone(), l.pick(&d.name, &d.name_en).to_string())),
        );
        out
    });
    let year_options = Signal::derive(move || {
        years()
            .into_iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect::<Vec<_>>()
    });
    let month_options = Signal::derive(move || {
        let mut out = vec![(String::new(), t().all_months.to_string())];
        out.extend((1..=12u32).map(|m| (m.to_string(), format!("{} {m}", t().month))));
        out
    });
    // Built apart and erased, so that the page's view type stays shallow.
    let filters = view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Bộ lọc", "Filters")>
            <FilterSelect id="filter-district" label=Signal::derive(move || t().district.to_string())
                options=district_options value=Signal::derive(move || district.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| district.set((!v.is_empty()).then_some(v)))/>
            <FilterSelect id="filter-year" label=Signal::derive(move || t().year.to_string())
                options=year_options value=Signal::derive(move || year.get().to_string())
                on_change=Callback::new(move |v: String| if let Ok(y) = v.parse() { year.set(y) })/>
            <FilterSelect id="filter-month" label=Signal::derive(move || t().month.to_string())
                options=month_options value=Signal::derive(move || month.get().map(|m| m.to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| month.set(v.parse().ok()))/>
        </form>
    }
    .into_any();
    let map_row = view! {
            <div class="grid-2 map-row">
                <CityMap id="overview-map"
                    base=Signal::derive(move || base.get().and_then(|r| r.ok()))
                    values=map_values
                    format_value=Callback::new(move |v: f64| format!("{} {}", format::number(v, 0, lang.get_untracked()), lang.get_untracked().pick("lượt", "visits")))
                    legend_title=Signal::derive(move || t().map_metric.to_string())
                    selected=district
                    on_select=select_from_map />
                <DataTable id="district-table" columns=table_cols rows=table_rows
                    caption=Signal::derive(move || t().map_metric.to_string()) />
            </div>
    }
    .into_any();

    view! {
        <section class="page" data-testid="page-overview">
            <header class="page-head">
                <div>
                    <h1>{move || t().overview_title}</h1>
                    <p class="muted">{move || t().overview_intro}</p>
                </div>
                <Show when=demo><span class="badge demo" data-testid="demo-badge">{move || t().demo_badge}</span></Show>
            </header>

            {filters}

            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || data.with(|d| d.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>

            <div class="kpi-grid" data-testid="kpi-grid">{tiles}</div>

            <div class="grid-2">
                <Chart id="chart-visitors" spec=visitors_chart/>
                <Chart id="chart-dossiers" spec=dossiers_chart/>
            </div>

            {map_row}

            <AlertFeed id="overview-alerts"/>
        </section>
    }
}
