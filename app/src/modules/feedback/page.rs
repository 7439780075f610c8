//! Module 9's pages: `/report` (anyone files a report), `/report/{code}` (anyone with the
//! code follows it and rates the answer), `/feedback` (officials handle reports).

use super::api::{
    act_on_report, feedback_inbox, feedback_report, feedback_services, file_report,
    load_feedback_stats, rate_report, similar_reports, track_report,
};
use super::model::{
    FeedbackStats, Filed, InboxFilter, NewReport, Photo, PublicReport, Report, ReportAction,
    ReportStatus, Service,
};
use super::photo_picker::{Chosen, PhotoPicker};
use crate::components::{
    Cell, CityMap, Column, DataTable, Dialog, ErrorNote, FilterSelect, KpiTile, Loading, WhenNear,
};
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

fn service_label(s: &Service, lang: Lang) -> String {
    lang.pick(&s.name, &s.name_en).to_string()
}

fn status_chip(status: ReportStatus, lang: Lang) -> impl IntoView {
    view! {
        <span class=format!("status report-{}", status.as_str()) data-testid="report-status" data-status=status.as_str()>
            {status.label(lang)}
        </span>
    }
}

fn field_error(
    error: RwSignal<Option<AppError>>,
    name: &'static str,
) -> impl Fn() -> Option<AnyView> {
    let lang = use_lang();
    move || {
        match error.get() {
        Some(AppError::Invalid { field, message }) if field == name => Some(
            view! { <p class="field-error" role="alert" data-testid=format!("error-{name}")>{move || message.get(lang.get()).to_string()}</p> }
                .into_any(),
        ),
        _ => None,
    }
    }
}

/// `/report`: a phone-first form. Category, words, a place (tap the map, use my location,
/// or type an address), and optional contact that is never shown publicly.
#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let services = LocalResource::new(feedback_services);
    let service = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let point = RwSignal::new(None::<(f64, f64)>);
    let address = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let filed = RwSignal::new(None::<Filed>);
    let photos = RwSignal::new(Vec::<Chosen>::new());
    let answers = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let from_photo = RwSignal::new(false);
    // The map (its code, Leaflet, the boundaries and any tiles) loads when the reader asks
    // for it, or to show a place their location or a photo gave.
    let map_open = RwSignal::new(false);
    Effect::new(move |_| {
        if point.with(Option::is_some) {
            map_open.set(true);
        }
    });
    let asked = move || {
        let code = service.get();
        services
            .get()
            .and_then(|r| r.ok())
            .and_then(|list| list.into_iter().find(|s| s.code == code))
            .map(|s| s.attributes)
            .unwrap_or_default()
    };

    let options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("— Chọn lĩnh vực —", "— Choose a category —")
                .to_string(),
        )];
        if let Some(Ok(list)) = services.get() {
            out.extend(list.iter().map(|s| (s.code.clone(), service_label(s, l))));
        }
        out
    });
    let locate = move |_| {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::prelude::*;
            use wasm_bindgen::JsCast;
            let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
                error.set(Some(AppError::invalid(
                    "location",
                    tr!(
                        "trình duyệt này không cung cấp được vị trí",
                        "this browser cannot give a location"
                    ),
                )));
                return;
            };
            let ok = Closure::once_into_js(move |pos: web_sys::Position| {
                let c = pos.coords();
                let _ = point.try_set(Some((c.latitude(), c.longitude())));
            });
            let fail = Closure::once_into_js(move |_e: JsValue| {
                let _ = error.try_set(Some(AppError::invalid(
                    "location",
                    tr!(
                        "chưa lấy được vị trí: chạm vào bản đồ hoặc nhập địa chỉ",
                        "the location was not given: tap the map or type an address"
                    ),
                )));
            });
            let _ = geo.get_current_position_with_error_callback(
                ok.unchecked_ref(),
                Some(fail.unchecked_ref()),
            );
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let opt = |s: RwSignal<String>| Some(s.get_untracked()).filter(|x| !x.trim().is_empty());
        let report = NewReport {
            service_code: service.get_untracked(),
            description: description.get_untracked(),
            lat: point.get_untracked().map(|p| p.0),
            lon: point.get_untracked().map(|p| p.1),
            address: opt(address),
            name: opt(name),
            phone: opt(phone),
            email: opt(email),
            photos: photos.with_untracked(|p| p.iter().map(|c| c.photo.token.clone()).collect()),
            // Only what the chosen category asks (answers to another one may linger).
            // (`retain`, not a new map collected: that sorts, and its code is 3 KB of the
            // public page.)
            attributes: {
                let codes: Vec<String> = asked().into_iter().map(|a| a.code).collect();
                let mut kept = answers.get_untracked();
                kept.retain(|k, v| !v.trim().is_empty() && codes.contains(k));
                kept
            },
            media_url: None,
        };
        if let Err(e) = super::rules::check_new(&report) {
            error.set(Some(e));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = file_report(report).await;
            let _ = busy.try_set(false);
            match r {
                Ok(f) => {
                    let _ = filed.try_set(Some(f));
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let text_input = move |id: &'static str,
                           label: (&'static str, &'static str),
                           sig: RwSignal<String>,
                           kind: &'static str| {
        view! {
            <label for=id>{move || lang.get().pick(label.0, label.1)}</label>
            <input id=id data-testid=id type=kind prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
        }
    };

    let form = view! {
        <form class="form report-form" on:submit=submit novalidate>
            <FilterSelect id="report-service" label=Signal::derive(move || lang.get().pick("Lĩnh vực", "Category").to_string())
                options=options value=service on_change=Callback::new(move |v| service.set(v))/>
            {field_error(error, "service_code")}
            <label for="report-description">{move || lang.get().pick("Nội dung phản ánh", "What is wrong")}</label>
            <textarea id="report-description" data-testid="report-description" rows="5" maxlength="4000"
                prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            {field_error(error, "description")}
            <p class="muted small">{move || lang.get().pick("Nội dung, ảnh và vị trí phản ánh được công khai để mọi người theo dõi kết quả; thông tin liên hệ thì không.", "The words, photos and place of a report are public so that anyone can follow the result; contact details are not.")}</p>
            {move || {
                let list = asked();
                (!list.is_empty()).then(|| {
                    let l = lang.get();
                    view! {
                        <fieldset data-testid="report-attributes">
                            <legend>{l.pick("Thông tin thêm", "More details")}</legend>
                            {list.into_iter().map(|a| {
                                let code = a.code.clone();
                                let id = format!("attr-{}", a.code);
                                let label = format!("{}{}", if l == Lang::En && !a.description_en.is_empty() { a.description_en.clone() } else { a.description.clone() }, if a.required { " *" } else { "" });
                                let value = { let c = code.clone(); move || answers.with(|m| m.get(&c).cloned().unwrap_or_default()) };
                                let set = { let c = code.clone(); move |v: String| answers.update(|m| { m.insert(c.clone(), v); }) };
                                let input = if a.datatype == "singlevaluelist" {
                                    view! {
                                        <select id=id.clone() data-testid=id.clone() prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                                            <option value="">"—"</option>
                                            {a.values.iter().map(|v| view! { <option value=v.key.clone()>{v.name.clone()}</option> }).collect_view()}
                                        </select>
                                    }.into_any()
                                } else {
                                    let kind = if a.datatype == "number" { "number" } else { "text" };
                                    view! { <input id=id.clone() data-testid=id.clone() type=kind prop:value=value on:input=move |ev| set(event_target_value(&ev))/> }.into_any()
                                };
                                view! { <label for=id>{label}</label>{input} }
                            }).collect_view()}
                            {move || match error.get() {
                                Some(AppError::Invalid { field, message }) if field.starts_with("attribute[") =>
                                    Some(view! { <p class="field-error" role="alert" data-testid="error-attribute">{move || message.get(lang.get()).to_string()}</p> }),
                                _ => None,
                            }}
                        </fieldset>
                    }
                })
            }}
            <PhotoPicker id="report-photos" photos=photos
                on_position=Callback::new(move |p: (f64, f64)| if point.get_untracked().is_none() {
                    point.set(Some(p));
                    from_photo.set(true);
                })/>
            {field_error(error, "photos")}
            <fieldset>
                <legend>{move || lang.get().pick("Vị trí", "Where")}</legend>
                <p class="muted small">{move || lang.get().pick("Chọn trên bản đồ, dùng vị trí của bạn, hoặc nhập địa chỉ.", "Choose on the map, use your location, or type an address.")}</p>
                <Show when=move || map_open.get() fallback=move || view! {
                    <button type="button" class="btn" data-testid="report-open-map" on:click=move |_| map_open.set(true)>
                        {move || lang.get().pick("Chọn trên bản đồ", "Choose on the map")}</button>
                }>{report_map(Pick { point, from_photo })}</Show>
                <p data-testid="report-point">{move || point.get().map(|(a, b)| format!("{}: {a:.5}, {b:.5}", lang.get().pick("Đã chọn", "Chosen")))}
                    {move || from_photo.get().then(|| lang.get().pick(" (theo vị trí ghi trong ảnh — chạm bản đồ để sửa)", " (from the photo's position — tap the map to change)"))}</p>
                // Its code comes once a category and a place are chosen.
                {move || (point.with(Option::is_some) && service.with(|s| !s.is_empty()))
                    .then(|| similar_here(Near { service, point }))}
                <button type="button" class="btn" data-testid="report-locate" on:click=locate>{move || lang.get().pick("Dùng vị trí của tôi", "Use my location")}</button>
                {text_input("report-address", ("Địa chỉ (nếu không chọn trên bản đồ)", "Address (if not on the map)"), address, "text")}
                {field_error(error, "location")}
                {field_error(error, "lat")}
            </fieldset>
            <fieldset>
                <legend>{move || lang.get().pick("Liên hệ (không bắt buộc, không công khai)", "Contact (optional, never public)")}</legend>
                {text_input("report-name", ("Họ tên", "Name"), name, "text")}
                {text_input("report-phone", ("Điện thoại", "Phone"), phone, "tel")}
                {field_error(error, "phone")}
                {text_input("report-email", ("Thư điện tử", "Email"), email, "email")}
                {field_error(error, "email")}
            </fieldset>
            <button type="submit" class="btn btn-primary" data-testid="report-submit" disabled=move || busy.get()>
                {move || lang.get().pick("Gửi phản ánh", "Send the report")}
            </button>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|e| view! { <ErrorNote error=e/> })}
        </form>
    }
    .into_any();

    view! {
        <section class="page page-medium" data-testid="page-report">
            <header class="page-head">
                <div>
                    <h1>{move || super::REPORT_HEAD.heading(lang.get())}</h1>
                    <p class="muted">{move || super::REPORT_HEAD.lead(lang.get())}</p>
                </div>
            </header>
            {move || filed.get().map(|f| view! {
                <div class="notice" role="status" data-testid="report-filed">
                    <p>{move || lang.get().pick("Cảm ơn bạn. Mã theo dõi phản ánh:", "Thank you. Your tracking code:")}</p>
                    <p class="tracking-code" data-testid="tracking-code">{f.code.clone()}</p>
                    <p class="muted">{move || lang.get().pick("Hạn xử lý: ", "Due: ")}{format::datetime_local(&f.due_at, lang.get())}</p>
                    <a class="btn btn-primary" data-testid="track-link" href=format!("/report/{}", f.code)>{move || lang.get().pick("Theo dõi phản ánh", "Follow the report")}</a>
                </div>
            })}
            <div hidden=move || filed.with(|f| f.is_some())>{form}</div>
            // Below the form: drawn, and their code fetched, when the reader scrolls within a
            // quarter screen of them, not while the page opens on a phone.
            <WhenNear testid="feedback-stats-slot" min_height="40rem" ahead="25%">{stats(())}</WhenNear>
        </section>
    }
}

/// The report form's place, shared with its map.
#[derive(Clone, Copy)]
struct Pick {
    point: RwSignal<Option<(f64, f64)>>,
    from_photo: RwSignal<bool>,
}

crate::split_part!(
    report_map,
    public_report_map,
    |p: Pick| view! { <ReportMap pick=p/> }
);

/// The report form's category and place, for the reports already filed near it.
#[derive(Clone, Copy)]
struct Near {
    service: RwSignal<String>,
    point: RwSignal<Option<(f64, f64)>>,
}

crate::split_part!(
    similar_here,
    public_report_similar,
    |n: Near| view! { <Similar near=n/> }
);

/// Someone may already have reported the same thing here: offer it, never merge.
#[component]
fn Similar(near: Near) -> impl IntoView {
    let lang = use_lang();
    let similar = LocalResource::new(move || {
        let (code, p) = (near.service.get(), near.point.get());
        async move {
            match p {
                Some((lat, lon)) if !code.is_empty() => {
                    similar_reports(code, lat, lon).await.unwrap_or_default()
                }
                _ => Vec::new(),
            }
        }
    });
    move || {
        let list = similar.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            let l = lang.get();
            view! {
                <div class="notice" role="status" data-testid="report-similar">
                    <p>{l.pick("Gần đây đã có phản ánh cùng lĩnh vực ở gần vị trí này. Nếu là cùng một việc, bạn không cần gửi lại:", "Someone recently reported the same kind of problem near here. If it is the same one, there is no need to send it again:")}</p>
                    <ul>{list.into_iter().map(|x| view! {
                        <li>{format!("#{} · {} · {} m · ", x.id, x.status.label(l), x.distance_m)}{x.description}</li>
                    }).collect_view()}</ul>
                    <p class="muted small">{l.pick("Nếu là việc khác, cứ gửi phản ánh của bạn.", "If it is a different problem, send yours anyway.")}</p>
                </div>
            }
        })
    }
}

/// Who acted on a report, as the history shows it: the citizen, the demo, or an official's
/// address as stored.
fn actor_label(actor: &str, l: Lang) -> String {
    match actor {
        "public" => l.pick("Người dân", "Citizen").to_string(),
        "demo" => l.pick("Dữ liệu minh hoạ", "Demo data").to_string(),
        "system" => l.pick("Hệ thống", "System").to_string(),
        other => other.to_string(),
    }
}

/// What was done, as the history shows it (the stored kinds are codes).
fn event_label(kind: &str, l: Lang) -> String {
    let (vi, en) = match kind {
        "filed" => ("Gửi phản ánh", "Filed"),
        "accept" | "accepted" => ("Tiếp nhận", "Accepted"),
        "assign" | "assigned" => ("Chuyển xử lý", "Assigned"),
        "start" | "started" => ("Bắt đầu xử lý", "Started"),
        "resolve" | "resolved" => ("Đã xử lý", "Resolved"),
        "reject" | "rejected" => ("Không tiếp nhận", "Rejected"),
        "note" => ("Ghi chú", "Note"),
        "close" | "closed" => ("Đóng", "Closed"),
        "rate" | "rated" => ("Đánh giá", "Rated"),
        "reopen" | "reopened" => ("Mở lại", "Reopened"),
        other => return other.to_string(),
    };
    l.pick(vi, en).to_string()
}

/// Where a report is, on the tracking page.
#[component]
fn PlaceMap(point: (f64, f64)) -> impl IntoView {
    let lang = use_lang();
    let base = LocalResource::new(fetch_map_base);
    view! {
        <CityMap id="report-place-map"
            base=Signal::derive(move || base.get().and_then(|r| r.ok()))
            values=Signal::derive(Vec::new)
            format_value=Callback::new(|v: f64| v.to_string())
            legend_title=Signal::derive(move || lang.get().pick("Vị trí phản ánh", "Where the report is").to_string())
            point=Signal::derive(move || Some(point)) />
    }
}

/// Look up a report by its code (a code mistyped gets a second chance here).
#[component]
fn TrackForm() -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Codes are read out and typed again: spaces and case do not matter.
        let code: String = typed
            .get_untracked()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if !code.is_empty() {
            navigate(
                &format!("/report/{}", crate::format::url_component(&code)),
                Default::default(),
            );
        }
    };
    view! {
        <form class="track-form" on:submit=go data-testid="track-form">
            <label for="track-code">{move || lang.get().pick("Tra cứu mã khác", "Look up another code")}</label>
            <div class="inline-field">
                <input id="track-code" data-testid="track-code" autocomplete="off" spellcheck="false"
                    placeholder="PA-XXXX-XXXX-XXXX" bind:value=typed/>
                <button type="submit" class="btn btn-primary">{move || lang.get().pick("Tra cứu", "Look up")}</button>
            </div>
        </form>
    }
}

/// The map of the report form: tap to choose the place; shows the place chosen otherwise.
#[component]
fn ReportMap(pick: Pick) -> impl IntoView {
    let lang = use_lang();
    let base = LocalResource::new(fetch_map_base);
    view! {
        <CityMap id="report-map"
            base=Signal::derive(move || base.get().and_then(|r| r.ok()))
            values=Signal::derive(Vec::new)
            format_value=Callback::new(|v: f64| v.to_string())
            legend_title=Signal::derive(move || lang.get().pick("Vị trí phản ánh", "Report location").to_string())
            on_point=Callback::new(move |p: (f64, f64)| { pick.from_photo.set(false); pick.point.set(Some(p)) })
            point=pick.point />
    }
}

/// A report's photos of one purpose, each opening full size.
fn photo_strip(photos: &[Photo], purpose: &str, lang: Lang) -> Option<impl IntoView> {
    let list: Vec<Photo> = photos
        .iter()
        .filter(|p| p.purpose == purpose)
        .cloned()
        .collect();
    (!list.is_empty()).then(|| {
        let alt = if purpose == "resolution" {
            lang.pick("Ảnh kết quả xử lý", "Photo of the finished work")
        } else {
            lang.pick("Ảnh phản ánh", "Photo of the problem")
        };
        view! {
            <div class="photo-strip" data-testid=format!("photos-{purpose}")>
                {list.into_iter().map(|p| {
                    let w = p.width.min(320);
                    let h = p.height * w / p.width.max(1);
                    view! {
                        <a href=p.url.clone() target="_blank" rel="noopener">
                            <img src=p.url.clone() alt=alt loading="lazy" width=w height=h data-testid="report-photo"/>
                        </a>
                    }
                }).collect_view()}
            </div>
        }
    })
}

/// `/report/{code}`: the status, the history and the public answer; a rating once resolved.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let report = LocalResource::new(move || track_report(code()));
    let rated = RwSignal::new(None::<Result<PublicReport, AppError>>);
    let current = move || match rated.get() {
        Some(Ok(r)) => Some(Ok(r)),
        _ => report.get(),
    };
    let rate = move |satisfied: bool| {
        let c = code();
        leptos::task::spawn_local(async move {
            let r = rate_report(c, satisfied).await;
            let _ = rated.try_set(Some(r));
        });
    };
    view! {
        <section class="page page-medium" data-testid="page-report-track">
            <header class="page-head"><h1>{move || lang.get().pick("Theo dõi phản ánh", "Follow a report")}</h1></header>
            {move || match current() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::NotFound(_))) => view! {
                    <div class="notice" role="alert" data-testid="track-not-found">
                        <p><strong>{move || match lang.get() {
                            Lang::Vi => format!("Không tìm thấy phản ánh có mã «{}».", code()),
                            Lang::En => format!("No report has the code «{}».", code()),
                        }}</strong></p>
                        <p>{move || lang.get().pick(
                            "Mã gồm chữ PA và 12 ký tự chia ba nhóm, ví dụ PA-7KQ2-M4TX-9HBD, như trong lời xác nhận khi bạn gửi. Mã không dùng chữ O, I, L và số 0, 1: hãy kiểm tra các ký tự dễ nhầm.",
                            "A code is PA and 12 characters in three groups, e.g. PA-7KQ2-M4TX-9HBD, as shown when you sent the report. Codes never use the letters O, I, L or the digits 0, 1: check the characters that look alike.",
                        )}</p>
                    </div>
                    <TrackForm/>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
                Some(Ok(r)) => {
                    let l = lang.get();
                    let place = r.lat.zip(r.lon);
                    let where_ = r.address.clone().or_else(|| r.district.clone());
                    let can_rate = r.status == ReportStatus::Resolved && r.satisfied.is_none();
                    view! {
                        <article class="report-card">
                            <p class="tracking-code">{r.code.clone()}</p>
                            <p>{status_chip(r.status, l)}" "<span class="muted">{r.service_name.clone()}</span></p>
                            <p data-testid="report-description">{r.description.clone()}</p>
                            <dl class="facts">
                                <dt>{l.pick("Gửi lúc", "Sent")}</dt><dd>{format::datetime_local(&r.created_at, l)}</dd>
                                <dt>{l.pick("Hạn xử lý", "Due")}</dt><dd>{format::datetime_local(&r.due_at, l)}</dd>
                                <dt>{l.pick("Cơ quan xử lý", "Handled by")}</dt><dd>{r.department_name.clone().unwrap_or_else(|| "—".into())}</dd>
                                {where_.map(|w| view! { <dt>{l.pick("Địa điểm", "Place")}</dt><dd translate="no">{w}</dd> })}
                            </dl>
                            {place.map(|p| view! { <PlaceMap point=p/> })}
                            {photo_strip(&r.photos, "report", l)}
                            {r.answer.clone().map(|a| view! {
                                <section class="answer" data-testid="report-answer">
                                    <h2>{l.pick("Kết quả xử lý", "The answer")}</h2>
                                    <p>{a}</p>
                                    {photo_strip(&r.photos, "resolution", l)}
                                </section>
                            })}
                            {can_rate.then(|| view! {
                                <div class="rate" data-testid="report-rate">
                                    <p>{l.pick("Bạn có hài lòng với kết quả?", "Are you satisfied with the result?")}</p>
                                    <button class="btn btn-primary" data-testid="rate-yes" on:click=move |_| rate(true)>{l.pick("Hài lòng", "Satisfied")}</button>
                                    " "
                                    <button class="btn" data-testid="rate-no" on:click=move |_| rate(false)>{l.pick("Không hài lòng", "Not satisfied")}</button>
                                </div>
                            })}
                            {r.satisfied.map(|s| view! {
                                <p data-testid="report-rated">{if s { l.pick("Bạn đã đánh giá: hài lòng.", "You rated it: satisfied.") } else { l.pick("Bạn đã đánh giá: không hài lòng.", "You rated it: not satisfied.") }}</p>
                            })}
                            <h2>{l.pick("Diễn biến", "History")}</h2>
                            <ol class="history">
                                {r.history.iter().map(|e| view! {
                                    <li>{format::datetime_local(&e.at, l)}" · "{e.status.label(l)}{e.text.clone().map(|t| format!(": {t}"))}</li>
                                }).collect_view()}
                            </ol>
                        </article>
                    }.into_any()
                }
            }}
            {move || match rated.get() { Some(Err(e)) => Some(view! { <ErrorNote error=e/> }), _ => None }}
        </section>
    }
}

/// `/feedback`: the officials' inbox with filters, and one report's handling.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let lang = use_lang();
    let services = LocalResource::new(feedback_services);
    let status = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let district = RwSignal::new(String::new());
    let page = RwSignal::new(0u64);
    let open = RwSignal::new(None::<i64>);
    let base = LocalResource::new(fetch_map_base);
    let inbox = LocalResource::new(move || {
        let filter = InboxFilter {
            status: ReportStatus::parse(&status.get()),
            service_code: Some(service.get()).filter(|s| !s.is_empty()),
            district: Some(district.get()).filter(|s| !s.is_empty()),
            overdue_only: overdue.get(),
            page: page.get(),
        };
        feedback_inbox(filter)
    });
    let status_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Mọi trạng thái", "Any status").to_string(),
        )];
        out.extend(
            ReportStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label(l).to_string())),
        );
        out
    });
    let service_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Mọi lĩnh vực", "Any category").to_string(),
        )];
        if let Some(Ok(list)) = services.get() {
            out.extend(list.iter().map(|s| (s.code.clone(), service_label(s, l))));
        }
        out
    });
    let district_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Mọi huyện, thành phố", "Any district").to_string(),
        )];
        if let Some(Ok(b)) = base.get() {
            let geo: serde_json::Value =
                serde_json::from_str(&b.districts_geojson).unwrap_or_default();
            for f in geo["features"].as_array().into_iter().flatten() {
                let p = &f["properties"];
                let name = p[l.pick("name", "name_en")]
                    .as_str()
                    .or(p["name"].as_str())
                    .unwrap_or_default();
                if let Some(code) = p["code"].as_str() {
                    out.push((code.to_string(), name.to_string()));
                }
            }
        }
        out
    });
    // The inbox map: this page's reports on the districts; a district's shape filters.
    let inbox_map = Signal::derive(move || {
        let mut b = base.get().and_then(|r| r.ok())?;
        let l = lang.get();
        b.places = match inbox.get() {
            Some(Ok(ib)) => ib
                .rows
                .iter()
                .filter_map(|r| {
                    Some(crate::model::MapMarker {
                        lat: r.lat?,
                        lon: r.lon?,
                        title: r.code.clone(),
                        detail: format!("{} · {}", r.service_name, r.status.label(l)),
                        kind: format!(
                            "report-{}",
                            if r.status.is_open() { "open" } else { "closed" }
                        ),
                        color: None,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(b)
    });
    let rows = move || {
        let l = lang.get();
        inbox.get().map(|r| match r {
            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
            Ok(ib) if ib.rows.is_empty() => view! { <p class="empty" data-testid="inbox-empty">{l.pick("Không có phản ánh nào.", "No reports.")}</p> }.into_any(),
            Ok(ib) => {
                let at_end = (ib.page + 1) * ib.page_size >= ib.total;
                view! {
                <p class="muted" data-testid="inbox-total">{format!("{} {}", ib.total, l.pick("phản ánh", "reports"))}</p>
                <div class="table-wrap"><table class="data-table" data-testid="inbox">
                    <thead><tr>
                        <th scope="col">{l.pick("Mã", "Code")}</th>
                        <th scope="col">{l.pick("Lĩnh vực", "Category")}</th>
                        <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                        <th scope="col">{l.pick("Gửi lúc", "Sent")}</th>
                        <th scope="col">{l.pick("Hạn", "Due")}</th>
                    </tr></thead>
                    <tbody>{ib.rows.into_iter().map(|r| {
                        let id = r.id;
                        view! {
                            <tr class:overdue=r.overdue data-testid=format!("inbox-{}", r.code)>
                                <th scope="row"><button class="link" on:click=move |_| open.set(Some(id))>{r.code.clone()}</button></th>
                                <td>{r.service_name.clone()}</td>
                                <td>{status_chip(r.status, l)}</td>
                                <td>{format::datetime_local(&r.created_at, l)}</td>
                                <td>{format::datetime_local(&r.due_at, l)}{r.overdue.then(|| view! { " "<strong class="overdue-mark">{l.pick("Quá hạn", "Overdue")}</strong> })}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table></div>
                <div class="pager">
                    <button class="btn" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{l.pick("Trang trước", "Previous")}</button>
                    <button class="btn" data-testid="inbox-next" disabled=at_end on:click=move |_| page.update(|p| *p += 1)>{l.pick("Trang sau", "Next")}</button>
                </div>
            }.into_any()
            }
        })
    };
    view! {
        <section class="page" data-testid="page-feedback">
            <header class="page-head"><h1>{move || lang.get().pick("Phản ánh kiến nghị", "Citizen feedback")}</h1></header>
            <form class="filters" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Bộ lọc", "Filters")>
                <FilterSelect id="inbox-status" label=Signal::derive(move || lang.get().pick("Trạng thái", "Status").to_string())
                    options=status_options value=status on_change=Callback::new(move |v| { page.set(0); status.set(v) })/>
                <FilterSelect id="inbox-service" label=Signal::derive(move || lang.get().pick("Lĩnh vực", "Category").to_string())
                    options=service_options value=service on_change=Callback::new(move |v| { page.set(0); service.set(v) })/>
                <FilterSelect id="inbox-district" label=Signal::derive(move || lang.get().pick("Huyện, thành phố", "District").to_string())
                    options=district_options value=district on_change=Callback::new(move |v| { page.set(0); district.set(v) })/>
                <label class="toggle">
                    <input type="checkbox" data-testid="inbox-overdue" prop:checked=overdue on:change=move |ev| { page.set(0); overdue.set(event_target_checked(&ev)) }/>
                    {move || lang.get().pick("Chỉ quá hạn", "Overdue only")}
                </label>
            </form>
            <div class="inbox-layout">
                <div class="inbox-list">{rows}</div>
                <CityMap id="inbox-map" places_label=Some(("Phản ánh", "Reports")) base=inbox_map values=Signal::derive(Vec::new)
                    format_value=Callback::new(|v: f64| v.to_string())
                    legend_title=Signal::derive(move || lang.get().pick("Phản ánh trên trang này", "Reports on this page").to_string())
                    selected=Signal::derive(move || Some(district.get()).filter(|d| !d.is_empty()))
                    on_select=Callback::new(move |code: String| {
                        page.set(0);
                        district.update(|d| *d = if *d == code { String::new() } else { code });
                    })/>
            </div>
            <Stats/>
            {move || open.get().map(|id| view! { <Handling id=id on_changed=Callback::new(move |_| inbox.refetch()) on_close=Callback::new(move |_| open.set(None))/> })}
        </section>
    }
}

/// One report for officials: the citizen's words and contact, the history with internal
/// notes, and the actions its status allows.
#[component]
fn Handling(id: i64, on_changed: Callback<()>, on_close: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let loaded = LocalResource::new(move || feedback_report(id));
    let shown = RwSignal::new(None::<Report>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match loaded.get() {
        Some(Ok(r)) => shown.set(Some(r)),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let text = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let done_photos = RwSignal::new(Vec::<Chosen>::new());
    let run = move |action: ReportAction| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match act_on_report(id, action).await {
                Ok(r) => {
                    let _ = shown.try_set(Some(r));
                    let _ = text.try_set(String::new());
                    let _ = done_photos.try_set(Vec::new());
                    on_changed.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let body = move || {
        let l = lang.get();
        shown.get().map(|r| {
            let s = r.public.status;
            let can = |a: &ReportAction| super::rules::next(s, a).is_ok();
            let probe = "x".to_string();
            view! {
                <p class="tracking-code">{r.public.code.clone()}" "{status_chip(s, l)}{r.overdue.then(|| view! { " "<strong class="overdue-mark">{l.pick("Quá hạn", "Overdue")}</strong> })}</p>
                <p>{r.public.description.clone()}</p>
                <dl class="facts">
                    <dt>{l.pick("Lĩnh vực", "Category")}</dt><dd>{r.public.service_name.clone()}</dd>
                    <dt>{l.pick("Vị trí", "Place")}</dt><dd>{match (r.public.lat, r.public.lon) { (Some(a), Some(b)) => format!("{a:.5}, {b:.5}"), _ => r.public.address.clone().unwrap_or_default() }}</dd>
                    <dt>{l.pick("Cơ quan", "Department")}</dt><dd>{r.public.department_name.clone().unwrap_or_default()}</dd>
                    <dt>{l.pick("Người gửi", "Reporter")}</dt><dd data-testid="reporter">{[r.reporter_name.clone(), r.reporter_phone.clone(), r.reporter_email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</dd>
                    <dt>{l.pick("Hạn xử lý", "Due")}</dt><dd>{format::datetime_local(&r.public.due_at, l)}</dd>
                    {(!r.public.attributes.is_empty()).then(|| view! {
                        <dt>{l.pick("Thông tin thêm", "Details")}</dt>
                        <dd>{r.public.attributes.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ")}</dd>
                    })}
                    {r.photo_position.map(|(a, b)| view! {
                        <dt>{l.pick("Vị trí ghi trong ảnh", "Photo's recorded position")}</dt><dd data-testid="photo-position">{format!("{a:.5}, {b:.5}")}</dd>
                    })}
                    {r.media_url.clone().map(|u| view! {
                        <dt>{l.pick("Ảnh bên ngoài", "External photo")}</dt><dd><a href=u.clone() rel="noopener noreferrer nofollow" target="_blank">{u.clone()}</a></dd>
                    })}
                </dl>
                {photo_strip(&r.public.photos, "report", l)}
                {photo_strip(&r.public.photos, "resolution", l)}
                <div class="actions-bar">
                    <label for="handle-text">{l.pick("Nội dung (trả lời công khai, lý do, hoặc ghi chú nội bộ)", "Text (public answer, reason, or internal note)")}</label>
                    <textarea id="handle-text" data-testid="handle-text" rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <div class="actions">
                        {can(&ReportAction::Accept).then(|| view! { <button class="btn" data-testid="do-accept" on:click=move |_| run(ReportAction::Accept)>{l.pick("Tiếp nhận", "Accept")}</button> })}
                        {can(&ReportAction::Start).then(|| view! { <button class="btn" data-testid="do-start" on:click=move |_| run(ReportAction::Start)>{l.pick("Bắt đầu xử lý", "Start")}</button> })}
                        {can(&ReportAction::Resolve { answer: probe.clone(), photos: vec![] }).then(|| view! { <button class="btn btn-primary" data-testid="do-resolve" on:click=move |_| run(ReportAction::Resolve { answer: text.get_untracked(), photos: done_photos.with_untracked(|p| p.iter().map(|c| c.photo.token.clone()).collect()) })>{l.pick("Hoàn thành, trả lời công khai", "Resolve with this public answer")}</button> })}
                        {can(&ReportAction::Reject { reason: probe.clone() }).then(|| view! { <button class="btn" data-testid="do-reject" on:click=move |_| run(ReportAction::Reject { reason: text.get_untracked() })>{l.pick("Không tiếp nhận (lý do)", "Reject (with reason)")}</button> })}
                        <button class="btn" data-testid="do-note" on:click=move |_| run(ReportAction::Note { text: text.get_untracked() })>{l.pick("Ghi chú nội bộ", "Internal note")}</button>
                        {can(&ReportAction::Close).then(|| view! { <button class="btn" data-testid="do-close" on:click=move |_| run(ReportAction::Close)>{l.pick("Đóng", "Close")}</button> })}
                    </div>
                    {can(&ReportAction::Resolve { answer: probe.clone(), photos: vec![] }).then(|| view! { <PhotoPicker id="resolve-photos" photos=done_photos/> })}
                    {can(&ReportAction::Assign { department: probe.clone() }).then(|| view! {
                        <div class="actions">
                            <label for="handle-department">{l.pick("Chuyển cho (mã sở, ngành)", "Route to (department code)")}</label>
                            <input id="handle-department" data-testid="handle-department" prop:value=move || department.get() on:input=move |ev| department.set(event_target_value(&ev))/>
                            <button class="btn" data-testid="do-assign" on:click=move |_| run(ReportAction::Assign { department: department.get_untracked() })>{l.pick("Chuyển xử lý", "Assign")}</button>
                        </div>
                    })}
                </div>
                <h3>{l.pick("Diễn biến", "History")}</h3>
                <ol class="history" data-testid="handling-history">
                    {r.events.iter().map(|e| view! {
                        <li class:internal=e.internal>{format::datetime_local(&e.at, l)}" · "{actor_label(&e.actor, l)}" · "{event_label(&e.kind, l)}{e.text.clone().map(|t| format!(": {t}"))}{e.internal.then(|| l.pick(" (nội bộ)", " (internal)"))}</li>
                    }).collect_view()}
                </ol>
            }
        })
    };
    view! {
        <Dialog id="handling" on_close=on_close
            title=Signal::derive(move || lang.get().pick("Xử lý phản ánh", "Handle the report").to_string())>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || shown.with(|s| s.is_none()) && error.with(|e| e.is_none())><Loading/></Show>
            {body}
        </Dialog>
    }
}

crate::split_part!(stats, public_report_stats, |_: ()| view! { <Stats/> });

/// Public results of citizen feedback: totals, the two ratios of Decision 766, a table by
/// category and a map of reports (no personal data).
#[component]
fn Stats() -> impl IntoView {
    let stats = LocalResource::new(load_feedback_stats);
    let base = LocalResource::new(fetch_map_base);
    move || {
        match stats.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(st)) => view! { <StatsBody st=st base=Signal::derive(move || base.get().and_then(|r| r.ok()))/> }.into_any(),
    }
    }
}

#[component]
fn StatsBody(st: FeedbackStats, base: Signal<Option<crate::model::MapBase>>) -> impl IntoView {
    let lang = use_lang();
    let all = st.all.clone();
    let by_service = st.by_service.clone();
    // The table follows the reader's language (category names, numbers).
    let rows = Signal::derive(move || {
        let l = lang.get();
        by_service
            .iter()
            .map(|t| {
                let pct = |v: Option<f64>| Cell::Number {
                    value: v.unwrap_or(f64::NAN),
                    shown: v
                        .map(|x| format!("{}%", format::number(x, 1, l)))
                        .unwrap_or_else(|| "—".into()),
                };
                vec![
                    Cell::Text(l.name(&t.name, Some(&t.name_en)).to_string()),
                    Cell::Number {
                        value: t.total as f64,
                        shown: t.total.to_string(),
                    },
                    Cell::Number {
                        value: t.resolved as f64,
                        shown: t.resolved.to_string(),
                    },
                    pct(t.on_time_pct()),
                    pct(t.satisfaction_pct()),
                    Cell::Number {
                        value: t.overdue as f64,
                        shown: t.overdue.to_string(),
                    },
                ]
            })
            .collect::<Vec<Vec<Cell>>>()
    });
    let points = st.points.clone();
    let map_base = Signal::derive(move || {
        base.get().map(|mut b| {
            let l = lang.get();
            let (open, done) = (
                l.pick("Đang xử lý", "Being handled"),
                l.pick("Đã xong", "Done"),
            );
            b.places = points
                .iter()
                .map(|p| crate::model::MapMarker {
                    lat: p.0,
                    lon: p.1,
                    title: l.pick("Phản ánh", "Report").to_string(),
                    detail: if p.2 { open } else { done }.to_string(),
                    kind: format!("report-{}", if p.2 { "open" } else { "closed" }),
                    color: None,
                })
                .collect();
            b
        })
    });
    let demo = st.demo;
    view! {
        <section class="feedback-stats" data-testid="feedback-stats">
            <h2>{move || lang.get().pick("Kết quả xử lý phản ánh", "How reports are handled")}
                {demo.then(|| view! { " "<span class="badge demo">{move || lang.get().pick("Dữ liệu minh hoạ", "Demo data")}</span> })}</h2>
            <div class="kpi-grid">
                <KpiTile id="pakn-total" label=Signal::derive(move || lang.get().pick("Phản ánh", "Reports").to_string()) value=Some(all.total as f64) unit=""/>
                <KpiTile id="pakn-resolved" label=Signal::derive(move || lang.get().pick("Đã xử lý", "Resolved").to_string()) value=Some(all.resolved as f64) unit=""/>
                <KpiTile id="pakn-on-time" label=Signal::derive(move || lang.get().pick("Đúng hạn (QĐ 766)", "On time (Decision 766)").to_string()) value=all.on_time_pct() unit="%" decimals=1/>
                <KpiTile id="pakn-satisfaction" label=Signal::derive(move || lang.get().pick("Hài lòng (QĐ 766)", "Satisfaction (Decision 766)").to_string()) value=all.satisfaction_pct() unit="%" decimals=1/>
                <KpiTile id="pakn-pending" label=Signal::derive(move || lang.get().pick("Đang xử lý", "Pending").to_string()) value=Some(all.pending as f64) unit=""/>
                <KpiTile id="pakn-overdue" label=Signal::derive(move || lang.get().pick("Quá hạn", "Overdue").to_string()) value=Some(all.overdue as f64) unit=""/>
            </div>
            <div class="grid-2">
                <DataTable id="pakn-by-service"
                    columns=Signal::derive(move || { let l = lang.get(); vec![
                        Column::text(l.pick("Lĩnh vực", "Category")), Column::number(l.pick("Tổng", "Total")),
                        Column::number(l.pick("Đã xử lý", "Resolved")), Column::number(l.pick("Đúng hạn", "On time")),
                        Column::number(l.pick("Hài lòng", "Satisfaction")), Column::number(l.pick("Quá hạn", "Overdue"))] })
                    rows=rows
                    caption=Signal::derive(move || lang.get().pick("Theo lĩnh vực", "By category").to_string()) />
                <CityMap id="pakn-map" places_label=Some(("Phản ánh", "Reports")) base=map_base values=Signal::derive(Vec::new)
                    format_value=Callback::new(|v: f64| v.to_string())
                    legend_title=Signal::derive(move || lang.get().pick("Vị trí các phản ánh", "Where reports are").to_string()) />
            </div>
        </section>
    }
}
