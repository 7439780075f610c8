//! `/environment` for officials: the station map in band colours, the province summary,
//! a station's charts over 24 h, 7 d, 30 d or a year (from the rollups), its index
//! history, exceedances and alerts; administrators register stations. `/air-quality`:
//! the public's current VN_AQI map with the bands' advice.

use super::api::{load_environment_now, load_station_series, save_station};
use super::labels::time_labels;
use super::model::{EnvironmentNow, IndexPoint, Range, StationInput, StationNow, StationSeries};
use super::params::{self, StationKind};
use super::{aqi, hex, wqi};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::tick::visible_ticks;
use crate::components::{AlertFeed, Chart, CityMap, ErrorNote, KpiTile, Loading};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{MapBase, MapMarker, Role, Series};
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

/// Grey for a station without an index.
const NO_INDEX: &str = "#9e9e9e";

fn index_kind(kind: StationKind) -> &'static str {
    match kind {
        StationKind::Air => "VN_AQI",
        StationKind::Water => "VN_WQI",
    }
}

fn param_label(kind: StationKind, code: &str) -> String {
    params::find(kind, code)
        .map(|p| p.label.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The map's markers: one per station, in its band's colour.
fn markers(now: &EnvironmentNow, only: Option<StationKind>, lang: Lang) -> Vec<MapMarker> {
    now.stations
        .iter()
        .filter(|s| only.is_none_or(|k| s.station.kind == k))
        .map(|s| {
            let detail = match &s.index {
                Some(i) => format!(
                    "{} {} · {}",
                    index_kind(s.station.kind),
                    i.value,
                    lang.pick(&i.label_vi, &i.label_en)
                ),
                None => lang.pick("Chưa có chỉ số", "No index yet").to_string(),
            };
            let detail = if s.silent {
                format!("{detail} · {}", lang.pick("mất tín hiệu", "not reporting"))
            } else {
                detail
            };
            MapMarker {
                lat: s.station.lat,
                lon: s.station.lon,
                title: s.station.name_in(lang).to_string(),
                detail,
                kind: format!("station-{}", s.station.kind.as_str()),
                color: Some(
                    s.index
                        .as_ref()
                        .map(|i| i.colour.clone())
                        .unwrap_or_else(|| NO_INDEX.to_string()),
                ),
            }
        })
        .collect()
}

/// A band's colour swatch with its label: colour is never the only sign.
#[component]
fn BandBadge(point: IndexPoint) -> impl IntoView {
    let lang = use_lang();
    let label = move || {
        lang.get()
            .pick(&point.label_vi, &point.label_en)
            .to_string()
    };
    view! {
        <span class="band-badge" data-testid="band-badge">
            <span class="swatch" style=format!("background:{}", point.colour)></span>
            <strong class="num">{point.value}</strong>" "{label}
        </span>
    }
}

/// The six bands of a scale, for the map's legend.
#[component]
fn BandLegend(kind: StationKind) -> impl IntoView {
    let lang = use_lang();
    let rows: Vec<(String, String, &'static str, &'static str)> = match kind {
        StationKind::Air => aqi::BANDS
            .iter()
            .map(|b| {
                (
                    hex(b.rgb),
                    format!("{}–{}", b.min, b.max),
                    b.label_vi,
                    b.label_en,
                )
            })
            .collect(),
        StationKind::Water => wqi::BANDS
            .iter()
            .map(|b| {
                let span = if b.min == 0 {
                    "< 10".to_string()
                } else {
                    format!("{}–{}", b.min, b.max)
                };
                (hex(b.rgb), span, b.label_vi, b.label_en)
            })
            .collect(),
    };
    view! {
        <div class="band-legend" data-testid=format!("legend-{}", kind.as_str())>
            <h4>{index_kind(kind)}</h4>
            <ul>
                {rows.into_iter().map(|(c, span, vi, en)| view! {
                    <li><span class="swatch" style=format!("background:{c}")></span>
                        <span class="num">{span}</span>" "{move || lang.get().pick(vi, en).to_string()}</li>
                }).collect_view()}
                <li><span class="swatch" style=format!("background:{NO_INDEX}")></span>
                    {move || lang.get().pick("Chưa có chỉ số", "No index")}</li>
            </ul>
        </div>
    }
}

fn values(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

/// The index card of a station: value, band, dominant parameter and what the band means.
fn index_card(kind: StationKind, point: Option<IndexPoint>, lang: Lang) -> AnyView {
    let Some(p) = point else {
        let why = match kind {
            StationKind::Air => lang.pick(
                "Chưa tính được VN_AQI (cần PM2.5 hoặc PM10).",
                "No VN_AQI yet (it needs PM2.5 or PM10).",
            ),
            StationKind::Water => lang.pick(
                "Chưa tính được VN_WQI: cần ít nhất 3 trong 5 nhóm thông số, trong đó nhóm IV có từ 3 thông số.",
                "No VN_WQI: it needs 3 of the 5 parameter groups, group IV with at least 3 parameters.",
            ),
        };
        return view! { <p class="muted" data-testid="no-index">{why}</p> }.into_any();
    };
    let dominant = p
        .dominant
        .as_deref()
        .map(|d| param_label(kind, d))
        .unwrap_or_default();
    let (dom_label, advice): (&str, Vec<String>) = match kind {
        StationKind::Air => {
            let i = aqi::band_index(p.value);
            let [(all_vi, all_en), (sens_vi, sens_en)] = aqi::ADVICE[i];
            (
                lang.pick("Thông số chính", "Dominant pollutant"),
                vec![
                    format!(
                        "{} {}",
                        lang.pick("Người bình thường:", "Everyone:"),
                        lang.pick(all_vi, all_en)
                    ),
                    format!(
                        "{} {}",
                        lang.pick("Người nhạy cảm:", "Sensitive groups:"),
                        lang.pick(sens_vi, sens_en)
                    ),
                ],
            )
        }
        StationKind::Water => {
            let b = wqi::band(p.value);
            (
                lang.pick("Thông số thấp nhất", "Lowest sub-index"),
                vec![format!(
                    "{} {}",
                    lang.pick("Mục đích sử dụng:", "Suitable for:"),
                    lang.pick(b.use_vi, b.use_en)
                )],
            )
        }
    };
    let when = format::datetime_local(&p.time, lang);
    let subs: Vec<(String, f64)> = p.sub_indices.iter().map(|(k, v)| (k.clone(), *v)).collect();
    view! {
        <div class="index-card" data-testid="index-card">
            <div class="index-value" style=format!("border-color:{}", p.colour)>
                <span class="muted">{index_kind(kind)}</span>
                <BandBadge point=p.clone()/>
                <span class="muted small">{when}</span>
            </div>
            <p><strong>{dom_label}": "</strong><span data-testid="dominant">{dominant}</span></p>
            <ul class="advice">{advice.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
            <details>
                <summary>{lang.pick("Chỉ số phụ từng thông số", "Sub-index of each parameter")}</summary>
                <ul class="sub-indices">
                    {subs.into_iter().map(|(k, v)| view! {
                        <li><span>{param_label(kind, &k)}</span>" "<span class="num">{format::number(v, 0, lang)}</span></li>
                    }).collect_view()}
                </ul>
            </details>
        </div>
    }
    .into_any()
}

/// One station's detail: index, latest values, charts for the range, exceedances.
fn station_detail(s: StationSeries, range: RwSignal<Range>, lang: Lang) -> AnyView {
    let kind = s.station.kind;
    let labels = time_labels(&s.times, s.range, lang);
    let index_chart = ChartSpec {
        kind: ChartKind::Line,
        title: format!(
            "{} {} — {}",
            index_kind(kind),
            match (kind, s.range) {
                (StationKind::Air, Range::Year) => lang.pick("theo ngày", "daily"),
                (StationKind::Air, _) => lang.pick("theo giờ", "hourly"),
                (StationKind::Water, _) => lang.pick("theo mẫu", "per sample"),
            },
            s.station.name_in(lang)
        ),
        y_unit: index_kind(kind).to_string(),
        x_labels: labels.clone(),
        series: vec![Series {
            name: index_kind(kind).to_string(),
            values: s
                .index
                .iter()
                .map(|v| v.map(f64::from).unwrap_or(f64::NAN))
                .collect(),
        }],
        lang,
    };
    let charts = s
        .params
        .iter()
        .map(|p| {
            let label = param_label(kind, &p.parameter);
            let mut series = vec![Series {
                name: format!(
                    "{label} ({})",
                    if s.range == Range::Year {
                        lang.pick("trung bình ngày", "daily mean")
                    } else {
                        lang.pick("trung bình giờ", "hourly mean")
                    }
                ),
                values: values(&p.mean),
            }];
            if let Some(l) = p.limit {
                series.push(Series {
                    name: format!(
                        "{} {}",
                        lang.pick("Giới hạn", "Limit"),
                        format::number(l, if l < 10.0 { 2 } else { 0 }, lang)
                    ),
                    values: vec![l; p.mean.len()],
                });
            }
            let spec = ChartSpec {
                kind: ChartKind::Line,
                title: format!("{label} — {}", s.station.name_in(lang)),
                y_unit: p.unit.clone(),
                x_labels: labels.clone(),
                series,
                lang,
            };
            let id = format!("chart-param-{}", p.parameter);
            view! { <Chart id=id spec=Signal::derive(move || Some(spec.clone())) height=220/> }
        })
        .collect_view();
    let exceed_rows = s
        .params
        .iter()
        .filter(|p| p.limit.is_some())
        .map(|p| {
            let limit = p.limit.unwrap_or_default();
            let d = if limit < 10.0 { 2 } else { 0 };
            view! {
                <tr data-testid=format!("exceed-{}", p.parameter)>
                    <th scope="row">{param_label(kind, &p.parameter)}</th>
                    <td class="num">{format!("{} {}", format::number(limit, d, lang), p.unit)}</td>
                    <td class="num" data-testid="exceed-count">{p.exceedances}</td>
                    <td class="num">{p.max.map(|m| format::number(m, d, lang)).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let latest = s
        .latest
        .iter()
        .map(|l| {
            let d = if l.value < 10.0 { 2 } else if l.value < 100.0 { 1 } else { 0 };
            view! {
                <li data-testid=format!("latest-{}", l.parameter)>
                    <span>{param_label(kind, &l.parameter)}</span>" "
                    <strong class="num">{format::number(l.value, d, lang)}</strong>" "{l.unit.clone()}
                    <span class="muted small">" · "{format::datetime_local(&l.time, lang)}</span>
                </li>
            }
        })
        .collect_view();
    let st = &s.station;
    let place = format!(
        "{}{} · {:.4}, {:.4} · {}",
        st.district_in(lang)
            .map(|d| format!("{d} · "))
            .unwrap_or_default(),
        match (st.mode.as_str(), lang) {
            ("periodic", Lang::Vi) => "quan trắc định kỳ",
            ("periodic", Lang::En) => "periodic samples",
            (_, Lang::Vi) => "quan trắc tự động",
            (_, Lang::En) => "automatic",
        },
        st.lat,
        st.lon,
        st.department
    );
    let range_buttons = Range::ALL
        .into_iter()
        .map(|r| {
            view! {
                <button type="button" class="btn" data-testid=format!("range-{}", r.as_str())
                    aria-pressed=move || (range.get() == r).to_string()
                    on:click=move |_| range.set(r)>
                    {r.label(lang)}
                </button>
            }
        })
        .collect_view();
    let flagged = (s.flagged > 0).then(|| {
        view! {
            <p class="muted small" data-testid="flagged-note">
                {format!("{} {}", s.flagged, lang.pick(
                    "giá trị bất thường (ngoài dải đo của thiết bị) đã được lưu và đánh dấu, không dùng để tính chỉ số.",
                    "implausible values (beyond the sensor's range) were stored and flagged, left out of the index."))}
            </p>
        }
    });
    let method = match kind {
        StationKind::Air => lang.pick(
            "Phương pháp: VN_AQI theo Quyết định 1459/QĐ-TCMT (giờ: NowCast PM2.5, PM10; ngày: trung bình 24 giờ, O₃ 1 giờ và 8 giờ). Nguồn: Sở Tài nguyên và Môi trường.",
            "Method: VN_AQI per Decision 1459/QĐ-TCMT (hourly: NowCast for PM2.5 and PM10; daily: 24-hour means, O₃ 1-hour and 8-hour). Source: Department of Natural Resources and Environment.",
        ),
        StationKind::Water => lang.pick(
            "Phương pháp: VN_WQI theo Quyết định 1460/QĐ-TCMT. Nguồn: Sở Tài nguyên và Môi trường.",
            "Method: VN_WQI per Decision 1460/QĐ-TCMT. Source: Department of Natural Resources and Environment.",
        ),
    };
    view! {
        <section class="station-detail card" data-testid="station-detail" data-station=st.code.clone() data-range=s.range.as_str()>
            <header>
                <h2>{st.name_in(lang).to_string()}" "<span class="muted small">{st.code.clone()}</span></h2>
                <p class="muted">{place}</p>
            </header>
            <div class="grid-2">
                {index_card(kind, s.now.clone(), lang)}
                <div>
                    <h3>{lang.pick("Giá trị mới nhất", "Latest values")}</h3>
                    <ul class="latest-values">{latest}</ul>
                </div>
            </div>
            <div class="range-buttons" role="group" aria-label=lang.pick("Khoảng thời gian", "Time span")>{range_buttons}</div>
            <Chart id="chart-index" spec=Signal::derive(move || Some(index_chart.clone())) height=220/>
            <div class="grid-2 param-charts">{charts}</div>
            <h3>{lang.pick("Vượt giới hạn trong khoảng thời gian", "Above the limit in this span")}</h3>
            <div class="table-wrap"><table class="data-table compact" data-testid="exceedances">
                <thead><tr>
                    <th scope="col">{lang.pick("Thông số", "Parameter")}</th>
                    <th scope="col">{lang.pick("Giới hạn", "Limit")}</th>
                    <th scope="col">{if s.range == Range::Year { lang.pick("Số ngày vượt", "Days above") } else { lang.pick("Số giờ vượt", "Hours above") }}</th>
                    <th scope="col">{lang.pick("Cao nhất", "Highest")}</th>
                </tr></thead>
                <tbody>{exceed_rows}</tbody>
            </table></div>
            {flagged}
            <p class="muted small">{method}</p>
        </section>
    }
    .into_any()
}

/// The province summary tiles.
fn summary(now: &EnvironmentNow) -> (usize, Option<f64>, usize, usize) {
    let air: Vec<&StationNow> = now
        .stations
        .iter()
        .filter(|s| s.station.kind == StationKind::Air)
        .collect();
    let worst = air
        .iter()
        .filter_map(|s| s.index.as_ref().map(|i| f64::from(i.value)))
        .reduce(f64::max);
    let poor = air
        .iter()
        .filter(|s| s.index.as_ref().is_some_and(|i| i.value > 100))
        .count();
    let silent = now.stations.iter().filter(|s| s.silent).count();
    (now.stations.len(), worst, poor, silent)
}

/// How often the live pages ask for the stations' picture again.
const LIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn EnvironmentPage() -> impl IntoView {
    let lang = use_lang();
    let auth = crate::modules::auth::use_auth();
    let reload = RwSignal::new(0u32);
    // Stations report every few minutes: the picture loads again each minute.
    let tick = visible_ticks(LIVE_EVERY);
    let now = LocalResource::new(move || {
        reload.track();
        tick.track();
        load_environment_now()
    });
    let base = LocalResource::new(fetch_map_base);
    let selected = RwSignal::new(None::<String>);
    let range = RwSignal::new(Range::Day);
    let series = LocalResource::new(move || {
        let code = selected.get();
        let r = range.get();
        async move {
            match code {
                Some(c) => Some(load_station_series(c, r).await),
                None => None,
            }
        }
    });
    // The last good answers, so the page does not blank while a new one loads.
    let data = RwSignal::new(None::<EnvironmentNow>);
    let error = RwSignal::new(None);
    Effect::new(move |_| match now.get() {
        Some(Ok(d)) => {
            if selected.get_untracked().is_none() {
                let first = d
                    .stations
                    .iter()
                    .find(|s| s.station.kind == StationKind::Air && s.index.is_some())
                    .or(d.stations.first())
                    .map(|s| s.station.code.clone());
                selected.set(first);
            }
            data.set(Some(d));
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let detail = RwSignal::new(None::<StationSeries>);
    let detail_error = RwSignal::new(None);
    Effect::new(move |_| match series.get() {
        Some(Some(Ok(s))) => {
            detail.set(Some(s));
            detail_error.set(None);
        }
        Some(Some(Err(e))) => detail_error.set(Some(e)),
        _ => {}
    });

    let map_base = Signal::derive(move || {
        let b: Option<MapBase> = base.get().and_then(|r| r.ok());
        let d = data.get()?;
        let mut b = b?;
        b.places = markers(&d, None, lang.get());
        Some(b)
    });
    let pick_marker = Callback::new(move |i: usize| {
        if let Some(code) = data.with_untracked(|d| {
            d.as_ref()
                .and_then(|d| d.stations.get(i))
                .map(|s| s.station.code.clone())
        }) {
            selected.set(Some(code));
        }
    });

    let tiles = move || {
        let d = data.get()?;
        let (count, worst, poor, silent) = summary(&d);
        let l = lang.get();
        Some(view! {
            <KpiTile id="env-stations" label=l.pick("Trạm quan trắc", "Monitoring stations").to_string()
                value=Some(count as f64) unit=l.pick("trạm", "stations").to_string()/>
            <KpiTile id="env-worst-aqi" label=l.pick("VN_AQI cao nhất hiện tại", "Highest VN_AQI now").to_string()
                value=worst unit="VN_AQI".to_string()/>
            <KpiTile id="env-poor" label=l.pick("Trạm ở mức Kém trở lên", "Stations at Poor or worse").to_string()
                value=Some(poor as f64) unit=l.pick("trạm", "stations").to_string()/>
            <KpiTile id="env-silent" label=l.pick("Trạm mất tín hiệu", "Stations not reporting").to_string()
                value=Some(silent as f64) unit=l.pick("trạm", "stations").to_string()/>
        })
    };

    let table = move || {
        let d = data.get()?;
        let l = lang.get();
        let rows = d
            .stations
            .into_iter()
            .map(|s| {
                let code = s.station.code.clone();
                let code_click = code.clone();
                let code_sel = code.clone();
                let kind = s.station.kind;
                let idx = s.index.clone();
                let colour = idx.as_ref().map(|i| i.colour.clone()).unwrap_or_else(|| NO_INDEX.to_string());
                view! {
                    <tr data-testid=format!("station-row-{code}") class:selected=move || selected.get().as_deref() == Some(code_sel.as_str())
                        data-colour=colour>
                        <th scope="row">
                            <button type="button" class="link-button" data-testid=format!("station-{code}")
                                on:click=move |_| selected.set(Some(code_click.clone()))>{s.station.name_in(l).to_string()}</button>
                        </th>
                        <td>{s.station.district_in(l).unwrap_or_default().to_string()}</td>
                        <td>{index_kind(kind)}</td>
                        <td>{match idx { Some(p) => view! { <BandBadge point=p/> }.into_any(), None => view! { <span class="muted">"—"</span> }.into_any() }}</td>
                        <td>{if s.silent { view! { <span class="badge warn" data-testid="silent">{l.pick("Mất tín hiệu", "Not reporting")}</span> }.into_any() } else { view! { <span class="muted">{l.pick("Đang hoạt động", "Reporting")}</span> }.into_any() }}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <div class="table-wrap"><table class="data-table" data-testid="station-table">
                <caption>{l.pick("Các trạm quan trắc và chỉ số hiện tại", "Stations and their current index")}</caption>
                <thead><tr>
                    <th scope="col">{l.pick("Trạm", "Station")}</th>
                    <th scope="col">{l.pick("Địa bàn", "District")}</th>
                    <th scope="col">{l.pick("Chỉ số", "Index")}</th>
                    <th scope="col">{l.pick("Hiện tại", "Now")}</th>
                    <th scope="col">{l.pick("Trạng thái (Sống)", "Status (live)")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        })
    };

    let is_admin = move || auth.role() == Role::Admin;
    let demo = move || data.with(|d| d.as_ref().is_some_and(|d| d.demo));

    let map_row = view! {
        <div class="grid-2 map-row">
            <div>
                <CityMap id="env-map" places_label=Some(("Trạm quan trắc", "Monitoring stations"))
                    base=map_base values=Signal::derive(Vec::new)
                    format_value=Callback::new(|v: f64| v.to_string())
                    legend_title=Signal::derive(move || lang.get().pick("Ranh giới huyện", "District boundaries").to_string())
                    on_place=pick_marker />
                <div class="grid-2 legends">
                    <BandLegend kind=StationKind::Air/>
                    <BandLegend kind=StationKind::Water/>
                </div>
            </div>
            <div>{table}</div>
        </div>
    }
    .into_any();

    view! {
        <section class="page" data-testid="page-environment">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Tài nguyên và môi trường", "Natural resources & environment")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Quan trắc không khí và nước: chỉ số VN_AQI, VN_WQI hiện tại, diễn biến và cảnh báo.",
                        "Air and water monitoring: current VN_AQI and VN_WQI, their history and alerts.")}</p>
                </div>
                <Show when=demo><span class="badge demo" data-testid="demo-badge">{move || lang.get().pick("Dữ liệu minh hoạ", "Demo data")}</span></Show>
            </header>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || data.with(|d| d.is_none()) && error.with(|e| e.is_none())><Loading/></Show>
            <div class="kpi-grid" data-testid="env-summary">{tiles}</div>
            {map_row}
            {move || detail_error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || detail.get().map(|s| station_detail(s, range, lang.get()))}
            <AlertFeed module="environment" id="env-alerts"/>
            <Show when=is_admin>
                <StationForm on_saved=Callback::new(move |code: String| { reload.update(|n| *n += 1); selected.set(Some(code)); })/>
            </Show>
        </section>
    }
}

/// Administrators register (or update, by code) a station.
#[component]
fn StationForm(on_saved: Callback<String>) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(StationKind::Air);
    let lat = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    let chosen = RwSignal::new(vec!["pm25".to_string(), "pm10".to_string()]);
    let interval = RwSignal::new("60".to_string());
    let message = RwSignal::new(None::<(bool, String)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(la), Ok(lo)) = (
            lat.get_untracked().trim().replace(',', ".").parse::<f64>(),
            lon.get_untracked().trim().replace(',', ".").parse::<f64>(),
        ) else {
            message.set(Some((
                false,
                lang.get_untracked()
                    .pick(
                        "lat/lon: nhập số thập phân, ví dụ 10.35",
                        "lat/lon: decimal numbers, e.g. 10.35",
                    )
                    .to_string(),
            )));
            return;
        };
        let input = StationInput {
            code: code.get_untracked(),
            name: name.get_untracked(),
            name_en: None,
            kind: kind.get_untracked(),
            lat: la,
            lon: lo,
            district_code: None,
            parameters: chosen.get_untracked(),
            mode: None,
            interval_minutes: interval.get_untracked().trim().parse().ok(),
            limits: Default::default(),
            department: None,
        };
        leptos::task::spawn_local(async move {
            match save_station(input).await {
                Ok(s) => {
                    message.set(Some((
                        true,
                        format!(
                            "{} {}",
                            lang.get_untracked().pick("Đã lưu trạm", "Station saved:"),
                            s.code
                        ),
                    )));
                    on_saved.run(s.code);
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };
    let param_boxes = move || {
        let k = kind.get();
        let l = lang.get();
        params::PARAMS
            .iter()
            .filter(|p| p.kind == k)
            .map(|p| {
                let c = p.code.to_string();
                let c2 = c.clone();
                view! {
                    <label class="toggle">
                        <input type="checkbox" prop:checked=move || chosen.with(|v| v.contains(&c))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|v| { v.retain(|x| x != &c2); if on { v.push(c2.clone()); } });
                            }/>
                        {format!("{} ({})", p.label, l.pick(p.name_vi, p.name_en))}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <form class="card station-form" data-testid="station-form" on:submit=submit>
            <h2>{move || lang.get().pick("Đăng ký hoặc cập nhật trạm", "Register or update a station")}</h2>
            <div class="form-grid">
                <label>{move || lang.get().pick("Mã trạm", "Code")}<input id="st-code" required prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/></label>
                <label>{move || lang.get().pick("Tên trạm", "Name")}<input id="st-name" required prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>{move || lang.get().pick("Loại", "Kind")}
                    <select id="st-kind" on:change=move |ev| {
                        let k = if event_target_value(&ev) == "water" { StationKind::Water } else { StationKind::Air };
                        kind.set(k);
                        chosen.set(match k { StationKind::Air => vec!["pm25".into(), "pm10".into()], StationKind::Water => vec![] });
                    }>
                        <option value="air">{move || lang.get().pick("Không khí", "Air")}</option>
                        <option value="water">{move || lang.get().pick("Nước", "Water")}</option>
                    </select>
                </label>
                <label>{move || lang.get().pick("Vĩ độ", "Latitude")}<input id="st-lat" inputmode="decimal" required prop:value=lat on:input=move |ev| lat.set(event_target_value(&ev))/></label>
                <label>{move || lang.get().pick("Kinh độ", "Longitude")}<input id="st-lon" inputmode="decimal" required prop:value=lon on:input=move |ev| lon.set(event_target_value(&ev))/></label>
                <label>{move || lang.get().pick("Chu kỳ gửi số liệu (phút)", "Reporting interval (minutes)")}<input id="st-interval" inputmode="numeric" prop:value=interval on:input=move |ev| interval.set(event_target_value(&ev))/></label>
            </div>
            <fieldset class="param-boxes"><legend>{move || lang.get().pick("Thông số quan trắc", "Parameters")}</legend>{param_boxes}</fieldset>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "form-ok" } else { "form-error" } role="alert" data-testid="station-form-message">{m}</p> })}
            <button type="submit" class="btn btn-primary" data-testid="station-save">{move || lang.get().pick("Lưu trạm", "Save station")}</button>
        </form>
    }
}

/// `/air-quality`: the public's current air-quality map.
#[component]
pub fn AirQualityPage() -> impl IntoView {
    let lang = use_lang();
    let tick = visible_ticks(LIVE_EVERY);
    let now = LocalResource::new(move || {
        tick.track();
        load_environment_now()
    });
    let base = LocalResource::new(fetch_map_base);
    let data = Signal::derive(move || now.get().and_then(|r| r.ok()));
    let map_base = Signal::derive(move || {
        let mut b: MapBase = base.get().and_then(|r| r.ok())?;
        b.places = markers(&data.get()?, Some(StationKind::Air), lang.get());
        Some(b)
    });
    let rows = move || {
        let d = data.get()?;
        let l = lang.get();
        Some(
            d.stations
                .into_iter()
                .filter(|s| s.station.kind == StationKind::Air)
                .map(|s| {
                    let advice = s.index.as_ref().map(|i| {
                        let [(vi, en), _] = aqi::ADVICE[aqi::band_index(i.value)];
                        l.pick(vi, en).to_string()
                    });
                    let dominant = s
                        .index
                        .as_ref()
                        .and_then(|i| i.dominant.as_deref())
                        .map(|d| param_label(StationKind::Air, d))
                        .unwrap_or_default();
                    let when = s
                        .index
                        .as_ref()
                        .map(|i| format::datetime_local(&i.time, l))
                        .unwrap_or_default();
                    view! {
                        <tr data-testid=format!("aq-row-{}", s.station.code)
                            data-last-reading=s.station.last_reading_at.clone().unwrap_or_default()
                            data-silent=s.silent.to_string()>
                            <th scope="row">{s.station.name_in(l).to_string()}</th>
                            <td>{s.station.district_in(l).unwrap_or_default().to_string()}</td>
                            <td>{match s.index { Some(p) => view! { <BandBadge point=p/> }.into_any(), None => view! { <span class="muted">"—"</span> }.into_any() }}</td>
                            <td>{dominant}</td>
                            <td class="small prose">{advice.unwrap_or_default()}</td>
                            <td class="small muted">{when}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <section class="page" data-testid="page-air-quality">
            <header class="page-head">
                <div>
                    <h1>{move || super::AIR_QUALITY_HEAD.heading(lang.get())}</h1>
                    <p class="muted">{move || super::AIR_QUALITY_HEAD.lead(lang.get())}</p>
                </div>
                <Show when=move || data.with(|d| d.as_ref().is_some_and(|d| d.demo))>
                    <span class="badge demo">{move || lang.get().pick("Dữ liệu minh hoạ", "Demo data")}</span>
                </Show>
            </header>
            {move || now.get().and_then(|r| r.err()).map(|e| view! { <ErrorNote error=e/> })}
            <div class="grid-2 map-row">
                <div>
                    <CityMap id="aq-map" places_label=Some(("Trạm quan trắc", "Monitoring stations"))
                        base=map_base values=Signal::derive(Vec::new)
                        format_value=Callback::new(|v: f64| v.to_string())
                        legend_title=Signal::derive(move || lang.get().pick("Ranh giới huyện", "District boundaries").to_string()) />
                    <BandLegend kind=StationKind::Air/>
                </div>
                <div class="table-wrap"><table class="data-table" data-testid="aq-table">
                    <caption>{move || lang.get().pick("VN_AQI giờ gần nhất", "Latest hourly VN_AQI")}</caption>
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Trạm", "Station")}</th>
                        <th scope="col">{move || lang.get().pick("Địa bàn", "District")}</th>
                        <th scope="col">"VN_AQI"</th>
                        <th scope="col">{move || lang.get().pick("Thông số chính", "Dominant")}</th>
                        <th scope="col">{move || lang.get().pick("Khuyến nghị", "Advice")}</th>
                        <th scope="col">{move || lang.get().pick("Thời điểm", "Time")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </div>
            <p class="muted small">{move || lang.get().pick(
                "Phương pháp: VN_AQI theo Quyết định 1459/QĐ-TCMT của Tổng cục Môi trường (NowCast cho PM2.5 và PM10). Nguồn: Sở Tài nguyên và Môi trường. Số liệu trạm: API /api/v1/environment/stations.",
                "Method: VN_AQI per Decision 1459/QĐ-TCMT of the Vietnam Environment Administration (NowCast for PM2.5 and PM10). Source: Department of Natural Resources and Environment. Station data: API /api/v1/environment/stations.")}</p>
        </section>
    }
}
