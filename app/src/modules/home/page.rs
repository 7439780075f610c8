//! `/`: the public home. Light on purpose (no map, no chart library): it is the page a
//! citizen's phone opens first.

use super::api::load_public_home;
use super::model::{AirNow, PublicHome};
use crate::components::layout::last_good;
use crate::components::{ErrorNote, KpiTile, Loading};
use crate::format;
use crate::i18n::{use_lang, use_t};
use crate::model::Role;
use crate::modules::auth::use_auth;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = use_t();
    let auth = use_auth();
    // An official's home is the overview: once the session is known, take them there.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if auth.ready.get() && auth.role().allows(Role::Official) {
            navigate(
                "/overview",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let res = LocalResource::new(load_public_home);
    let (data, error) = last_good(res);
    let head = &super::HOME_HEAD;
    view! {
        <section class="page home" data-testid="page-home">
            <header class="page-head">
                <div>
                    <h1>{move || head.heading(lang.get())}</h1>
                    <p class="muted">{move || head.lead(lang.get())}</p>
                </div>
                <Show when=move || data.with(|d| d.as_ref().is_some_and(|d| d.demo))>
                    <span class="badge demo">{move || t().demo_badge}</span>
                </Show>
            </header>
            <div class="home-actions">
                <A href="/report" attr:class="btn btn-primary btn-large" attr:data-testid="home-report">
                    {move || lang.get().pick("Phản ánh một vấn đề", "Report a problem")}
                </A>
                <A href="/air-quality" attr:class="btn btn-large">{move || lang.get().pick("Chất lượng không khí", "Air quality")}</A>
                <A href="/open-data" attr:class="btn btn-large">{move || lang.get().pick("Dữ liệu mở", "Open data")}</A>
            </div>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || match data.get() {
                None if error.with(Option::is_none) => view! { <Loading/> }.into_any(),
                None => ().into_any(),
                Some(d) => view! { <Glance data=d/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Glance(data: PublicHome) -> impl IntoView {
    let lang = use_lang();
    let PublicHome {
        air,
        feedback: fb,
        datasets,
        latest,
        ..
    } = data;
    let worst = air.first().filter(|a| a.aqi.is_some()).cloned();
    let stations = air.len();
    let reporting = air.iter().filter(|a| a.aqi.is_some()).count();
    let air_rows = air
        .into_iter()
        .map(|a| view! { <AirRow air=a/> })
        .collect_view();
    let words = RwSignal::new(String::new());
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = words.get_untracked();
        let q = q.trim();
        let href = if q.is_empty() {
            "/open-data".to_string()
        } else {
            format!("/open-data?q={}", format::url_component(q))
        };
        navigate(&href, Default::default());
    };
    let dataset_items = latest
        .into_iter()
        .map(|d| {
            let href = format!("/open-data/{}", d.code);
            let title = move || lang.get().name(&d.title, d.title_en.as_deref()).to_string();
            let dept = move || lang.get().pick(&d.department_name, &d.department_name_en).to_string();
            let when = d.last_update.clone();
            view! {
                <li>
                    <A href=href>{title}</A>
                    <small class="muted">{dept}{move || when.as_deref().map(|w| format!(" · {}", format::date(w, lang.get())))}</small>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="home-grid">
            <article class="card home-card" data-testid="home-air">
                <h2>{move || lang.get().pick("Không khí lúc này", "The air right now")}</h2>
                {match worst.clone() {
                    Some(w) => view! {
                        <p class="home-headline">
                            <span class="swatch big" style=format!("background:{}", w.colour) aria-hidden="true"></span>
                            <span>
                                <strong class="num" data-testid="home-worst-aqi">{w.aqi.unwrap_or_default()}</strong>
                                " VN_AQI · "{move || lang.get().pick(&w.label_vi, &w.label_en).to_string()}
                                <br/><small class="muted">
                                    {move || lang.get().pick("Cao nhất tỉnh, tại ", "Highest in the province, at ")}
                                    <span translate="no">{move || lang.get().name(&w.name, w.name_en.as_deref()).to_string()}</span>
                                </small>
                            </span>
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="muted">{move || lang.get().pick("Chưa có trạm nào báo số liệu giờ này.", "No station has reported this hour.")}</p>
                    }.into_any(),
                }}
                <p class="muted small">{move || match lang.get() {
                    crate::i18n::Lang::Vi => format!("{reporting}/{stations} trạm đang báo số liệu"),
                    crate::i18n::Lang::En => format!("{reporting} of {stations} stations reporting"),
                }}</p>
                <ul class="home-list">{air_rows}</ul>
                <A href="/air-quality" attr:class="more">{move || lang.get().pick("Bản đồ và khuyến nghị sức khoẻ →", "Map and health advice →")}</A>
            </article>
            <article class="card home-card" data-testid="home-feedback">
                <h2>{move || lang.get().pick("Phản ánh của người dân", "Citizens' reports")}</h2>
                <div class="kpi-grid home-kpis">
                    <KpiTile id="home-received" label=Signal::derive(move || lang.get().pick("Đã tiếp nhận", "Received").to_string())
                        value=Signal::derive(move || Some(fb.received as f64)) unit=Signal::derive(move || lang.get().pick("phản ánh", "reports").to_string())/>
                    <KpiTile id="home-resolved" label=Signal::derive(move || lang.get().pick("Đã giải quyết", "Resolved").to_string())
                        value=Signal::derive(move || Some(fb.resolved as f64)) unit=Signal::derive(move || lang.get().pick("phản ánh", "reports").to_string())/>
                    <KpiTile id="home-on-time" label=Signal::derive(move || lang.get().pick("Đúng hạn", "On time").to_string())
                        value=Signal::derive(move || fb.on_time_pct) decimals=1 unit=Signal::derive(|| "%".to_string())/>
                    <KpiTile id="home-satisfied" label=Signal::derive(move || lang.get().pick("Hài lòng", "Satisfied").to_string())
                        value=Signal::derive(move || fb.satisfaction_pct) decimals=1 unit=Signal::derive(|| "%".to_string())/>
                </div>
                <p class="muted small">{move || match lang.get() {
                    crate::i18n::Lang::Vi => format!("{} phản ánh đang được xử lý. Tỷ lệ theo Quyết định 766/QĐ-TTg.", fb.pending),
                    crate::i18n::Lang::En => format!("{} reports being handled. Ratios as in Decision 766/QĐ-TTg.", fb.pending),
                }}</p>
                <A href="/report" attr:class="more">{move || lang.get().pick("Gửi hoặc tra cứu phản ánh →", "File or track a report →")}</A>
            </article>
            <article class="card home-card" data-testid="home-open-data">
                <h2>{move || lang.get().pick("Dữ liệu mở", "Open data")}</h2>
                <p class="home-headline">
                    <strong class="num" data-testid="home-datasets">{datasets}</strong>
                    " "{move || lang.get().pick("bộ dữ liệu công khai của các sở, ngành", "public datasets of the departments")}
                </p>
                <form class="home-search" role="search" on:submit=search>
                    <label for="home-q" class="sr-only">{move || lang.get().pick("Tìm dữ liệu", "Search the data")}</label>
                    <input id="home-q" type="search" name="q" data-testid="home-search" bind:value=words
                        placeholder=move || lang.get().pick("Tìm dữ liệu, ví dụ: khách du lịch", "Search, e.g. visitors")/>
                    <button type="submit" class="btn">{move || lang.get().pick("Tìm", "Search")}</button>
                </form>
                <h3>{move || lang.get().pick("Mới cập nhật", "Recently updated")}</h3>
                <ul class="home-list">{dataset_items}</ul>
                <A href="/open-data" attr:class="more">{move || lang.get().pick("Toàn bộ danh mục →", "The whole catalogue →")}</A>
            </article>
        </div>
    }
}

#[component]
fn AirRow(air: AirNow) -> impl IntoView {
    let lang = use_lang();
    let AirNow {
        code,
        name,
        name_en,
        district,
        district_en,
        aqi,
        label_vi,
        label_en,
        colour,
        silent,
        ..
    } = air;
    let name = move || lang.get().name(&name, name_en.as_deref()).to_string();
    let district = move || {
        district
            .as_deref()
            .map(|d| lang.get().name(d, district_en.as_deref()).to_string())
    };
    let state = move || {
        match aqi {
        Some(v) => view! {
            <span class="band-badge">
                <span class="swatch" style=format!("background:{colour}")></span>
                <strong class="num">{v}</strong>" "{lang.get().pick(&label_vi, &label_en).to_string()}
            </span>
        }
        .into_any(),
        None if silent => view! { <span class="muted">{lang.get().pick("Mất tín hiệu", "No signal")}</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
    };
    view! {
        <li data-testid=format!("home-air-{code}")>
            <span><span translate="no">{name}</span>{move || district().map(|d| view! { <small class="muted" translate="no">{d}</small> })}</span>
            {state}
        </li>
    }
}
