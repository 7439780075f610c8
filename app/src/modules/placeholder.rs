//! Pages of modules whose data sources are not connected yet: an honest empty state.

use crate::components::EmptyState;
use crate::i18n::use_lang;
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
