use super::api::{admin_api_keys, admin_audit, admin_users};
use crate::components::{Cell, Column, DataTable, ErrorNote, Loading};
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, use_t};
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

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let users = LocalResource::new(admin_users);
    let keys = LocalResource::new(admin_api_keys);
    let audit = LocalResource::new(admin_audit);
    let text = |s: &str| Cell::Text(s.to_string());

    view! {
        <section class="page" data-testid="page-admin">
            <header class="page-head"><h1>{move || t().admin_title}</h1></header>
            <h2>{move || t().admin_users}</h2>
            {section(users,
                Signal::derive(move || vec![Column::text(t().email), Column::text(t().col_name), Column::text(t().col_role), Column::text(t().col_department), Column::text(t().col_created)]),
                move |u| vec![text(&u.email), text(&u.display_name), text(t().role(u.role)), text(u.department.as_deref().unwrap_or("—")), text(&format::datetime_local(&u.created_at, lang.get_untracked()))],
                Signal::derive(move || t().admin_users.to_string()), "users-table")}
            <h2>{move || t().admin_keys}</h2>
            {section(keys,
                Signal::derive(move || vec![Column::text(t().col_name), Column::text("Prefix"), Column::text(t().col_scopes), Column::text(t().col_department), Column::text(t().col_status)]),
                move |k| vec![text(&k.name), text(&k.prefix), text(&k.scopes.join(", ")), text(k.department.as_deref().unwrap_or("—")), text(if k.revoked { t().key_revoked } else { t().key_active })],
                Signal::derive(move || t().admin_keys.to_string()), "keys-table")}
            <h2>{move || t().admin_audit}</h2>
            {section(audit,
                Signal::derive(move || vec![Column::text(t().col_when), Column::text(t().col_actor), Column::text(t().col_action), Column::text(t().col_target), Column::text("")]),
                move |a| vec![text(&format::datetime_local(&a.at, lang.get_untracked())), text(&a.actor), text(&a.action), text(&a.target), text(&a.detail)],
                Signal::derive(move || t().admin_audit.to_string()), "audit-table")}
        </section>
    }
}
