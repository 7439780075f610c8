//! The public status pages: `/status` lists the departments whose sites are watched,
//! `/status/{department}` shows each site's state, 30 days of availability, this month's,
//! the outages and the planned maintenance. Nothing internal: no addresses, no errors.

use super::api::{load_status_index, load_status_page};
use super::model::{MonitorState, PublicMonitor, StatusPage};
use crate::components::{ErrorNote, Loading};
use crate::format;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn state_chip(s: MonitorState, l: Lang) -> impl IntoView {
    let class = match s {
        MonitorState::Up => "status status-green",
        MonitorState::Down => "status status-red",
        MonitorState::Pending | MonitorState::Maintenance => "status status-amber",
        MonitorState::Unknown => "status status-no-data",
    };
    let (vi, en) = s.label();
    view! { <span class=class data-testid="site-state" data-state=s.as_str()>{l.pick(vi, en)}</span> }
}

fn percent(v: Option<f64>, l: Lang) -> String {
    v.map(|v| format!("{} %", format::number(v, 2, l)))
        .unwrap_or_else(|| l.pick("chưa có số liệu", "no data yet").into())
}

#[component]
pub fn StatusIndexPage() -> impl IntoView {
    let lang = use_lang();
    let res = LocalResource::new(load_status_index);
    view! {
        <section class="page page-medium" data-testid="page-status">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Tình trạng dịch vụ trực tuyến", "Online service status")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Các cổng thông tin và dịch vụ công trực tuyến của tỉnh được kiểm tra tự động mỗi phút. Chọn một cơ quan để xem tình trạng và tỷ lệ hoạt động của từng trang.",
                        "The province's portals and online public services are checked automatically every minute. Choose an agency to see each site's state and availability.")}</p>
                </div>
            </header>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || res.get().map(|r| match r {
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty-state">{move || lang.get().pick("Chưa có trang nào được theo dõi.", "No site is watched yet.")}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="link-list" data-testid="status-departments">
                            {list.into_iter().map(|d| {
                                let href = format!("/status/{}", d.department);
                                view! {
                                    <li>
                                        <a href=href>{d.department_name.clone()}</a>" "
                                        <span class="muted">{move || {
                                            let l = lang.get();
                                            format!("{} {}", d.monitors, l.pick("trang, dịch vụ", "sites and services"))
                                        }}</span>" "
                                        {(d.down > 0).then(|| view! {
                                            <span class="status status-red">{move || format!("{} {}", d.down, lang.get().pick("ngừng hoạt động", "down"))}</span>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn StatusDepartmentPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let res = LocalResource::new(move || {
        load_status_page(params.with(|p| p.get("department").unwrap_or_default()))
    });
    view! {
        <section class="page page-medium" data-testid="page-status-department">
            <p><a href="/status">{move || lang.get().pick("← Tất cả cơ quan", "← All agencies")}</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || res.get().map(|r| match r {
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    Ok(page) => view! { <Department page=page/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Department(page: StatusPage) -> impl IntoView {
    let lang = use_lang();
    let down = page
        .monitors
        .iter()
        .filter(|m| m.state == MonitorState::Down)
        .count();
    let name = page.department_name.clone();
    let generated = page.generated_at.clone();
    let monitors = page.monitors.clone();
    let outages = page.outages.clone();
    let maintenance = page.maintenance.clone();
    view! {
        <header class="page-head">
            <div>
                <h1>{move || format!("{} – {}", lang.get().pick("Tình trạng dịch vụ", "Service status"), name)}</h1>
                <p class="muted">{move || {
                    let l = lang.get();
                    format!("{} {}", l.pick("Cập nhật lúc", "Updated"), format::datetime_local(&generated, l))
                }}</p>
            </div>
        </header>
        <p class=if down == 0 { "notice status-green" } else { "notice status-red" } data-testid="status-summary" role="status">
            {move || {
                let l = lang.get();
                if down == 0 {
                    l.pick("Tất cả trang, dịch vụ đang hoạt động bình thường.", "All sites and services are working normally.").to_string()
                } else {
                    format!("{down} {}", l.pick("trang, dịch vụ đang ngừng hoạt động.", "sites or services are down."))
                }
            }}
        </p>
        {(!maintenance.is_empty()).then(|| view! {
            <section class="panel" data-testid="status-maintenance">
                <h2>{move || lang.get().pick("Lịch bảo trì", "Planned maintenance")}</h2>
                <ul class="link-list">
                    {maintenance.iter().map(|w| {
                        let w = w.clone();
                        view! { <li>{move || {
                            let l = lang.get();
                            format!("{}: {} – {}", w.title, format::datetime_local(&w.starts_at, l), format::datetime_local(&w.ends_at, l))
                        }}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <ul class="site-list" data-testid="status-sites">
            {monitors.into_iter().map(|m| view! { <Site m=m/> }).collect_view()}
        </ul>
        <section class="panel" data-testid="status-outages">
            <h2>{move || lang.get().pick("Sự cố 30 ngày qua", "Outages in the last 30 days")}</h2>
            {move || {
                let l = lang.get();
                if outages.is_empty() {
                    return view! { <p class="muted">{l.pick("Không có sự cố.", "No outages.")}</p> }.into_any();
                }
                view! {
                    <ul class="link-list">
                        {outages.iter().map(|o| {
                            let end = o.ended_at.as_deref().map(|e| format::datetime_local(e, l))
                                .unwrap_or_else(|| l.pick("đang diễn ra", "ongoing").into());
                            view! { <li><strong>{o.name.clone()}</strong>": "{format::datetime_local(&o.started_at, l)}" – "{end}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Site(m: PublicMonitor) -> impl IntoView {
    let lang = use_lang();
    let days = m.days.clone();
    view! {
        <li class="card site" data-testid="status-site">
            <div class="alert-head">
                <strong>{m.name.clone()}</strong>" "{move || state_chip(m.state, lang.get())}
                {m.paused.then(|| view! { " "<span class="status status-no-data">{move || lang.get().pick("tạm dừng theo dõi", "checks paused")}</span> })}
            </div>
            <p class="small muted">{move || {
                let l = lang.get();
                format!(
                    "{} {} · {} {}",
                    l.pick("30 ngày:", "30 days:"),
                    percent(m.availability_30d, l),
                    l.pick("tháng này:", "this month:"),
                    percent(m.availability_month, l)
                )
            }}</p>
            <div class="day-bars" role="img" aria-label=move || lang.get().pick("Tỷ lệ hoạt động từng ngày, 30 ngày qua", "Availability per day, last 30 days")>
                {days.into_iter().map(|d| {
                    let class = match d.availability {
                        None => "day-bar day-none",
                        Some(a) if a >= 99.9 => "day-bar day-good",
                        Some(a) if a >= 95.0 => "day-bar day-fair",
                        Some(_) => "day-bar day-bad",
                    };
                    let title = move || format!("{}: {}", d.day, percent(d.availability, lang.get()));
                    view! { <span class=class title=title></span> }
                }).collect_view()}
            </div>
        </li>
    }
}
