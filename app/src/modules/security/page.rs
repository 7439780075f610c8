//! `/security`: the province's security events of the last day, week or month — counts by
//! severity, the timeline, attack types and sources, the systems hit (on the map by
//! district), and the newest events with filters.

use super::api::{load_security_board, load_security_events};
use super::model::{EventQuery, EventSeverity, SecurityBoard, SecurityEvent};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{
    last_good, Cell, Chart, CityMap, Column, DataTable, ErrorNote, FilterSelect, KpiTile, Loading,
};
use crate::format;
use crate::i18n::{use_lang, use_t, Lang};
use crate::model::Series;
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

fn severity_name(s: EventSeverity, l: Lang) -> &'static str {
    let (vi, en) = s.label();
    l.pick(vi, en)
}

fn count_cell(v: u64, l: Lang) -> Cell {
    Cell::Number {
        value: v as f64,
        shown: format::number(v as f64, 0, l),
    }
}

/// The timeline's bars: `14h` on a day's board, `01/06` on longer ones.
fn bucket_labels(d: &SecurityBoard) -> Vec<String> {
    let hourly = d.days <= 1;
    d.timeline
        .iter()
        .map(|b| {
            if hourly {
                b.label.get(11..13).unwrap_or("").to_string() + "h"
            } else {
                format!(
                    "{}/{}",
                    b.label.get(8..10).unwrap_or(""),
                    b.label.get(5..7).unwrap_or("")
                )
            }
        })
        .collect()
}

fn district_name(b: &SecurityBoard, code: Option<&str>, l: Lang) -> String {
    match code {
        None => l.pick("Toàn tỉnh", "Province-wide").into(),
        Some(c) => b
            .districts
            .iter()
            .find(|d| d.code == c)
            .map(|d| l.pick(&d.name, &d.name_en).to_string())
            .unwrap_or_else(|| c.to_string()),
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let days = RwSignal::new(7u32);
    let unit = RwSignal::new(None::<String>);
    let res = LocalResource::new(move || load_security_board(days.get(), unit.get()));
    let (data, error) = last_good(res);
    let base = LocalResource::new(fetch_map_base);

    let label = move |vi: &'static str, en: &'static str| {
        Signal::derive(move || lang.get().pick(vi, en).to_string())
    };
    let unit_word = label("sự kiện", "events");
    let severity_tile = move |s: EventSeverity| {
        Signal::derive(move || {
            data.with(|d| {
                d.as_ref()
                    .map(|d| d.by_severity[s.rank() as usize - 1] as f64)
            })
        })
    };
    let total = Signal::derive(move || {
        data.with(|d| d.as_ref().map(|d| d.by_severity.iter().sum::<u64>() as f64))
    });
    let hit = Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.assets.len() as f64)));
    let hit_note = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    format!(
                        "{} {} {}",
                        l.pick("trên", "of"),
                        d.asset_total,
                        l.pick("hệ thống đã đăng ký", "registered systems")
                    )
                })
                .unwrap_or_default()
        })
    });
    let tiles = view! {
        <div class="kpi-grid" data-testid="kpi-grid">
            <KpiTile id="events-total" label=label("Tổng số sự kiện", "All events") value=total unit=unit_word/>
            <KpiTile id="events-very-high" label=label("Rất cao", "Very high") value=severity_tile(EventSeverity::VeryHigh) unit=unit_word/>
            <KpiTile id="events-high" label=label("Cao", "High") value=severity_tile(EventSeverity::High) unit=unit_word/>
            <KpiTile id="events-medium" label=label("Trung bình", "Medium") value=severity_tile(EventSeverity::Medium) unit=unit_word/>
            <KpiTile id="events-low" label=label("Thấp", "Low") value=severity_tile(EventSeverity::Low) unit=unit_word/>
            <KpiTile id="assets-hit" label=label("Hệ thống bị tác động", "Systems affected") value=hit
                unit=label("hệ thống", "systems") note=hit_note/>
        </div>
    }
    .into_any();

    let timeline = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            let hourly = d.days <= 1;
            Some(ChartSpec {
                kind: ChartKind::StackedBar,
                title: if hourly {
                    l.pick("Sự kiện theo giờ", "Events by hour")
                } else {
                    l.pick("Sự kiện theo ngày", "Events by day")
                }
                .to_string(),
                y_unit: l.pick("sự kiện", "events").to_string(),
                x_labels: bucket_labels(d),
                series: EventSeverity::ALL
                    .iter()
                    .map(|s| Series {
                        name: severity_name(*s, l).into(),
                        values: d
                            .timeline
                            .iter()
                            .map(|b| b.counts[s.rank() as usize - 1] as f64)
                            .collect(),
                    })
                    .collect(),
                lang: l,
            })
        })
    });

    let kind_chart = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            let hourly = d.days <= 1;
            Some(ChartSpec {
                kind: ChartKind::StackedBar,
                title: if hourly {
                    l.pick(
                        "5 loại tấn công nhiều nhất, theo giờ",
                        "The 5 most frequent attack types, by hour",
                    )
                } else {
                    l.pick(
                        "5 loại tấn công nhiều nhất, theo ngày",
                        "The 5 most frequent attack types, by day",
                    )
                }
                .to_string(),
                y_unit: l.pick("sự kiện", "events").to_string(),
                x_labels: bucket_labels(d),
                series: d
                    .kind_timeline
                    .iter()
                    .map(|k| Series {
                        name: k.name.clone(),
                        values: k.counts.iter().map(|c| *c as f64).collect(),
                    })
                    .collect(),
                lang: l,
            })
        })
    });

    let name_cols = move |first: &'static str, first_en: &'static str| {
        Signal::derive(move || {
            let l = lang.get();
            vec![
                Column::text(l.pick(first, first_en)),
                Column::number(l.pick("Sự kiện", "Events")),
                Column::text(l.pick("Mức cao nhất", "Worst")),
            ]
        })
    };
    let name_rows = move |kinds: bool| {
        Signal::derive(move || {
            let l = lang.get();
            data.with(|d| {
                let Some(d) = d else { return vec![] };
                let list = if kinds { &d.kinds } else { &d.sources };
                list.iter()
                    .map(|n| {
                        vec![
                            Cell::Text(n.name.clone()),
                            count_cell(n.count, l),
                            Cell::Text(severity_name(n.worst, l).into()),
                        ]
                    })
                    .collect()
            })
        })
    };
    let asset_cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Hệ thống", "System")),
            Column::text(l.pick("Đơn vị quản lý", "Department")),
            Column::number(l.pick("Cấp độ", "Level")),
            Column::text(t().district),
            Column::number(l.pick("Sự kiện", "Events")),
            Column::number(l.pick("Mức cao, rất cao", "High, very high")),
        ]
    });
    let asset_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            d.assets
                .iter()
                .map(|a| {
                    vec![
                        Cell::Text(a.asset.name.clone()),
                        Cell::Text(a.asset.department.clone()),
                        count_cell(u64::from(a.asset.level), l),
                        Cell::Text(district_name(d, a.asset.unit.as_deref(), l)),
                        count_cell(a.count, l),
                        count_cell(a.high, l),
                    ]
                })
                .collect()
        })
    });
    let map_values = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.by_unit
                        .iter()
                        .map(|(u, n)| (u.clone(), *n as f64))
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
        <div class="grid-2">
            <section class="panel" data-testid="attack-types">
                <h2>{move || lang.get().pick("Loại tấn công, sự kiện", "Attack and event types")}</h2>
                <DataTable id="kinds-table" columns=name_cols("Loại", "Type") rows=name_rows(true)
                    caption=label("10 loại nhiều nhất", "The 10 most frequent")/>
            </section>
            <section class="panel" data-testid="top-sources">
                <h2>{move || lang.get().pick("Nguồn tấn công", "Attack sources")}</h2>
                <DataTable id="sources-table" columns=name_cols("Địa chỉ nguồn", "Source address") rows=name_rows(false)
                    caption=label("10 địa chỉ nhiều sự kiện nhất", "The 10 addresses with the most events")/>
            </section>
        </div>
        <div class="grid-2 map-row">
            <CityMap id="security-map"
                base=Signal::derive(move || base.get().and_then(|r| r.ok()))
                values=map_values
                format_value=Callback::new(move |v: f64| format!("{} {}", format::number(v, 0, lang.get_untracked()), lang.get_untracked().pick("sự kiện", "events")))
                legend_title=label("Sự kiện trên các hệ thống", "Events on the systems")
                selected=unit
                on_select=select_from_map/>
            <section class="panel" data-testid="assets">
                <h2>{move || lang.get().pick("Hệ thống bị tác động", "Systems affected")}</h2>
                <DataTable id="assets-table" columns=asset_cols rows=asset_rows
                    caption=label("Cấp độ an toàn theo Nghị định 85/2016/NĐ-CP", "Security level per Decree 85/2016")/>
            </section>
        </div>
    }
    .into_any();

    let vuln_cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Mức độ", "Severity")),
            Column::number(l.pick("Lỗ hổng chưa khắc phục", "Open vulnerabilities")),
        ]
    });
    let vuln_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            EventSeverity::ALL
                .iter()
                .rev()
                .map(|s| {
                    vec![
                        Cell::Text(severity_name(*s, l).into()),
                        count_cell(d.vulnerabilities[s.rank() as usize - 1], l),
                    ]
                })
                .collect()
        })
    });
    let cve_cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::code(l.pick("Lỗ hổng (gói phần mềm)", "Vulnerability (package)")),
            Column::number(l.pick("Hệ thống", "Systems")),
            Column::text(l.pick("Mức độ", "Severity")),
        ]
    });
    let cve_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            d.top_vulnerabilities
                .iter()
                .map(|n| {
                    vec![
                        Cell::Text(n.name.clone()),
                        count_cell(n.count, l),
                        Cell::Text(severity_name(n.worst, l).into()),
                    ]
                })
                .collect()
        })
    });
    let vulnerabilities = view! {
        <div class="grid-2">
            <section class="panel" data-testid="vulnerabilities">
                <h2>{move || lang.get().pick("Lỗ hổng theo mức độ", "Vulnerabilities by severity")}</h2>
                <DataTable id="vulnerabilities-table" columns=vuln_cols rows=vuln_rows
                    caption=label("Theo báo cáo của công cụ dò quét (Wazuh); mỗi hệ thống, mỗi CVE một lần", "As scanners report them (Wazuh); each system and CVE once")/>
            </section>
            <section class="panel" data-testid="top-vulnerabilities">
                <h2>{move || lang.get().pick("Lỗ hổng trên nhiều hệ thống nhất", "Vulnerabilities on the most systems")}</h2>
                <DataTable id="cves-table" columns=cve_cols rows=cve_rows
                    caption=label("10 lỗ hổng chưa khắc phục", "The 10 open vulnerabilities")/>
            </section>
        </div>
    }
    .into_any();

    let period_options = Signal::derive(move || {
        let l = lang.get();
        vec![
            (
                "1".to_string(),
                l.pick("24 giờ qua", "Last 24 hours").to_string(),
            ),
            (
                "7".to_string(),
                l.pick("7 ngày qua", "Last 7 days").to_string(),
            ),
            (
                "30".to_string(),
                l.pick("30 ngày qua", "Last 30 days").to_string(),
            ),
        ]
    });
    let unit_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(String::new(), t().all_districts.to_string())];
        data.with(|d| {
            if let Some(d) = d {
                out.extend(
                    d.districts
                        .iter()
                        .map(|u| (u.code.clone(), l.pick(&u.name, &u.name_en).to_string())),
                );
            }
        });
        out
    });
    let filters = view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Bộ lọc", "Filters")>
            <FilterSelect id="filter-period" label=label("Khoảng thời gian", "Period") options=period_options
                value=Signal::derive(move || days.get().to_string())
                on_change=Callback::new(move |v: String| days.set(v.parse().unwrap_or(7)))/>
            <FilterSelect id="filter-district" label=Signal::derive(move || t().district.to_string()) options=unit_options
                value=Signal::derive(move || unit.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| unit.set((!v.is_empty()).then_some(v)))/>
        </form>
    }
    .into_any();

    view! {
        <section class="page" data-testid="page-security">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("An toàn thông tin", "Information security")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Sự kiện từ tường lửa, hệ thống phát hiện xâm nhập và máy chủ của tỉnh (syslog, CEF, LEEF, Wazuh), theo mức độ, loại, nguồn và hệ thống bị tác động.",
                        "Events from the province's firewalls, intrusion detection and servers (syslog, CEF, LEEF, Wazuh), by severity, type, source and system affected.")}</p>
                </div>
            </header>
            {filters}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || data.with(|d| d.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>
            {tiles}
            <Chart id="chart-timeline" spec=timeline/>
            <Chart id="chart-kinds" spec=kind_chart/>
            {tables}
            {vulnerabilities}
            <super::uptime::Uptime/>
            <super::uptime::Incidents/>
            <Events days=days unit=unit/>
        </section>
    }
}

/// The newest events of the period, filtered by severity and words.
#[component]
fn Events(days: RwSignal<u32>, unit: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let severity = RwSignal::new(None::<EventSeverity>);
    let q = RwSignal::new(String::new());
    let res = LocalResource::new(move || {
        load_security_events(EventQuery {
            days: days.get(),
            unit: unit.get(),
            severity: severity.get(),
            q: Some(q.get()).filter(|s| !s.trim().is_empty()),
        })
    });
    let (list, error) = last_good(res);
    let cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Thời điểm nhận", "Received")),
            Column::text(l.pick("Mức độ", "Severity")),
            Column::text(l.pick("Máy", "Host")),
            Column::text(l.pick("Ứng dụng", "Application")),
            Column::text(l.pick("Nội dung", "Message")),
            Column::text(l.pick("Nơi gửi", "Sender")),
            Column::text(l.pick("Định dạng", "Format")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        list.with(|list| {
            list.iter()
                .flatten()
                .map(|e: &SecurityEvent| {
                    vec![
                        Cell::Text(format::datetime_local(&e.received_at, l)),
                        Cell::Text(severity_name(e.severity, l).into()),
                        Cell::Text(e.hostname.clone().unwrap_or_default()),
                        Cell::Text(e.app.clone().unwrap_or_default()),
                        Cell::Text(e.message.chars().take(160).collect()),
                        Cell::Text(e.sender.clone()),
                        Cell::Text(e.format.as_str().to_uppercase()),
                    ]
                })
                .collect()
        })
    });
    let severity_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Mọi mức độ", "Any severity").to_string(),
        )];
        out.extend(EventSeverity::ALL.iter().map(|s| {
            (
                s.as_str().to_string(),
                format!(
                    "{} {}",
                    l.pick("Từ mức", "At least"),
                    severity_name(*s, l).to_lowercase()
                ),
            )
        }));
        out
    });
    view! {
        <section class="panel" data-testid="events">
            <h2>{move || lang.get().pick("Sự kiện mới nhất", "Newest events")}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterSelect id="filter-severity"
                    label=Signal::derive(move || lang.get().pick("Mức độ", "Severity").to_string())
                    options=severity_options
                    value=Signal::derive(move || severity.get().map(|s| s.as_str().to_string()).unwrap_or_default())
                    on_change=Callback::new(move |v: String| severity.set(EventSeverity::parse(&v)))/>
                <label>
                    <span>{move || lang.get().pick("Tìm trong nội dung, máy, ứng dụng", "Search message, host, application")}</span>
                    <input type="search" data-testid="filter-q" prop:value=move || q.get()
                        on:change=move |ev| q.set(event_target_value(&ev))/>
                </label>
            </form>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <DataTable id="events-table" columns=cols rows=rows
                caption=Signal::derive(move || lang.get().pick("100 sự kiện mới nhất theo bộ lọc", "The 100 newest events matching the filters").to_string())/>
        </section>
    }
}
