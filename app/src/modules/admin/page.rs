//! `/admin`: users and API keys (listed, added, revoked) and the audit log with filters.

use super::api::{
    admin_add_api_key, admin_add_user, admin_api_keys, admin_audit_search, admin_departments,
    admin_revoke_api_key, admin_users,
};
use super::model::{AuditFilter, IssuedKey, NewApiKey, NewUser, SCOPES};
use crate::components::layout::last_good;
use crate::components::{Cell, Column, DataTable, ErrorNote, Loading};
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, use_t, Lang};
use crate::model::{Department, Role};
use leptos::prelude::*;

/// Renders a resource's answer as a table, or its error, or a loading note.
fn section<T: Clone + 'static>(
    data: LocalResource<Result<Vec<T>, AppError>>,
    columns: Signal<Vec<Column>>,
    to_row: impl Fn(&T) -> Vec<Cell> + Copy + Send + Sync + 'static,
    caption: Signal<String>,
    id: &'static str,
) -> impl IntoView {
    move || match data.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(items)) => {
            let rows: Vec<Vec<Cell>> = items.iter().map(to_row).collect();
            view! { <DataTable id=id columns=columns rows=rows caption=caption/> }.into_any()
        }
    }
}

/// The department's name in the reader's language, or its code if unknown.
fn department_name(all: &[Department], code: Option<&str>, l: Lang) -> String {
    match code {
        None | Some("") => "—".into(),
        Some(c) => all.iter().find(|d| d.code == c).map_or_else(
            || c.to_string(),
            |d| l.pick(&d.name, &d.name_en).to_string(),
        ),
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        reload.track();
        admin_users()
    });
    let keys = LocalResource::new(move || {
        reload.track();
        admin_api_keys()
    });
    let departments = LocalResource::new(admin_departments);
    let depts = Signal::derive(move || departments.get().and_then(Result::ok).unwrap_or_default());
    let text = |s: &str| Cell::Text(s.to_string());

    view! {
        <section class="page" data-testid="page-admin">
            <header class="page-head"><h1>{move || t().admin_title}</h1></header>
            <h2>{move || t().admin_users}</h2>
            {section(users,
                Signal::derive(move || vec![Column::code(t().email), Column::text(t().col_name), Column::text(t().col_role), Column::text(t().col_department), Column::text(t().col_created)]),
                move |u| vec![text(&u.email), text(&u.display_name), text(t().role(u.role)),
                    Cell::Text(department_name(&depts.get_untracked(), u.department.as_deref(), lang.get_untracked())),
                    text(&format::datetime_local(&u.created_at, lang.get_untracked()))],
                Signal::derive(move || t().admin_users.to_string()), "users-table")}
            <AddUser departments=depts on_done=Callback::new(move |_| reload.update(|n| *n += 1))/>
            <h2>{move || t().admin_keys}</h2>
            {section(keys,
                Signal::derive(move || vec![Column::text(t().col_name), Column::code(lang.get().pick("Tiền tố", "Prefix")), Column::text(t().col_scopes), Column::text(t().col_department), Column::text(t().col_status)]),
                move |k| vec![text(&k.name), text(&k.prefix), text(&k.scopes.join(", ")),
                    Cell::Text(department_name(&depts.get_untracked(), k.department.as_deref(), lang.get_untracked())),
                    text(if k.revoked { t().key_revoked } else { t().key_active })],
                Signal::derive(move || t().admin_keys.to_string()), "keys-table")}
            <Keys departments=depts on_done=Callback::new(move |_| reload.update(|n| *n += 1))/>
            <h2>{move || t().admin_audit}</h2>
            <Audit reload=reload/>
        </section>
    }
}

/// The department list of a form: none, or one of the province's.
fn department_options(all: Signal<Vec<Department>>, lang: RwSignal<Lang>) -> impl IntoView {
    move || {
        let l = lang.get();
        let mut v =
            vec![view! { <option value="">{l.pick("— không —", "— none —")}</option> }.into_any()];
        v.extend(all.get().into_iter().map(|d| {
            let name = l.pick(&d.name, &d.name_en).to_string();
            view! { <option value=d.code.clone()>{name}" ("{d.code.clone()}")"</option> }.into_any()
        }));
        v
    }
}

/// The error of a form's field, beside it.
fn field_error(
    error: RwSignal<Option<AppError>>,
    name: &'static str,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    move || match error.get() {
        Some(AppError::Invalid { field, message }) if field == name => Some(view! {
            <p class="field-error" role="alert" data-testid=format!("error-{name}")>{message.get(lang.get()).to_string()}</p>
        }),
        _ => None,
    }
}

/// The error of a form that no field explains.
fn form_error(error: RwSignal<Option<AppError>>, fields: &'static [&'static str]) -> impl IntoView {
    move || match error.get() {
        Some(AppError::Invalid { field, .. }) if fields.contains(&field.as_str()) => None,
        Some(e) => Some(view! { <ErrorNote error=e/> }),
        None => None,
    }
}

#[component]
fn AddUser(departments: Signal<Vec<Department>>, on_done: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let t = use_t();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Official);
    let department = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let added = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    const FIELDS: &[&str] = &["email", "role", "department", "password"];
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let user = NewUser {
            email: email.get_untracked(),
            display_name: name.get_untracked(),
            role: role.get_untracked(),
            department: Some(department.get_untracked()).filter(|d| !d.is_empty()),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = admin_add_user(user).await;
            pending.set(false);
            match r {
                Ok(u) => {
                    error.set(None);
                    added.set(Some(u.email));
                    // A password typed once is not kept on the screen.
                    password.set(String::new());
                    email.set(String::new());
                    name.set(String::new());
                    on_done.run(());
                }
                Err(e) => {
                    added.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <details class="admin-form" data-testid="add-user">
            <summary class="btn">{move || lang.get().pick("＋ Thêm người dùng", "＋ Add a user")}</summary>
            <form on:submit=submit class="form-grid">
                <label for="nu-email">{move || t().email}</label>
                <input id="nu-email" data-testid="nu-email" type="email" autocomplete="off" required bind:value=email/>
                {field_error(error, "email", lang)}
                <label for="nu-name">{move || t().col_name}</label>
                <input id="nu-name" data-testid="nu-name" autocomplete="off" bind:value=name/>
                <label for="nu-role">{move || t().col_role}</label>
                <select id="nu-role" data-testid="nu-role"
                    on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Official))>
                    {move || [Role::Official, Role::Steward, Role::Admin].into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || role.get() == r>{t().role(r)}</option>
                    }).collect_view()}
                </select>
                {field_error(error, "role", lang)}
                <label for="nu-dept">{move || t().col_department}</label>
                <select id="nu-dept" data-testid="nu-department" on:change=move |ev| department.set(event_target_value(&ev))>
                    {department_options(departments, lang)}
                </select>
                <p class="muted small">{move || lang.get().pick("Cán bộ quản lý dữ liệu phải thuộc một sở, ngành.", "A data steward must belong to a department.")}</p>
                {field_error(error, "department", lang)}
                <label for="nu-password">{move || lang.get().pick("Mật khẩu ban đầu", "First password")}</label>
                <input id="nu-password" data-testid="nu-password" type="password" autocomplete="new-password" bind:value=password/>
                {field_error(error, "password", lang)}
                {form_error(error, FIELDS)}
                <button type="submit" class="btn btn-primary" data-testid="nu-submit" disabled=pending>
                    {move || lang.get().pick("Thêm người dùng", "Add the user")}
                </button>
                {move || added.get().map(|e| view! {
                    <p class="notice" role="status" data-testid="nu-added">{match lang.get() {
                        Lang::Vi => format!("Đã thêm {e}. Hãy gửi mật khẩu ban đầu cho người đó qua một kênh riêng."),
                        Lang::En => format!("{e} added. Send them the first password by a separate channel."),
                    }}</p>
                })}
            </form>
        </details>
    }
}

#[component]
fn Keys(departments: Signal<Vec<Department>>, on_done: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let t = use_t();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec!["ingest".to_string()]);
    let department = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let issued = RwSignal::new(None::<IssuedKey>);
    let revoke_prefix = RwSignal::new(String::new());
    let revoke_error = RwSignal::new(None::<AppError>);
    let revoked = RwSignal::new(None::<String>);
    const FIELDS: &[&str] = &["name", "scope", "department"];
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = NewApiKey {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            department: Some(department.get_untracked()).filter(|d| !d.is_empty()),
        };
        leptos::task::spawn_local(async move {
            match admin_add_api_key(key).await {
                Ok(k) => {
                    error.set(None);
                    issued.set(Some(k));
                    name.set(String::new());
                    on_done.run(());
                }
                Err(e) => {
                    issued.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let revoke = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let prefix = revoke_prefix.get_untracked().trim().to_string();
        leptos::task::spawn_local(async move {
            match admin_revoke_api_key(prefix.clone()).await {
                Ok(()) => {
                    revoke_error.set(None);
                    revoked.set(Some(prefix));
                    revoke_prefix.set(String::new());
                    on_done.run(());
                }
                Err(e) => {
                    revoked.set(None);
                    revoke_error.set(Some(e));
                }
            }
        });
    };
    view! {
        <details class="admin-form" data-testid="add-key">
            <summary class="btn">{move || lang.get().pick("＋ Cấp khoá API", "＋ Issue an API key")}</summary>
            <form on:submit=submit class="form-grid">
                <label for="nk-name">{move || t().col_name}</label>
                <input id="nk-name" data-testid="nk-name" autocomplete="off" bind:value=name
                    placeholder=move || lang.get().pick("ví dụ: Hệ thống một cửa Sở Du lịch", "e.g. the tourism department's one-stop system")/>
                {field_error(error, "name", lang)}
                <fieldset>
                    <legend>{move || t().col_scopes}</legend>
                    {SCOPES.iter().map(|s| {
                        let s = s.to_string();
                        let s2 = s.clone();
                        let s3 = s.clone();
                        view! {
                            <label class="toggle">
                                <input type="checkbox" data-testid=format!("nk-scope-{s}")
                                    prop:checked=move || scopes.with(|v| v.contains(&s2))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|v| {
                                            v.retain(|x| x != &s3);
                                            if on { v.push(s3.clone()); }
                                        });
                                    }/>
                                {scope_label(&s, lang)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {field_error(error, "scope", lang)}
                <label for="nk-dept">{move || t().col_department}</label>
                <select id="nk-dept" data-testid="nk-department" on:change=move |ev| department.set(event_target_value(&ev))>
                    {department_options(departments, lang)}
                </select>
                <p class="muted small">{move || lang.get().pick("Khoá của một sở chỉ ghi được dữ liệu của sở đó.", "A department's key writes that department's data only.")}</p>
                {field_error(error, "department", lang)}
                {form_error(error, FIELDS)}
                <button type="submit" class="btn btn-primary" data-testid="nk-submit">{move || lang.get().pick("Cấp khoá", "Issue the key")}</button>
            </form>
            {move || issued.get().map(|k| view! {
                <div class="notice" role="status" data-testid="nk-issued">
                    <p><strong>{move || lang.get().pick("Khoá chỉ hiện một lần này: hãy chép và cất giữ an toàn.", "This key is shown this once: copy it and keep it safe.")}</strong></p>
                    <p><code class="secret" data-testid="nk-key">{k.key.clone()}</code></p>
                </div>
            })}
            <form on:submit=revoke class="inline-field revoke-form">
                <label for="nk-revoke" class="sr-only">{move || lang.get().pick("Tiền tố khoá cần thu hồi", "Prefix of the key to revoke")}</label>
                <input id="nk-revoke" data-testid="nk-revoke" autocomplete="off" bind:value=revoke_prefix
                    placeholder=move || lang.get().pick("Tiền tố khoá, ví dụ 1a2b3c4d", "Key prefix, e.g. 1a2b3c4d")/>
                <button type="submit" class="btn" data-testid="nk-revoke-submit">{move || lang.get().pick("Thu hồi", "Revoke")}</button>
            </form>
            {move || revoke_error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || revoked.get().map(|p| view! {
                <p class="notice" role="status" data-testid="nk-revoked">{match lang.get() {
                    Lang::Vi => format!("Đã thu hồi khoá {p}: từ giờ mọi yêu cầu dùng khoá này bị từ chối."),
                    Lang::En => format!("Key {p} revoked: every request with it is refused from now on."),
                }}</p>
            })}
        </details>
    }
}

fn scope_label(scope: &str, lang: RwSignal<Lang>) -> impl IntoView + use<> {
    let (vi, en) = match scope {
        "ingest" => ("ingest — gửi dữ liệu", "ingest — send data"),
        "read" => (
            "read — đọc dữ liệu không công khai",
            "read — read non-public data",
        ),
        "open311" => (
            "open311 — nhận phản ánh qua Open311",
            "open311 — file reports over Open311",
        ),
        _ => ("", ""),
    };
    let scope = scope.to_string();
    move || {
        let s = lang.get().pick(vi, en);
        if s.is_empty() {
            scope.clone()
        } else {
            s.to_string()
        }
    }
}

/// The audit log as a table with filters: who, what, on which object, between which days.
#[component]
fn Audit(
    /// Goes up when the forms above change something: the log then shows it.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let applied = RwSignal::new(AuditFilter::default());
    let page = LocalResource::new(move || {
        reload.track();
        admin_audit_search(applied.get())
    });
    let (data, error) = last_good(page);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(AuditFilter {
            actor: actor.get_untracked(),
            action: action.get_untracked(),
            target: target.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    let columns = Signal::derive(move || {
        vec![
            Column::text(t().col_when),
            Column::code(t().col_actor),
            Column::code(t().col_action),
            Column::code(t().col_target),
            Column::prose(lang.get().pick("Chi tiết", "Detail")),
        ]
    });
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|p| {
                    p.rows
                        .iter()
                        .map(|a| {
                            vec![
                                Cell::Text(format::datetime_local(&a.at, l)),
                                Cell::Text(a.actor.clone()),
                                Cell::Text(a.action.clone()),
                                Cell::Text(a.target.clone()),
                                Cell::Text(a.detail.clone()),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <form class="filters audit-filters" on:submit=apply data-testid="audit-filters"
            aria-label=move || lang.get().pick("Bộ lọc nhật ký", "Audit log filters")>
            <label>{move || t().col_actor}<input data-testid="audit-actor" bind:value=actor autocomplete="off"/></label>
            <label>{move || t().col_action}
                <select data-testid="audit-action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">{move || lang.get().pick("Tất cả", "All")}</option>
                    {move || data.with(|d| d.as_ref().map(|p| p.actions.clone()).unwrap_or_default())
                        .into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label>{move || t().col_target}<input data-testid="audit-target" bind:value=target autocomplete="off"/></label>
            <label>{move || lang.get().pick("Từ ngày", "From")}<input type="date" data-testid="audit-from" bind:value=from/></label>
            <label>{move || lang.get().pick("Đến ngày", "To")}<input type="date" data-testid="audit-to" bind:value=to/></label>
            <button type="submit" class="btn" data-testid="audit-apply">{move || lang.get().pick("Lọc", "Filter")}</button>
        </form>
        {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
        {move || match data.get() {
            None if error.with(Option::is_none) => view! { <Loading/> }.into_any(),
            None => ().into_any(),
            Some(p) => view! {
                <p class="muted small" data-testid="audit-count">{match (lang.get(), p.more) {
                    (Lang::Vi, false) => format!("{} mục", p.rows.len()),
                    (Lang::Vi, true) => format!("{} mục mới nhất; thu hẹp bộ lọc để xem các mục cũ hơn", p.rows.len()),
                    (Lang::En, false) => format!("{} entries", p.rows.len()),
                    (Lang::En, true) => format!("the latest {} entries; narrow the filters to see older ones", p.rows.len()),
                }}</p>
            }.into_any(),
        }}
        <DataTable id="audit-table" columns=columns rows=rows
            caption=Signal::derive(move || t().admin_audit.to_string())/>
    }
}
