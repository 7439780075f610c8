//! Administrators register cameras (or change one by its code), define the groups and who
//! may watch them, and read who watched what.
//! Addresses and credentials go to the server and never come back: a camera opened for
//! editing shows whether it has credentials, not what they are.

use super::api::{load_camera_views, save_camera, save_camera_group};
use super::model::{Camera, CameraInput, Group, GroupInput};
use crate::components::ErrorNote;
use crate::error::AppError;
use crate::format;
use crate::i18n::use_lang;
use crate::modules::indicators::model::UnitName;
use leptos::prelude::*;

/// The form's text fields, by the name the server's errors use.
const FIELDS: [&str; 11] = [
    "code",
    "name",
    "lat",
    "lon",
    "group",
    "department",
    "stream_url",
    "sub_stream_url",
    "snapshot_url",
    "username",
    "password",
];

#[component]
pub fn Manage(
    on_saved: Callback<()>,
    #[prop(into)] groups: Signal<Vec<Group>>,
    #[prop(into)] districts: Signal<Vec<UnitName>>,
) -> impl IntoView {
    let lang = use_lang();
    let values: [RwSignal<String>; 11] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let field = move |name: &str| {
        FIELDS
            .iter()
            .position(|f| *f == name)
            .map(|i| values[i])
            .unwrap_or(values[0])
    };
    let unit = RwSignal::new(String::new());
    let importance = RwSignal::new("2".to_string());
    let privacy = RwSignal::new(String::new());
    let masks = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(None::<Camera>);
    let reload = RwSignal::new(0u32);
    let res = LocalResource::new(move || {
        reload.track();
        load_camera_views()
    });
    let (views, views_error) = crate::components::last_good(res);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |n: &str| {
            let v = field(n).get_untracked().trim().to_string();
            (!v.is_empty()).then_some(v)
        };
        let number = |n: &'static str| -> Result<f64, AppError> {
            let v = field(n).get_untracked().trim().replace(',', ".");
            v.parse::<f64>().map_err(|_| {
                AppError::invalid(
                    n,
                    crate::error::Text::new(
                        format!("'{v}' không phải số (độ thập phân, ví dụ 10.35)"),
                        format!("'{v}' is not a number (decimal degrees, e.g. 10.35)"),
                    ),
                )
            })
        };
        let (lat, lon) = match (number("lat"), number("lon")) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                error.set(Some(e));
                return;
            }
        };
        let masks_text = masks.get_untracked();
        let privacy_masks = if masks_text.trim().is_empty() {
            None
        } else {
            match serde_json::from_str::<Vec<Vec<[f64; 2]>>>(&masks_text) {
                Ok(m) => Some(m),
                Err(e) => {
                    error.set(Some(AppError::invalid(
                        "privacy_masks",
                        crate::error::Text::new(
                            format!("không phải danh sách đa giác [[[x, y], …], …]: {e}"),
                            format!("not a list of polygons [[[x, y], …], …]: {e}"),
                        ),
                    )));
                    return;
                }
            }
        };
        let input = CameraInput {
            privacy_masks,
            code: text("code").unwrap_or_default(),
            name: text("name").unwrap_or_default(),
            lat,
            lon,
            unit: Some(unit.get_untracked()).filter(|u| !u.is_empty()),
            group: text("group"),
            department: text("department"),
            stream_url: text("stream_url"),
            sub_stream_url: text("sub_stream_url"),
            snapshot_url: text("snapshot_url"),
            username: text("username"),
            password: text("password"),
            importance: importance.get_untracked().parse().ok(),
            privacy_note: Some(privacy.get_untracked()).filter(|p| !p.trim().is_empty()),
        };
        leptos::task::spawn_local(async move {
            match save_camera(input).await {
                Ok(c) => {
                    error.set(None);
                    // Credentials are not kept in the page once sent.
                    field("username").set(String::new());
                    field("password").set(String::new());
                    saved.set(Some(c));
                    on_saved.run(());
                }
                Err(e) => {
                    saved.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let input =
        move |name: &'static str, vi: &'static str, en: &'static str, kind: &'static str| {
            let v = field(name);
            view! {
                <label>{move || lang.get().pick(vi, en)}
                    <input data-testid=format!("cam-{name}") name=name type=kind autocomplete="off"
                        prop:value=v on:input=move |ev| v.set(event_target_value(&ev))/></label>
            }
        };
    let view_rows = move || {
        let l = lang.get();
        views
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                view! {
                    <tr>
                        <td>{format::datetime_local(&v.at, l)}</td>
                        <td>{v.viewer}</td>
                        <td>{v.camera}</td>
                        <td>{if v.stream == "sub" { l.pick("luồng phụ (lưới)", "sub-stream (grid)") } else { l.pick("luồng chính", "main stream") }}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel" data-testid="cameras-admin">
            <h2>{move || lang.get().pick("Quản trị camera", "Camera administration")}</h2>
            <form class="card form" data-testid="camera-form" on:submit=submit>
                <h3>{move || lang.get().pick("Thêm camera, hoặc sửa camera cùng mã", "Add a camera, or change the one with the same code")}</h3>
                <p class="muted">{move || lang.get().pick(
                    "Địa chỉ và mật khẩu chỉ lưu trên máy chủ; trình duyệt chỉ nhận địa chỉ của IOC. Để trống tên đăng nhập và mật khẩu để giữ thông tin đã lưu.",
                    "Addresses and passwords stay on the server; browsers get IOC's addresses only. Leave the user name and password empty to keep the stored ones.")}</p>
                <div class="fields">
                    {input("code", "Mã camera", "Code", "text")}
                    {input("name", "Tên", "Name", "text")}
                    {input("lat", "Vĩ độ", "Latitude", "text")}
                    {input("lon", "Kinh độ", "Longitude", "text")}
                    <label>{move || lang.get().pick("Địa bàn", "District")}
                        <select data-testid="cam-unit" prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev))>
                            <option value="">{move || lang.get().pick("Không gắn địa bàn", "None")}</option>
                            {move || { let l = lang.get(); districts.get().into_iter().map(|d| {
                                let shown = l.pick(&d.name, &d.name_en).to_string();
                                view! { <option value=d.code.clone() selected=unit.get_untracked() == d.code>{shown}</option> }
                            }).collect_view() }}
                        </select></label>
                    <label>{move || lang.get().pick("Nhóm (chọn hoặc gõ nhóm mới)", "Group (pick or type a new one)")}
                        <input data-testid="cam-group" list="camera-groups" prop:value=field("group")
                            on:input=move |ev| field("group").set(event_target_value(&ev))/></label>
                    <datalist id="camera-groups">
                        {move || groups.get().into_iter().map(|g| view! { <option value=g.code>{g.name}</option> }).collect_view()}
                    </datalist>
                    {input("department", "Đơn vị quản lý (mã sở)", "Owner (department code)", "text")}
                    {input("stream_url", "Luồng chính (HLS .m3u8)", "Main stream (HLS .m3u8)", "url")}
                    {input("sub_stream_url", "Luồng phụ cho lưới (tuỳ chọn)", "Sub-stream for the grid (optional)", "url")}
                    {input("snapshot_url", "Ảnh tĩnh (JPEG, tuỳ chọn)", "Still image (JPEG, optional)", "url")}
                    {input("username", "Tên đăng nhập camera", "Camera user name", "text")}
                    {input("password", "Mật khẩu camera", "Camera password", "password")}
                    <label>{move || lang.get().pick("Mức quan trọng", "Importance")}
                        <select data-testid="cam-importance" prop:value=move || importance.get() on:change=move |ev| importance.set(event_target_value(&ev))>
                            <option value="1">{move || lang.get().pick("1 – thấp", "1 – low")}</option>
                            <option value="2">{move || lang.get().pick("2 – trung bình", "2 – medium")}</option>
                            <option value="3">{move || lang.get().pick("3 – cao", "3 – high")}</option>
                        </select></label>
                    <label class="wide">{move || lang.get().pick("Dữ liệu cá nhân thu được và căn cứ (Nghị định 13/2023)", "Personal data filmed and its legal basis (Decree 13/2023)")}
                        <textarea data-testid="cam-privacy" rows="2" prop:value=move || privacy.get() on:input=move |ev| privacy.set(event_target_value(&ev))></textarea></label>
                    <label class="wide">{move || lang.get().pick(
                        "Vùng che trên ảnh sự kiện: đa giác, toạ độ 0–1 từ góc trên trái, ví dụ [[[0,0],[0.3,0],[0.3,0.4],[0,0.4]]] (để trống: giữ vùng đã lưu; [] để bỏ)",
                        "Areas blacked out on event snapshots: polygons, coordinates 0–1 from the top left, e.g. [[[0,0],[0.3,0],[0.3,0.4],[0,0.4]]] (empty: keep the stored ones; [] to remove)")}
                        <textarea data-testid="cam-masks" rows="2" prop:value=move || masks.get() on:input=move |ev| masks.set(event_target_value(&ev))></textarea></label>
                </div>
                {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
                {move || saved.get().map(|c| view! {
                    <p class="form-ok" role="status" data-testid="camera-saved">
                        {format!("{} {} ({})", lang.get().pick("Đã lưu camera", "Camera saved:"), c.name, c.code)}</p>
                })}
                <button type="submit" class="btn btn-primary" data-testid="camera-save">{move || lang.get().pick("Lưu camera", "Save camera")}</button>
            </form>
            <h3>{move || lang.get().pick("Nhật ký xem camera", "Camera view log")}</h3>
            <p class="muted">{move || lang.get().pick(
                "Ai đã xem camera nào, khi nào (một dòng cho mỗi người, camera và luồng trong 10 phút).",
                "Who watched which camera, when (one line per person, camera and stream per 10 minutes).")}</p>
            {move || views_error.get().map(|e| view! { <ErrorNote error=e/> })}
            <div class="table-scroll">
                <table class="data-table" data-testid="camera-views">
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Lúc", "At")}</th>
                        <th scope="col">{move || lang.get().pick("Người xem", "Viewer")}</th>
                        <th scope="col">{move || lang.get().pick("Camera", "Camera")}</th>
                        <th scope="col">{move || lang.get().pick("Luồng", "Stream")}</th>
                    </tr></thead>
                    <tbody>{view_rows}</tbody>
                </table>
            </div>
            <button type="button" class="btn" data-testid="camera-views-reload" on:click=move |_| reload.update(|n| *n += 1)>
                {move || lang.get().pick("Tải lại nhật ký", "Reload the log")}</button>
        </section>
    }
}

/// Administrators name the groups, order them on the wall, and close a group to the
/// departments that may watch it.
#[component]
pub fn Groups(on_saved: Callback<()>, #[prop(into)] groups: Signal<Vec<Group>>) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let position = RwSignal::new(String::new());
    let departments = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(None::<Group>);
    let edit = move |g: Group| {
        code.set(g.code);
        name.set(g.name);
        position.set(g.position.to_string());
        departments.set(g.departments.join(", "));
        saved.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pos = position.get_untracked().trim().to_string();
        let position = if pos.is_empty() {
            None
        } else {
            match pos.parse::<i64>() {
                Ok(p) => Some(p),
                Err(_) => {
                    error.set(Some(AppError::invalid(
                        "position",
                        crate::error::Text::new(
                            format!("'{pos}' không phải số nguyên"),
                            format!("'{pos}' is not a whole number"),
                        ),
                    )));
                    return;
                }
            }
        };
        let input = GroupInput {
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
            position,
            departments: departments
                .get_untracked()
                .split([',', ' ', '\n'])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match save_camera_group(input).await {
                Ok(g) => {
                    error.set(None);
                    saved.set(Some(g));
                    on_saved.run(());
                }
                Err(e) => {
                    saved.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let rows = move || {
        let l = lang.get();
        groups
            .get()
            .into_iter()
            .map(|g| {
                let who = if g.departments.is_empty() {
                    l.pick("Mọi cán bộ", "Every official").to_string()
                } else {
                    g.departments.join(", ")
                };
                let g2 = g.clone();
                view! {
                    <tr data-testid="camera-group" data-code=g.code.clone()>
                        <th scope="row">{g.name.clone()}</th>
                        <td>{g.code.clone()}</td>
                        <td class="num">{g.position}</td>
                        <td>{who}</td>
                        <td class="actions"><button type="button" class="btn" on:click=move |_| edit(g2.clone())>
                            {l.pick("Sửa", "Edit")}</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel" data-testid="camera-groups-admin">
            <h2>{move || lang.get().pick("Nhóm camera và quyền xem", "Camera groups and who may watch")}</h2>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Nhóm", "Group")}</th>
                        <th scope="col">{move || lang.get().pick("Mã", "Code")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Thứ tự", "Order")}</th>
                        <th scope="col">{move || lang.get().pick("Được xem", "Watched by")}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="card form" data-testid="group-form" on:submit=submit>
                <div class="fields">
                    <label>{move || lang.get().pick("Mã nhóm", "Code")}
                        <input data-testid="group-code" prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/></label>
                    <label>{move || lang.get().pick("Tên", "Name")}
                        <input data-testid="group-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                    <label>{move || lang.get().pick("Thứ tự trên tường (tuỳ chọn)", "Order on the wall (optional)")}
                        <input data-testid="group-position" inputmode="numeric" prop:value=position on:input=move |ev| position.set(event_target_value(&ev))/></label>
                    <label>{move || lang.get().pick("Chỉ cán bộ của các sở (mã, cách nhau bởi dấu phẩy; để trống: mọi cán bộ)", "Only the people of these departments (codes, comma-separated; empty: every official)")}
                        <input data-testid="group-departments" prop:value=departments on:input=move |ev| departments.set(event_target_value(&ev))/></label>
                </div>
                {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
                {move || saved.get().map(|g| view! {
                    <p class="form-ok" role="status" data-testid="group-saved">
                        {format!("{} {}", lang.get().pick("Đã lưu nhóm", "Group saved:"), g.name)}</p>
                })}
                <button type="submit" class="btn btn-primary" data-testid="group-save">{move || lang.get().pick("Lưu nhóm", "Save group")}</button>
            </form>
        </section>
    }
}
