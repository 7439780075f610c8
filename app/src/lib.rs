//! The IOC app: shared wire types, Leptos pages and components, server-function declarations.
//! Server-only code sits behind the `ssr` feature, which only the `server` crate enables.

// Leptos view types nest deeply; the default limit is too low for the larger pages.
#![recursion_limit = "256"]

// First, so that `tr!` is in scope in every module below.
#[macro_use]
pub mod error;
pub mod alerts;
pub mod charts;
// The views (components and pages) are the browser's alone: the app is client-side, and
// leaving them out of the server's build halves its compile time.
#[cfg(not(feature = "ssr"))]
pub mod components;
pub mod format;
pub mod geo;
pub mod i18n;
pub mod model;
pub mod modules;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod table;

#[cfg(not(feature = "ssr"))]
pub use client::App;

/// The app itself: the browser's alone.
#[cfg(not(feature = "ssr"))]
mod client {
    use crate::components::layout::NotFound;
    use crate::components::{Guard, Shell};
    use crate::{i18n, model, modules};
    use leptos::children::ToChildren;
    use leptos::prelude::*;
    use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
    use leptos_router::components::{Router, Routes, RoutesProps};
    use leptos_router::{NestedRoute, ParamSegment, StaticSegment};
    use modules::{Module, Page};

    /// A page's route from the module table: guarded unless the entry is public.
    fn route(m: Module, page: &'static Page) -> AnyNestedRoute {
        let view = page.view;
        let show = move || {
            if m.role() == model::Role::Public {
                view(m)
            } else {
                view! { <Guard module=m>{move || view(m)}</Guard> }.into_any()
            }
        };
        let seg = StaticSegment(m.path().trim_start_matches('/'));
        match page.param {
            None => NestedRoute::new(seg, show).into_any_nested_route(),
            Some(name) => NestedRoute::new((seg, ParamSegment(name)), show).into_any_nested_route(),
        }
    }

    #[component]
    pub fn App() -> impl IntoView {
        i18n::provide_i18n();
        modules::auth::provide_auth();
        let routes: Vec<_> = modules::entries()
            .flat_map(|m| m.pages.iter().map(move |p| route(m, p)))
            .collect();
        let routes = leptos::tachys::view::iterators::StaticVec::from(routes);

        // Built with its props, as the table's routes are a list, not written-out children.
        let routes = move || {
            Routes(
                RoutesProps::builder()
                    .fallback(|| view! { <NotFound/> })
                    .children(ToChildren::to_children(move || routes))
                    .build(),
            )
        };
        view! {
            <Router>
                <Shell>{routes()}</Shell>
            </Router>
        }
    }
}

/// Every entry's path from the module table (the server answers each with the app).
pub fn app_paths() -> Vec<&'static str> {
    modules::entries().map(|m| m.path()).collect()
}
