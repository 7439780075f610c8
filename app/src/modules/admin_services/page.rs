//! `/admin-services`: the counters of a period with the dossiers behind each number, the
//! agencies ranked by on-time rate, the months, the districts on a map, and the overdue.

use super::api::{load_admin_summary, load_dossiers};
use super::model::{Counts, DossierPage, DossierQuery, Filter, Kind, Summary};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{
    Cell, Chart, CityMap, Column, DataTable, ErrorNote, FilterSelect, KpiTile, Loading,
};
use crate::format;
use crate::i18n::{use_lang, use_t, Lang};
use crate::model::Series;
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

fn kind_title(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Received => lang.pick(
            "Hồ sơ tiếp nhận trong kỳ",
            "Dossiers received in the period",
        ),
        Kind::Resolved => lang.pick(
            "Hồ sơ đã giải quyết trong kỳ",
            "Dossiers resolved in the period",
        ),
        Kind::Early => lang.pick("Hồ sơ giải quyết trước hạn", "Dossiers resolved early"),
        Kind::OnTime => lang.pick("Hồ sơ giải quyết đúng hạn", "Dossiers resolved on time"),
        Kind::Late => lang.pick("Hồ sơ giải quyết trễ hạn", "Dossiers resolved late"),
        Kind::Pending => lang.pick("Hồ sơ đang giải quyết", "Dossiers pending"),
        Kind::Within => lang.pick(
            "Hồ sơ đang giải quyết, còn hạn",
            "Dossiers pending within deadline",
        ),
        Kind::Overdue => lang.pick("Hồ sơ quá hạn", "Overdue dossiers"),
    }
}

fn number(v: u64, lang: Lang) -> String {
    format::number(v as f64, 0, lang)
}

fn rate_cell(r: Option<f64>, lang: Lang) -> Cell {
    match r {
        Some(v) => Cell::Number {
            value: v,
            shown: format!("{} %", format::number(v, 1, lang)),
        },
        None => Cell::Number {
            value: -1.0,
            shown: "—".into(),
        },
    }
}

fn count_cell(v: u64, lang: Lang) -> Cell {
    Cell::Number {
        value: v as f64,
        shown: number(v, lang),
    }
}

/// The columns every counts table shows after its first.
fn count_columns(lang: Lang) -> Vec<Column> {
    vec![
        Column::number(lang.pick("Tiếp nhận", "Received")),
        Column::number(lang.pick("Đã giải quyết", "Resolved")),
        Column::number(lang.pick("Trước hạn", "Early")),
        Column::number(lang.pick("Đúng hạn", "On time")),
        Column::number(lang.pick("Trễ hạn", "Late")),
        Column::number(lang.pick("Đang giải quyết", "Pending")),
        Column::number(lang.pick("Quá hạn", "Overdue")),
        Column::number(lang.pick("Tỷ lệ đúng hạn", "On-time rate")),
        Column::number(lang.pick("Tỷ lệ trực tuyến", "Online rate")),
    ]
}

fn count_cells(c: &Counts, lang: Lang) -> Vec<Cell> {
    vec![
        count_cell(c.received, lang),
        count_cell(c.resolved, lang),
        count_cell(c.resolved_early, lang),
        count_cell(c.resolved_on_time, lang),
        count_cell(c.resolved_late, lang),
        count_cell(c.pending, lang),
        count_cell(c.pending_overdue, lang),
        rate_cell(c.on_time_rate, lang),
        rate_cell(c.online_rate, lang),
    ]
}

fn month_label(m: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "T{}/{}",
            m.get(5..7).unwrap_or(""),
            m.get(2..4).unwrap_or("")
        ),
        Lang::En => m.to_string(),
    }
}

#[component]
pub fn AdminServicesPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let agency = RwSignal::new(None::<String>);
    let unit = RwSignal::new(None::<String>);
    let filter = Memo::new(move |_| Filter {
        from: Some(from.get()).filter(|s| !s.is_empty()),
        to: Some(to.get()).filter(|s| !s.is_empty()),
        agency: agency.get(),
        unit: unit.get(),
    });
    let summary = LocalResource::new(move || load_admin_summary(filter.get()));
    let base = LocalResource::new(fetch_map_base);

    // The last good answer, so the page does not blank while a new filter loads.
    let data = RwSignal::new(None::<Summary>);
    let error = RwSignal::new(None);
    // The choices of the selectors, from the last answer without that choice made.
    let agencies = RwSignal::new(Vec::<(String, String, String)>::new());
    let units = RwSignal::new(Vec::<(String, String, String)>::new());
    Effect::new(move |_| match summary.get() {
        Some(Ok(d)) => {
            if d.agency.is_none() {
                agencies.set(
                    d.by_agency
                        .iter()
                        .map(|a| (a.agency.clone(), a.name.clone(), a.name_en.clone()))
                        .collect(),
                );
            }
            if d.unit.is_none() {
                units.set(
                    d.by_unit
                        .iter()
                        .map(|u| (u.unit.clone(), u.name.clone(), u.name_en.clone()))
                        .collect(),
                );
            }
            // The dates the server settled on show in the date fields.
            if from.get_untracked().is_empty() {
                from.set(d.from.clone());
            }
            if to.get_untracked().is_empty() {
                to.set(d.to.clone());
            }
            data.set(Some(d));
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });

    // The dossiers behind a number: the overdue until another number is opened.
    let drill = RwSignal::new(Kind::Overdue);
    let drill_page = RwSignal::new(1u64);
    let list = LocalResource::new(move || {
        let q = DossierQuery {
            kind: drill.get(),
            filter: filter.get(),
            page: Some(drill_page.get()),
        };
        load_dossiers(q)
    });
    let list_data = RwSignal::new(None::<DossierPage>);
    let list_error = RwSignal::new(None);
    Effect::new(move |_| match list.get() {
        Some(Ok(p)) => {
            list_data.set(Some(p));
            list_error.set(None);
        }
        Some(Err(e)) => list_error.set(Some(e)),
        None => {}
    });
    let open = move |kind: Kind| {
        Callback::new(move |_: ()| {
            drill.set(kind);
            drill_page.set(1);
            #[cfg(target_arch = "wasm32")]
            if let Some(el) = document().get_element_by_id("dossier-list") {
                el.scroll_into_view();
            }
        })
    };
    // A new filter starts the list again from its first page.
    Effect::new(move |_| {
        filter.track();
        drill_page.set(1);
    });

    let totals = move || data.with(|d| d.as_ref().map(|d| d.totals.clone()));
    let count = move |f: fn(&Counts) -> u64| Signal::derive(move || totals().map(|c| f(&c) as f64));
    let rate =
        move |f: fn(&Counts) -> Option<f64>| Signal::derive(move || totals().and_then(|c| f(&c)));
    let unit_word = Signal::derive(move || lang.get().pick("hồ sơ", "dossiers").to_string());
    let open_label =
        Signal::derive(move || lang.get().pick("Xem hồ sơ", "Open dossiers").to_string());
    let label = move |vi: &'static str, en: &'static str| {
        Signal::derive(move || lang.get().pick(vi, en).to_string())
    };
    let resolved_note = Signal::derive(move || {
        let l = lang.get();
        totals()
            .map(|c| {
                format!(
                    "{} {} · {} {} · {} {}",
                    l.pick("trước hạn", "early"),
                    number(c.resolved_early, l),
                    l.pick("đúng hạn", "on time"),
                    number(c.resolved_on_time, l),
                    l.pick("trễ hạn", "late"),
                    number(c.resolved_late, l)
                )
            })
            .unwrap_or_default()
    });
    let pending_note = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    format!(
                        "{} {} · {} {}",
                        l.pick("còn hạn", "within deadline"),
                        number(d.totals.pending_within, l),
                        l.pick("tính đến", "as of"),
                        format::datetime_local(&d.as_of, l)
                    )
                })
                .unwrap_or_default()
        })
    });
    let tiles = view! {
        <div class="kpi-grid" data-testid="kpi-grid">
            <KpiTile id="received" label=label("Tiếp nhận", "Received") value=count(|c| c.received)
                unit=unit_word on_open=open(Kind::Received) open_label=open_label/>
            <KpiTile id="resolved" label=label("Đã giải quyết", "Resolved") value=count(|c| c.resolved)
                unit=unit_word note=resolved_note on_open=open(Kind::Resolved) open_label=open_label/>
            <KpiTile id="late" label=label("Giải quyết trễ hạn", "Resolved late") value=count(|c| c.resolved_late)
                unit=unit_word on_open=open(Kind::Late) open_label=open_label/>
            <KpiTile id="pending" label=label("Đang giải quyết", "Pending") value=count(|c| c.pending)
                unit=unit_word note=pending_note on_open=open(Kind::Pending) open_label=open_label/>
            <KpiTile id="overdue" label=label("Quá hạn", "Overdue") value=count(|c| c.pending_overdue)
                unit=unit_word on_open=open(Kind::Overdue) open_label=open_label/>
            <KpiTile id="on-time-rate" label=label("Tỷ lệ đúng hạn", "On-time rate") value=rate(|c| c.on_time_rate)
                unit="%" decimals=1 note=label("(trước hạn + đúng hạn) ÷ đã giải quyết", "(early + on time) ÷ resolved")/>
            <KpiTile id="online-rate" label=label("Tỷ lệ tiếp nhận trực tuyến", "Received online") value=rate(|c| c.online_rate)
                unit="%" decimals=1 note=Signal::derive(move || {
                    let l = lang.get();
                    totals().and_then(|c| c.online_payment_rate).map(|r| format!("{} {} %", l.pick("thanh toán trực tuyến", "paid online"), format::number(r, 1, l))).unwrap_or_default()
                })/>
            <KpiTile id="digitised-rate" label=label("Tỷ lệ số hoá hồ sơ", "Digitised") value=rate(|c| c.digitised_rate)
                unit="%" decimals=1/>
        </div>
    }
    .into_any();

    let months = move || data.with(|d| d.as_ref().map(|d| d.by_month.clone()).unwrap_or_default());
    let outcome_chart = Signal::derive(move || {
        let l = lang.get();
        let m = months();
        data.with(|d| d.is_some()).then(|| ChartSpec {
            kind: ChartKind::StackedBar,
            title: l
                .pick(
                    "Hồ sơ đã giải quyết theo tháng",
                    "Dossiers resolved by month",
                )
                .to_string(),
            y_unit: l.pick("hồ sơ", "dossiers").to_string(),
            x_labels: m.iter().map(|x| month_label(&x.month, l)).collect(),
            series: vec![
                Series {
                    name: l.pick("Trước hạn", "Early").into(),
                    values: m.iter().map(|x| x.counts.resolved_early as f64).collect(),
                },
                Series {
                    name: l.pick("Đúng hạn", "On time").into(),
                    values: m.iter().map(|x| x.counts.resolved_on_time as f64).collect(),
                },
                Series {
                    name: l.pick("Trễ hạn", "Late").into(),
                    values: m.iter().map(|x| x.counts.resolved_late as f64).collect(),
                },
            ],
            lang: l,
        })
    });
    let flow_chart = Signal::derive(move || {
        let l = lang.get();
        let m = months();
        data.with(|d| d.is_some()).then(|| ChartSpec {
            kind: ChartKind::Line,
            title: l
                .pick(
                    "Tiếp nhận, giải quyết và tồn đọng cuối tháng",
                    "Received, resolved and pending at month end",
                )
                .to_string(),
            y_unit: l.pick("hồ sơ", "dossiers").to_string(),
            x_labels: m.iter().map(|x| month_label(&x.month, l)).collect(),
            series: vec![
                Series {
                    name: l.pick("Tiếp nhận", "Received").into(),
                    values: m.iter().map(|x| x.counts.received as f64).collect(),
                },
                Series {
                    name: l.pick("Đã giải quyết", "Resolved").into(),
                    values: m.iter().map(|x| x.counts.resolved as f64).collect(),
                },
                Series {
                    name: l
                        .pick("Đang giải quyết cuối tháng", "Pending at month end")
                        .into(),
                    values: m.iter().map(|x| x.counts.pending as f64).collect(),
                },
                Series {
                    name: l.pick("Quá hạn cuối tháng", "Overdue at month end").into(),
                    values: m.iter().map(|x| x.counts.pending_overdue as f64).collect(),
                },
            ],
            lang: l,
        })
    });
    let charts = view! {
        <div class="grid-2">
            <Chart id="chart-outcomes" spec=outcome_chart/>
            <Chart id="chart-flow" spec=flow_chart/>
        </div>
    }
    .into_any();

    // Agencies ranked by on-time rate, the best first (those with nothing resolved last).
    let agency_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            let mut list = d.by_agency.clone();
            list.sort_by(|a, b| {
                b.counts
                    .on_time_rate
                    .unwrap_or(-1.0)
                    .total_cmp(&a.counts.on_time_rate.unwrap_or(-1.0))
                    .then_with(|| b.counts.resolved.cmp(&a.counts.resolved))
            });
            list.iter()
                .enumerate()
                .map(|(i, a)| {
                    let mut row = vec![
                        count_cell(i as u64 + 1, l),
                        Cell::Text(l.pick(&a.name, &a.name_en).to_string()),
                    ];
                    row.extend(count_cells(&a.counts, l));
                    row
                })
                .collect()
        })
    });
    let agency_cols = Signal::derive(move || {
        let l = lang.get();
        let mut c = vec![
            Column::number("#"),
            Column::text(l.pick("Cơ quan", "Agency")),
        ];
        c.extend(count_columns(l));
        c
    });
    let unit_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            d.by_unit
                .iter()
                .map(|u| {
                    let mut row = vec![Cell::Text(l.pick(&u.name, &u.name_en).to_string())];
                    row.extend(count_cells(&u.counts, l));
                    row
                })
                .collect()
        })
    });
    let unit_cols = Signal::derive(move || {
        let l = lang.get();
        let mut c = vec![Column::text(l.pick("Địa bàn", "Area"))];
        c.extend(count_columns(l));
        c
    });
    let map_values = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.by_unit
                        .iter()
                        .filter_map(|u| Some((u.unit.clone(), u.counts.on_time_rate?)))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let select_from_map = Callback::new(move |code: String| {
        unit.update(|u| {
            *u = if u.as_deref() == Some(code.as_str()) {
                None
            } else {
                Some(code)
            }
        });
    });
    let tables = view! {
        <section class="panel" data-testid="agency-ranking">
            <h2>{move || lang.get().pick("Xếp hạng cơ quan theo tỷ lệ giải quyết đúng hạn", "Agencies ranked by on-time rate")}</h2>
            <DataTable id="agency-table" columns=agency_cols rows=agency_rows
                caption=Signal::derive(move || lang.get().pick("Theo cơ quan", "By agency").to_string())/>
        </section>
        <div class="grid-2 map-row">
            <CityMap id="admin-services-map"
                base=Signal::derive(move || base.get().and_then(|r| r.ok()))
                values=map_values
                format_value=Callback::new(move |v: f64| format!("{} %", format::number(v, 1, lang.get_untracked())))
                legend_title=Signal::derive(move || lang.get().pick("Tỷ lệ giải quyết đúng hạn (%)", "On-time rate (%)").to_string())
                selected=unit
                on_select=select_from_map/>
            <DataTable id="unit-table" columns=unit_cols rows=unit_rows
                caption=Signal::derive(move || lang.get().pick("Theo địa bàn (cấp tỉnh: cơ quan cấp tỉnh)", "By area (province: provincial agencies)").to_string())/>
        </div>
    }
    .into_any();

    let list_rows = Signal::derive(move || {
        let l = lang.get();
        let names = agencies.get();
        let unit_names = units.get();
        list_data.with(|p| {
            let Some(p) = p else { return vec![] };
            p.rows
                .iter()
                .map(|r| {
                    let agency = names
                        .iter()
                        .find(|a| a.0 == r.agency)
                        .map(|a| l.pick(&a.1, &a.2).to_string())
                        .unwrap_or_else(|| r.agency.clone());
                    let area = unit_names
                        .iter()
                        .find(|u| u.0 == r.unit)
                        .map(|u| l.pick(&u.1, &u.2).to_string())
                        .unwrap_or_else(|| r.unit.clone());
                    vec![
                        Cell::Text(r.id.clone()),
                        Cell::Text(agency),
                        Cell::Text(format!("{} {}", r.procedure_code, r.procedure_name)),
                        Cell::Text(area),
                        Cell::Text(format::datetime_local(&r.received_at, l)),
                        Cell::Text(format::datetime_local(&r.due_at, l)),
                        Cell::Text(
                            r.resolved_at
                                .as_deref()
                                .map(|t| format::datetime_local(t, l))
                                .unwrap_or_default(),
                        ),
                        count_cell(r.days_overdue.max(0) as u64, l),
                    ]
                })
                .collect()
        })
    });
    let list_cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::code(l.pick("Mã hồ sơ", "Dossier")),
            Column::text(l.pick("Cơ quan", "Agency")),
            Column::text(l.pick("Thủ tục", "Procedure")),
            Column::text(l.pick("Địa bàn", "Area")),
            Column::text(l.pick("Tiếp nhận", "Received")),
            Column::text(l.pick("Hạn giải quyết", "Due")),
            Column::text(l.pick("Đã giải quyết", "Resolved")),
            Column::number(l.pick("Số ngày quá hạn", "Days overdue")),
        ]
    });
    let pages = move || {
        list_data.with(|p| {
            p.as_ref()
                .map(|p| (p.page, p.total.div_ceil(p.page_size).max(1), p.total))
        })
    };
    let kind_options = Signal::derive(move || {
        let l = lang.get();
        Kind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), kind_title(*k, l).to_string()))
            .collect::<Vec<_>>()
    });
    let list_section = view! {
        <section class="panel" id="dossier-list" data-testid="dossier-list">
            <h2>{move || kind_title(drill.get(), lang.get())}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterSelect id="filter-kind" label=label("Danh sách", "List") options=kind_options
                    value=Signal::derive(move || drill.get().as_str().to_string())
                    on_change=Callback::new(move |v: String| if let Some(k) = Kind::parse(&v) { drill.set(k); drill_page.set(1); })/>
            </form>
            {move || list_error.get().map(|e| view! { <ErrorNote error=e/> })}
            <p class="muted" data-testid="dossier-total">{move || list_data.with(|p| p.as_ref().map(|p| {
                let l = lang.get();
                format!("{} {} · {} {}", number(p.total, l), l.pick("hồ sơ", "dossiers"), l.pick("tính đến", "as of"), format::datetime_local(&p.as_of, l))
            }))}</p>
            <DataTable id="dossier-table" columns=list_cols rows=list_rows
                caption=Signal::derive(move || kind_title(drill.get(), lang.get()).to_string())/>
            <nav class="pager" aria-label=move || lang.get().pick("Trang", "Pages")>
                <button type="button" data-testid="page-prev"
                    disabled=move || pages().is_none_or(|(p, _, _)| p <= 1)
                    on:click=move |_| drill_page.update(|p| *p = p.saturating_sub(1).max(1))>
                    {move || lang.get().pick("← Trang trước", "← Previous")}</button>
                <span>{move || pages().map(|(p, n, _)| format!("{p} / {n}"))}</span>
                <button type="button" data-testid="page-next"
                    disabled=move || pages().is_none_or(|(p, n, _)| p >= n)
                    on:click=move |_| drill_page.update(|p| *p += 1)>
                    {move || lang.get().pick("Trang sau →", "Next →")}</button>
            </nav>
        </section>
    }
    .into_any();

    let agency_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Tất cả cơ quan", "All agencies").to_string(),
        )];
        out.extend(
            agencies
                .get()
                .into_iter()
                .map(|(c, vi, en)| (c, l.pick(&vi, &en).to_string())),
        );
        out
    });
    let unit_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(String::new(), t().all_districts.to_string())];
        out.extend(
            units
                .get()
                .into_iter()
                .map(|(c, vi, en)| (c, l.pick(&vi, &en).to_string())),
        );
        out
    });
    let filters = view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Bộ lọc", "Filters")>
            <label>
                <span>{move || lang.get().pick("Từ ngày", "From")}</span>
                <input type="date" data-testid="filter-from" prop:value=move || from.get()
                    on:change=move |ev| from.set(event_target_value(&ev))/>
            </label>
            <label>
                <span>{move || lang.get().pick("Đến ngày", "To")}</span>
                <input type="date" data-testid="filter-to" prop:value=move || to.get()
                    on:change=move |ev| to.set(event_target_value(&ev))/>
            </label>
            <FilterSelect id="filter-agency" label=label("Cơ quan", "Agency") options=agency_options
                value=Signal::derive(move || agency.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| agency.set((!v.is_empty()).then_some(v)))/>
            <FilterSelect id="filter-district" label=Signal::derive(move || t().district.to_string()) options=unit_options
                value=Signal::derive(move || unit.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| unit.set((!v.is_empty()).then_some(v)))/>
        </form>
    }
    .into_any();

    let definitions = view! {
        <details class="panel definitions" data-testid="definitions">
            <summary>{move || lang.get().pick("Cách tính các chỉ số", "How the numbers are counted")}</summary>
            <ul>
                <li>{move || lang.get().pick(
                    "Tiếp nhận trong kỳ: thời điểm tiếp nhận nằm trong kỳ. Ngày tính theo giờ Việt Nam (UTC+7).",
                    "Received in a period: received inside it. Days are Vietnam's (UTC+7).")}</li>
                <li>{move || lang.get().pick(
                    "Đã giải quyết trong kỳ: thời điểm giải quyết nằm trong kỳ; trước hạn nếu giải quyết vào một ngày trước ngày hết hạn, đúng hạn nếu vào ngày hết hạn và không muộn hơn hạn, trễ hạn nếu sau hạn.",
                    "Resolved in a period: resolved inside it; early when resolved on a day before the due day, on time on the due day at or before the deadline, late after it.")}</li>
                <li>{move || lang.get().pick(
                    "Đang giải quyết cuối kỳ: đã tiếp nhận và chưa giải quyết vào cuối kỳ (hồ sơ bị trả lại hoặc rút không tính); quá hạn nếu hạn giải quyết trước cuối kỳ.",
                    "Pending at the end of a period: received and not resolved by then (returned and withdrawn dossiers are neither); overdue when due before the end.")}</li>
                <li>{move || lang.get().pick(
                    "Tỷ lệ đúng hạn = (trước hạn + đúng hạn) ÷ đã giải quyết; tỷ lệ trực tuyến = tiếp nhận trực tuyến ÷ tiếp nhận; thanh toán trực tuyến và số hoá ÷ tiếp nhận.",
                    "On-time rate = (early + on time) ÷ resolved; online rate = received online ÷ received; online payment and digitised ÷ received.")}</li>
            </ul>
        </details>
    }
    .into_any();

    view! {
        <section class="page" data-testid="page-admin-services">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Dịch vụ hành chính công", "Public administration services")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Hồ sơ thủ tục hành chính của các sở, ngành và địa phương, tính từ dữ liệu từng hồ sơ.",
                        "Administrative procedure dossiers of the province's agencies, counted from each dossier.")}</p>
                </div>
            </header>
            {filters}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || data.with(|d| d.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>
            {tiles}
            {charts}
            {tables}
            {list_section}
            <super::scorecard::Scorecard/>
            {definitions}
        </section>
    }
}
