//! Pages of modules whose data sources are not connected yet: an honest empty state.

use crate::components::EmptyState;
use crate::i18n::{use_lang, use_t};
use crate::modules::Module;
use leptos::prelude::*;

#[component]
pub fn ModulePlaceholder(module: Module) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="page" data-testid=format!("page-{}", module.slug())>
            <header class="page-head"><h1>{move || module.title(lang.get())}</h1></header>
            <EmptyState module=module/>
        </section>
    }
}

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let t = use_t();
    view! {
        <section class="page" data-testid="page-open-data">
            <header class="page-head"><h1>{move || t().open_data_title}</h1></header>
            <p>{move || t().open_data_body}</p>
            <ul class="link-list">
                <li><a href="/api/v1/departments" data-testid="dataset-departments">{move || t().departments}" (JSON)"</a></li>
                <li><a href="/api/v1/units" data-testid="dataset-units">{move || t().district}" (JSON)"</a></li>
                <li><a href="/api/v1/units?level=district&geometry=true">{move || t().map_title}" (GeoJSON)"</a></li>
            </ul>
            <p class="muted">{move || t().attribution}</p>
        </section>
    }
}
