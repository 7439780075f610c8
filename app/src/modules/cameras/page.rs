//! `/cameras`: the wall of live cameras (1, 4, 9 or 16 tiles, kept per official; live
//! sub-streams up to six tiles, refreshed stills past that), a rotating cycle through the
//! pages, the cameras on the map coloured by state, the list with each camera's uptime,
//! a camera in detail with its main stream and its analytics events, the latest events, and
//! the module's alerts. Administrators register cameras, define groups and read who watched
//! what ([`super::manage`]).

use super::api::{load_camera_detail, load_camera_wall, save_camera_wall};
use super::model::{
    Camera, CameraEvent, CameraState, EventKind, Group, Uptime, Wall, WallPrefs, LAYOUTS,
    MAX_LIVE_TILES,
};
use super::player::LivePlayer;
use crate::components::{
    last_good, AlertFeed, CityMap, Dialog, ErrorNote, FilterSelect, KpiTile, Loading,
};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{MapBase, MapMarker, Role};
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

/// How often a still tile is fetched again.
const STILL_REFRESH_S: u64 = 10;
/// How long the cycle shows a page of the wall.
const CYCLE_S: u64 = 15;

pub fn state_label(s: CameraState, l: Lang) -> &'static str {
    match s {
        CameraState::Online => l.pick("Hoạt động", "Online"),
        CameraState::Frozen => l.pick("Đứng hình", "Frozen"),
        CameraState::Offline => l.pick("Mất tín hiệu", "Offline"),
        CameraState::Unknown => l.pick("Chưa kiểm tra", "Not checked"),
    }
}

/// The state's colour on the map (the same as its badge on the wall).
fn state_color(s: CameraState) -> &'static str {
    match s {
        CameraState::Online => "#1a9850",
        CameraState::Frozen => "#f59e0b",
        CameraState::Offline => "#d73027",
        CameraState::Unknown => "#8a8f98",
    }
}

pub fn kind_label(k: EventKind, l: Lang) -> &'static str {
    match k {
        EventKind::Intrusion => l.pick("Xâm nhập", "Intrusion"),
        EventKind::Speeding => l.pick("Quá tốc độ", "Speeding"),
        EventKind::Crowd => l.pick("Tụ tập đông người", "Crowd"),
        EventKind::Detection => l.pick("Phát hiện", "Detection"),
    }
}

/// One analytics event in a line: what, where, how sure, when.
fn event_line(e: &CameraEvent, camera: Option<&str>, l: Lang) -> String {
    let mut parts = vec![format!("{} · {}", kind_label(e.kind, l), e.label)];
    if let Some(c) = camera {
        parts.push(c.to_string());
    }
    if !e.zones.is_empty() {
        parts.push(format!(
            "{} {}",
            l.pick("vùng", "zones"),
            e.zones.join(", ")
        ));
    }
    if let Some(s) = e.speed {
        parts.push(format!("{} km/h", format::number(s, 0, l)));
    }
    if let Some(s) = e.score {
        parts.push(format!("{} %", format::number(s * 100.0, 0, l)));
    }
    parts.push(format::datetime_local(&e.start, l));
    parts.join(" · ")
}

/// The events as a list, with their severity.
fn event_list(events: Vec<CameraEvent>, names: &[(String, String)], l: Lang) -> AnyView {
    if events.is_empty() {
        return view! { <p class="muted">{l.pick("Chưa có sự kiện.", "No event yet.")}</p> }
            .into_any();
    }
    view! {
        <ul class="changes" data-testid="cam-events">
            {events.into_iter().map(|e| {
                let camera = (!names.is_empty()).then(|| {
                    names.iter().find(|(c, _)| *c == e.camera).map_or(e.camera.as_str(), |(_, n)| n.as_str()).to_string()
                });
                let line = event_line(&e, camera.as_deref(), l);
                let picture = e.snapshot_url.clone().map(|url| view! {
                    " · "<a href=url target="_blank" rel="noopener" data-testid="event-snapshot">{l.pick("Ảnh", "Picture")}</a>
                });
                view! {
                    <li data-kind=e.kind.as_str() data-severity=e.severity.clone()>
                        <span class=format!("cam-state sev-{}", e.severity)>{match e.severity.as_str() {
                            "critical" => l.pick("Nghiêm trọng", "Critical"),
                            "warning" => l.pick("Cảnh báo", "Warning"),
                            _ => l.pick("Ghi nhận", "Logged"),
                        }}</span>" "{line}{picture}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn percent(v: Option<f64>, l: Lang) -> String {
    v.map(|v| format!("{} %", format::number(v * 100.0, 1, l)))
        .unwrap_or_else(|| "—".into())
}

/// The cameras the wall shows: the chosen group's, or all.
fn shown(w: &Wall, group: Option<&str>) -> Vec<(Camera, Uptime)> {
    w.cameras
        .iter()
        .zip(w.uptime.iter())
        .filter(|(c, _)| group.is_none_or(|g| c.group.as_deref() == Some(g)))
        .map(|(c, u)| (c.clone(), *u))
        .collect()
}

#[component]
pub fn CamerasPage() -> impl IntoView {
    let lang = use_lang();
    let auth = crate::modules::auth::use_auth();
    let reload = RwSignal::new(0u32);
    let res = LocalResource::new(move || {
        reload.track();
        load_camera_wall()
    });
    let (data, error) = last_good(res);
    let base = LocalResource::new(fetch_map_base);
    // The wall as the official left it, once it arrives; then theirs to change.
    let prefs = RwSignal::new(None::<WallPrefs>);
    Effect::new(move |_| {
        if prefs.with_untracked(Option::is_none) {
            if let Some(p) = data.with(|d| d.as_ref().map(|d| d.prefs.clone())) {
                prefs.set(Some(p));
            }
        }
    });
    let layout = move || prefs.with(|p| p.as_ref().map_or(4, |p| p.layout));
    let group = move || prefs.with(|p| p.as_ref().and_then(|p| p.group.clone()));
    let save_error = RwSignal::new(None::<crate::error::AppError>);
    let change = move |f: &dyn Fn(&mut WallPrefs)| {
        let mut p = prefs.get_untracked().unwrap_or_default();
        f(&mut p);
        prefs.set(Some(p.clone()));
        leptos::task::spawn_local(async move {
            save_error.set(save_camera_wall(p).await.err());
        });
    };
    let page = RwSignal::new(0usize);
    let cycling = RwSignal::new(false);
    let selected = RwSignal::new(None::<String>);

    let cameras = Memo::new(move |_| {
        let g = group();
        data.with(|d| {
            d.as_ref()
                .map(|d| shown(d, g.as_deref()))
                .unwrap_or_default()
        })
    });
    let pages = move || {
        let n = cameras.with(Vec::len);
        n.div_ceil(usize::from(layout())).max(1)
    };
    // A smaller group or a larger layout may leave the page past the end.
    Effect::new(move |_| {
        let last = pages() - 1;
        if page.get() > last {
            page.set(last);
        }
    });
    #[cfg(target_arch = "wasm32")]
    {
        let handle = set_interval_with_handle(
            move || {
                if cycling.get_untracked() {
                    let n = pages();
                    page.update(|p| *p = (*p + 1) % n);
                }
            },
            std::time::Duration::from_secs(CYCLE_S),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    // Stills are fetched again every few seconds while the tab is visible.
    let tick =
        crate::components::tick::visible_ticks(std::time::Duration::from_secs(STILL_REFRESH_S));

    let count = move |f: fn(CameraState) -> bool| {
        Signal::derive(move || {
            data.with(|d| {
                d.as_ref()
                    .map(|d| d.cameras.iter().filter(|c| f(c.state)).count() as f64)
            })
        })
    };
    let week_uptime = Signal::derive(move || {
        data.with(|d| {
            let d = d.as_ref()?;
            let known: Vec<f64> = d.uptime.iter().filter_map(|u| u.week).collect();
            (!known.is_empty()).then(|| known.iter().sum::<f64>() * 100.0 / known.len() as f64)
        })
    });
    let label = move |vi: &'static str, en: &'static str| {
        Signal::derive(move || lang.get().pick(vi, en).to_string())
    };
    let tiles = view! {
        <div class="kpi-grid" data-testid="kpi-grid">
            <KpiTile id="cameras" label=label("Camera", "Cameras") value=count(|_| true)
                unit=label("camera", "cameras")/>
            <KpiTile id="online" label=label("Đang hoạt động", "Online")
                value=count(|s| s == CameraState::Online) unit=label("camera", "cameras")/>
            <KpiTile id="down" label=label("Mất tín hiệu hoặc đứng hình", "Offline or frozen")
                value=count(|s| matches!(s, CameraState::Offline | CameraState::Frozen))
                unit=label("camera", "cameras")/>
            <KpiTile id="uptime" label=label("Thời gian hoạt động 7 ngày", "Uptime, 7 days")
                value=week_uptime decimals=1 unit=label("% (trung bình)", "% (mean)")/>
        </div>
    };

    let group_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(String::new(), l.pick("Mọi nhóm", "All groups").to_string())];
        data.with(|d| {
            if let Some(d) = d {
                out.extend(d.groups.iter().map(|g| (g.code.clone(), g.name.clone())));
            }
        });
        out
    });
    let toolbar = view! {
        <form class="filters wall-bar" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Lưới camera", "Camera wall")>
            <FilterSelect id="filter-group" label=label("Nhóm camera", "Camera group")
                options=group_options value=Signal::derive(move || group().unwrap_or_default())
                on_change=Callback::new(move |v: String| {
                    page.set(0);
                    change(&|p| p.group = (!v.is_empty()).then(|| v.clone()));
                })/>
            <fieldset class="seg" data-testid="layouts">
                <legend>{move || lang.get().pick("Bố cục", "Layout")}</legend>
                {LAYOUTS.into_iter().map(|n| view! {
                    <button type="button" class="btn" data-testid=format!("layout-{n}")
                        aria-pressed=move || (layout() == n).to_string()
                        on:click=move |_| change(&|p| p.layout = n)>
                        {move || format!("{n} {}", lang.get().pick("ô", if n == 1 { "tile" } else { "tiles" }))}
                    </button>
                }).collect_view()}
            </fieldset>
            <div class="seg">
                <button type="button" class="btn" data-testid="page-prev" aria-label=move || lang.get().pick("Trang trước", "Previous page")
                    on:click=move |_| { let n = pages(); page.update(|p| *p = (*p + n - 1) % n) }>"‹"</button>
                <span data-testid="page-of">{move || format!("{}/{}", page.get() + 1, pages())}</span>
                <button type="button" class="btn" data-testid="page-next" aria-label=move || lang.get().pick("Trang sau", "Next page")
                    on:click=move |_| { let n = pages(); page.update(|p| *p = (*p + 1) % n) }>"›"</button>
                <button type="button" class="btn" data-testid="cycle" aria-pressed=move || cycling.get().to_string()
                    on:click=move |_| cycling.update(|c| *c = !*c)>
                    {move || if cycling.get() {
                        lang.get().pick("Dừng luân phiên", "Stop cycling")
                    } else {
                        lang.get().pick("Luân phiên", "Cycle")
                    }}
                </button>
            </div>
        </form>
    };

    let wall = move || {
        let n = usize::from(layout());
        let live = layout() <= MAX_LIVE_TILES;
        let start = page.get() * n;
        let on_page: Vec<Camera> = cameras.with(|c| {
            c.iter()
                .skip(start)
                .take(n)
                .map(|(c, _)| c.clone())
                .collect()
        });
        let empty = on_page.is_empty();
        view! {
            <div class=format!("wall wall-{n}") data-testid="wall" data-layout=n>
                {on_page.into_iter().map(|c| view! {
                    <Tile camera=c live=live tick=tick on_open=Callback::new(move |code| selected.set(Some(code)))/>
                }).collect_view()}
                {empty.then(|| view! {
                    <p class="muted">{move || lang.get().pick("Nhóm này chưa có camera.", "This group has no camera yet.")}</p>
                })}
            </div>
        }
    };

    let map_base = Signal::derive(move || {
        let l = lang.get();
        let mut b: MapBase = base.get().and_then(Result::ok)?;
        b.places = cameras.with(|c| {
            c.iter()
                .map(|(c, _)| MapMarker {
                    lat: c.lat,
                    lon: c.lon,
                    title: c.name.clone(),
                    detail: format!(
                        "{} · {}",
                        state_label(c.state, l),
                        format::datetime_local(&c.since, l)
                    ),
                    kind: "camera".into(),
                    color: Some(state_color(c.state).into()),
                })
                .collect()
        });
        Some(b)
    });
    let legend = move || {
        let l = lang.get();
        CameraState::ALL
            .iter()
            .rev()
            .map(|s| {
                let n = cameras.with(|c| c.iter().filter(|(c, _)| c.state == *s).count());
                view! {
                    <li><span class="swatch" style=format!("background:{}", state_color(*s))></span>
                        {format!("{} ({n})", state_label(*s, l))}</li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="page" data-testid="page-cameras">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Camera giám sát", "Camera surveillance")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Hình ảnh trực tiếp qua máy chủ IOC: địa chỉ và mật khẩu camera không bao giờ đến trình duyệt. Mỗi lần xem được ghi nhật ký (Nghị định 13/2023/NĐ-CP).",
                        "Live pictures through the IOC server: a camera's address and password never reach the browser. Every view is logged (Decree 13/2023).")}</p>
                </div>
            </header>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || save_error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || data.with(|d| d.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>
            {tiles}
            {toolbar}
            {wall}
            <div class="grid-2">
                <section class="panel" data-testid="camera-map">
                    <h2>{move || lang.get().pick("Bản đồ camera", "Camera map")}</h2>
                    <CityMap id="cameras-map" base=map_base values=Signal::derive(Vec::new)
                        format_value=Callback::new(|v: f64| v.to_string())
                        legend_title=Signal::derive(String::new)
                        places_label=Some(("Camera", "Cameras"))
                        on_place=Callback::new(move |i: usize| {
                            if let Some(code) = cameras.with_untracked(|c| c.get(i).map(|(c, _)| c.code.clone())) {
                                selected.set(Some(code));
                            }
                        })/>
                    <ul class="legend-list" data-testid="camera-legend">{legend}</ul>
                </section>
                <AlertFeed module="cameras" id="camera-alerts"/>
            </div>
            <section class="panel" data-testid="camera-events">
                <h2>{move || lang.get().pick("Sự kiện phân tích hình ảnh gần đây", "Recent video analytics events")}</h2>
                {move || {
                    let l = lang.get();
                    data.with(|d| d.as_ref().map(|d| {
                        let names: Vec<(String, String)> = d.cameras.iter().map(|c| (c.code.clone(), c.name.clone())).collect();
                        event_list(d.events.clone(), &names, l)
                    }))
                }}
            </section>
            <CameraList cameras=cameras on_open=Callback::new(move |code| selected.set(Some(code)))/>
            <Show when=move || auth.role() == Role::Admin>
                <super::manage::Manage on_saved=Callback::new(move |_| reload.update(|n| *n += 1))
                    groups=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.groups.clone()).unwrap_or_default()))
                    districts=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.districts.clone()).unwrap_or_default()))/>
                <super::manage::Groups on_saved=Callback::new(move |_| reload.update(|n| *n += 1))
                    groups=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.groups.clone()).unwrap_or_default()))/>
            </Show>
            {move || selected.get().map(|code| view! {
                <Detail code=code on_close=Callback::new(move |_| selected.set(None))
                    groups=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.groups.clone()).unwrap_or_default()))/>
            })}
        </section>
    }
}

/// One camera on the wall: its live sub-stream, its still refreshed, or why neither.
#[component]
fn Tile(
    camera: Camera,
    live: bool,
    tick: ReadSignal<u64>,
    on_open: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let Camera {
        code,
        name,
        state,
        since,
        sub_live_url,
        snapshot_url,
        ..
    } = camera;
    let body = match (live, sub_live_url, snapshot_url) {
        (true, Some(url), _) => {
            let label = name.clone();
            view! { <LivePlayer url=url label=label testid="cam-video"/> }.into_any()
        }
        (_, _, Some(url)) => {
            let alt = name.clone();
            view! {
                <img class="still" data-testid="cam-still" alt=alt loading="lazy"
                    src=move || format!("{url}?t={}", tick.get())/>
            }
            .into_any()
        }
        (false, Some(_), None) => view! {
            <p class="cam-none">{move || lang.get().pick(
                "Quá 6 ô: bấm để xem trực tiếp", "Past 6 tiles: open it to watch live")}</p>
        }
        .into_any(),
        (_, None, None) => view! {
            <p class="cam-none">{move || lang.get().pick(
                "Chưa khai báo luồng video", "No video stream registered")}</p>
        }
        .into_any(),
    };
    let open_code = code.clone();
    let aria = name.clone();
    view! {
        <article class="cam-tile" data-testid="cam-tile" data-code=code data-state=state.as_str()>
            <header>
                <span class=format!("cam-state cam-{}", state.as_str())>
                    {move || state_label(state, lang.get())}
                </span>
                <strong>{name}</strong>
                <button type="button" class="btn" data-testid="cam-open"
                    aria-label=move || format!("{} {aria}", lang.get().pick("Phóng to", "Open"))
                    on:click=move |_| on_open.run(open_code.clone())>"⤢"</button>
            </header>
            <div class="cam-body">{body}</div>
            <footer class="muted">{move || format!("{} {}", lang.get().pick("từ", "since"), format::datetime_local(&since, lang.get()))}</footer>
        </article>
    }
}

/// Every camera shown, as a table: the map's and the wall's text alternative, with uptime.
#[component]
fn CameraList(cameras: Memo<Vec<(Camera, Uptime)>>, on_open: Callback<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel" data-testid="camera-list">
            <h2>{move || lang.get().pick("Danh sách camera", "Cameras")}</h2>
            <div class="table-wrap">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{move || lang.get().pick("Camera", "Camera")}</th>
                    <th scope="col">{move || lang.get().pick("Trạng thái", "State")}</th>
                    <th scope="col">{move || lang.get().pick("Từ", "Since")}</th>
                    <th scope="col" class="num">{move || lang.get().pick("Hoạt động 24 giờ", "Uptime 24 h")}</th>
                    <th scope="col" class="num">{move || lang.get().pick("Hoạt động 7 ngày", "Uptime 7 days")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let l = lang.get();
                        cameras.get().into_iter().map(|(c, u)| {
                            let code = c.code.clone();
                            view! {
                                <tr data-code=c.code.clone()>
                                    <th scope="row"><button type="button" class="link" on:click=move |_| on_open.run(code.clone())>{c.name.clone()}</button></th>
                                    <td>{state_label(c.state, l)}</td>
                                    <td>{format::datetime_local(&c.since, l)}</td>
                                    <td class="num" data-testid="uptime-day">{percent(u.day, l)}</td>
                                    <td class="num" data-testid="uptime-week">{percent(u.week, l)}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// A camera opened: its main stream (or still), its health over time and its facts.
#[component]
fn Detail(
    code: String,
    on_close: Callback<()>,
    #[prop(into)] groups: Signal<Vec<Group>>,
) -> impl IntoView {
    let lang = use_lang();
    let res = LocalResource::new(move || load_camera_detail(code.clone()));
    let (data, error) = last_good(res);
    let title = Signal::derive(move || {
        data.with(|d| d.as_ref().map(|d| d.camera.name.clone()))
            .unwrap_or_else(|| lang.get().pick("Camera", "Camera").into())
    });
    let body = move || {
        let l = lang.get();
        data.get().map(|d| {
            let c = d.camera.clone();
            let picture = match (&c.live_url, &c.snapshot_url) {
                (Some(url), _) => view! { <LivePlayer url=url.clone() label=c.name.clone() testid="cam-main"/> }.into_any(),
                (None, Some(url)) => view! { <img class="still" alt=c.name.clone() src=url.clone()/> }.into_any(),
                (None, None) => view! { <p class="cam-none">{l.pick("Chưa khai báo luồng video", "No video stream registered")}</p> }.into_any(),
            };
            let facts: Vec<(&str, String)> = vec![
                (l.pick("Trạng thái", "State"), format!("{} · {} {}", state_label(c.state, l), l.pick("từ", "since"), format::datetime_local(&c.since, l))),
                (l.pick("Hoạt động 24 giờ", "Uptime 24 h"), percent(d.uptime.day, l)),
                (l.pick("Hoạt động 7 ngày", "Uptime 7 days"), percent(d.uptime.week, l)),
                (l.pick("Kiểm tra gần nhất", "Last check"), d.checked_at.as_deref().map(|t| format::datetime_local(t, l)).unwrap_or_else(|| "—".into())),
                (l.pick("Lỗi gần nhất", "Last error"), d.last_error.clone().unwrap_or_else(|| "—".into())),
                (l.pick("Nhóm", "Group"), c.group.as_ref().map(|g| groups.with(|gs| gs.iter().find(|x| &x.code == g).map_or_else(|| g.clone(), |x| x.name.clone()))).unwrap_or_else(|| "—".into())),
                (l.pick("Đơn vị quản lý", "Owner"), c.department.clone().unwrap_or_else(|| "—".into())),
                (l.pick("Mức quan trọng", "Importance"), format!("{}/3", c.importance)),
                (l.pick("Dữ liệu cá nhân", "Personal data"), c.privacy_note.clone().unwrap_or_else(|| "—".into())),
            ];
            let changes = d.changes.clone();
            let views = d.views.clone();
            view! {
                <div class="cam-detail">
                    <div class="cam-body">{picture}</div>
                    <dl class="facts">
                        {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                    <h3>{l.pick("Thay đổi trạng thái", "Changes of state")}</h3>
                    <ul class="changes" data-testid="cam-changes">
                        {changes.into_iter().map(|ch| view! {
                            <li><span class=format!("cam-state cam-{}", ch.state.as_str())>{state_label(ch.state, l)}</span>
                                " " {format::datetime_local(&ch.at, l)}</li>
                        }).collect_view()}
                    </ul>
                    <h3>{l.pick("Sự kiện phân tích hình ảnh", "Video analytics events")}</h3>
                    {event_list(d.events.clone(), &[], l)}
                    {(!views.is_empty()).then(|| view! {
                        <h3>{l.pick("Ai đã xem", "Who watched")}</h3>
                        <ul class="changes" data-testid="cam-views">
                            {views.into_iter().map(|v| view! {
                                <li>{format!("{} · {} · {}", format::datetime_local(&v.at, l), v.viewer, v.stream)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    };
    view! {
        <Dialog id="camera-detail" title=title on_close=on_close>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {body}
        </Dialog>
    }
}
