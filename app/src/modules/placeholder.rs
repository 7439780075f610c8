//! Modules whose data sources are not connected yet: their entries, and an honest empty
//! state as their page. Each moves to its own folder when its issue lands.

use super::{Menu, Module, ModuleDef, Page};
#[cfg(not(feature = "ssr"))]
use crate::components::EmptyState;
#[cfg(not(feature = "ssr"))]
use crate::i18n::use_lang;
use crate::model::Role;
use leptos::prelude::*;

#[cfg(not(feature = "ssr"))]
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

#[cfg(not(feature = "ssr"))]
fn placeholder_page(module: Module) -> AnyView {
    view! { <ModulePlaceholder module=module/> }.into_any()
}

/// The server never draws a page (the app is client-side).
#[cfg(feature = "ssr")]
fn placeholder_page(_: Module) -> AnyView {
    ().into_any()
}

pub const CAMERAS: &[ModuleDef] = &[ModuleDef {
    slug: "cameras",
    path: "/cameras",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "◉",
    title: ("Camera giám sát", "Camera surveillance"),
    promises: (
        &["Bản đồ camera", "Hình ảnh trực tiếp"],
        &["Camera map", "Live view"],
    ),
    pages: &[Page {
        param: None,
        view: placeholder_page,
        head: None,
    }],
}];
