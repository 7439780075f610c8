//! The client's module table: one line per module. It drives the navigation, the routes
//! and the list of pages the end-to-end tests open (`ioc routes`). Each module describes
//! its own entries (menu item, pages, role) in its folder as `pub const ENTRIES`.

pub mod admin;
pub mod admin_services;
pub mod auth;
pub mod cameras;
pub mod datasets;
pub mod education;
pub mod environment;
pub mod feedback;
pub mod health;
pub mod home;
pub mod indicators;
pub mod open_data;
pub mod overview;
pub mod security;
pub mod social;
pub mod tourism;

use crate::i18n::Lang;
use crate::model::Role;
use leptos::prelude::AnyView;

/// Declares a page of the module table whose code is split into its own file.
/// `$chunk` names that file and must be unique in the app. A public page's name is `public_`
/// and its path (`/report/{code}` → `public_report_item`): index.html finds its pack by it,
/// and the end-to-end test checks that public pages fetch no other page's code.
///
/// ```ignore
/// split_page!(report_page, feedback_report, |_m| view! { <page::ReportPage/> });
/// ```
#[macro_export]
macro_rules! split_page {
    ($name:ident, $chunk:ident, |$m:pat_param| $body:expr) => {
        // In the split file: hands over the page's view function, which only it calls.
        #[cfg(not(feature = "ssr"))]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> ::std::result::Result<
            $crate::components::lazy::PageView,
            $crate::components::lazy::PageLoadError,
        > {
            fn view($m: $crate::modules::Module) -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any($body)
            }
            Ok(view)
        }

        #[cfg(not(feature = "ssr"))]
        fn $name(m: $crate::modules::Module) -> ::leptos::prelude::AnyView {
            static READY: ::std::sync::OnceLock<$crate::components::lazy::PageView> =
                ::std::sync::OnceLock::new();
            $crate::components::lazy::lazy_page(m, &READY, $chunk)
        }

        // The server never draws a page (the app is client-side): its build has no views.
        #[cfg(feature = "ssr")]
        fn $name(_: $crate::modules::Module) -> ::leptos::prelude::AnyView {
            ::leptos::prelude::IntoAny::into_any(())
        }
    };
}

/// Declares a part of a page whose code is split into a file of its own, fetched the first
/// time the part is drawn: for what a phone opening a public page should not download, such
/// as what sits screens below the first one (inside a `WhenNear`) or what the reader opens
/// on demand. `$chunk` follows the page's name (`public_report` → `public_report_stats`).
/// The part gets one value from the page (`Copy`: signals, or `()`).
///
/// ```ignore
/// split_part!(stats, public_report_stats, |_: ()| view! { <Stats/> });
/// ```
#[macro_export]
macro_rules! split_part {
    ($name:ident, $chunk:ident, |$arg:tt: $ty:ty| $body:expr) => {
        #[cfg(not(feature = "ssr"))]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> ::std::result::Result<
            $crate::components::lazy::PartView<$ty>,
            $crate::components::lazy::PageLoadError,
        > {
            fn view($arg: $ty) -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any($body)
            }
            Ok(view)
        }

        #[cfg(not(feature = "ssr"))]
        fn $name(props: $ty) -> ::leptos::prelude::AnyView {
            static READY: ::std::sync::OnceLock<$crate::components::lazy::PartView<$ty>> =
                ::std::sync::OnceLock::new();
            $crate::components::lazy::lazy_part(props, &READY, $chunk)
        }
    };
}

/// Every module's entries, in menu order.
pub const MODULES: &[&[ModuleDef]] = &[
    home::ENTRIES,
    overview::ENTRIES,
    admin_services::ENTRIES,
    security::ENTRIES,
    social::ENTRIES,
    health::ENTRIES,
    education::ENTRIES,
    tourism::ENTRIES,
    environment::ENTRIES,
    indicators::ENTRIES,
    feedback::ENTRIES,
    cameras::ENTRIES,
    datasets::ENTRIES,
    open_data::ENTRIES,
    admin::ENTRIES,
    auth::ENTRIES,
];

/// A module's entry: where it lives in the menu, who may open it, and its pages.
#[derive(Debug)]
pub struct ModuleDef {
    /// Stable identifier, used in test ids and CSS classes.
    pub slug: &'static str,
    pub path: &'static str,
    /// The least role that may see the pages. The server enforces the same rule on its data.
    pub role: Role,
    pub menu: Menu,
    /// A short glyph for the menu (text, so it needs no icon font).
    pub icon: &'static str,
    /// Vietnamese, English.
    pub title: (&'static str, &'static str),
    /// What a module not built yet will show, for its honest empty state (vi, en).
    pub promises: (&'static [&'static str], &'static [&'static str]),
    pub pages: &'static [Page],
}

/// One route of an entry: its path, or its path and one parameter (`/report/{code}`).
#[derive(Debug)]
pub struct Page {
    pub param: Option<&'static str>,
    pub view: fn(Module) -> AnyView,
    /// The first screen of a public page, drawn by the server before the app's code arrives.
    pub head: Option<&'static PageHead>,
}

/// A public page's heading and lead paragraph (vi, en). The page draws them, and the server
/// sends them as plain HTML inside `index.html`, so a phone on a slow network shows the page's
/// words at once instead of a blank screen while the code downloads ([`prepaint`]).
#[derive(Debug)]
pub struct PageHead {
    /// CSS classes of the page's `<section>`, so both drawings sit in the same place.
    pub class: &'static str,
    pub heading: (&'static str, &'static str),
    pub lead: (&'static str, &'static str),
}

impl PageHead {
    pub fn heading(&self, lang: Lang) -> &'static str {
        lang.pick(self.heading.0, self.heading.1)
    }

    pub fn lead(&self, lang: Lang) -> &'static str {
        lang.pick(self.lead.0, self.lead.1)
    }
}

/// The server's drawing of a public page for `index.html`, keyed by path: the shell's top
/// bar and the page's head in both languages (an inline script in `index.html` shows the
/// one the reader chose). The app hides itself while `#prepaint` is there and removes it
/// once the page is drawn ([`crate::components::lazy`]).
#[cfg(feature = "ssr")]
pub fn prepaint() -> Vec<(&'static str, String)> {
    use crate::format::escape_html as esc;
    fn both(pair: (&str, &str)) -> String {
        format!(
            r#"<span lang="vi">{}</span><span lang="en">{}</span>"#,
            esc(pair.0),
            esc(pair.1)
        )
    }
    let (vi, en) = (Lang::Vi.strings(), Lang::En.strings());
    entries()
        .flat_map(|m| m.pages.iter().map(move |p| (m, p)))
        .filter(|(_, p)| p.param.is_none())
        .filter_map(|(m, p)| p.head.map(|h| (m.path, h)))
        .map(|(path, h)| {
            let html = format!(
                concat!(
                    r#"<div id="prepaint">"#,
                    r#"<header class="topbar"><span class="brand">"#,
                    r#"<span class="brand-mark" aria-hidden="true">IOC</span>"#,
                    r#"<span class="brand-text"><strong>{}</strong><small>{}</small></span>"#,
                    r#"</span></header>"#,
                    r#"<div class="layout"><main class="main"><section class="{}">"#,
                    r#"<header class="page-head"><div><h1>{}</h1><p class="muted">{}</p></div>"#,
                    r#"</header></section></main></div></div>"#
                ),
                both((vi.app_name, en.app_name)),
                both((vi.app_tagline, en.app_tagline)),
                esc(h.class),
                both(h.heading),
                both(h.lead),
            );
            (path, html)
        })
        .collect()
}

/// Which part of the menu an entry sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// The dashboards officials steer by.
    Dashboards,
    /// Pages anyone may open.
    Public,
    /// Administrators only.
    Admin,
    /// Not in the menu (sign-in).
    Hidden,
}

/// An entry of the table, as the pages pass it around.
pub type Module = &'static ModuleDef;

/// Every entry, in menu order.
pub fn entries() -> impl Iterator<Item = Module> {
    MODULES.iter().flat_map(|m| m.iter())
}

/// The entries of one part of the menu.
pub fn menu(part: Menu) -> impl Iterator<Item = Module> {
    entries().filter(move |m| m.menu == part)
}

/// The entry with this slug (every slug is unique: a test checks it).
pub fn by_slug(slug: &str) -> Option<Module> {
    entries().find(|m| m.slug == slug)
}

impl ModuleDef {
    pub fn path(&self) -> &'static str {
        self.path
    }

    pub fn slug(&self) -> &'static str {
        self.slug
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn icon(&self) -> &'static str {
        self.icon
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title.0, self.title.1)
    }

    pub fn promises(&self, lang: Lang) -> &'static [&'static str] {
        match lang {
            Lang::Vi => self.promises.0,
            Lang::En => self.promises.1,
        }
    }

    /// Whether the module has data behind it (planned ones show an empty state).
    pub fn built(&self) -> bool {
        self.promises.0.is_empty()
    }
}

/// Entries with no promises (the built modules) use this.
pub const NO_PROMISES: (&[&str], &[&str]) = (&[], &[]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_paths_are_unique_and_paths_start_with_a_slash() {
        let all: Vec<Module> = entries().collect();
        for (i, a) in all.iter().enumerate() {
            assert!(a.path.starts_with('/'), "{}", a.path);
            assert!(!a.pages.is_empty(), "{} has no page", a.slug);
            for b in &all[i + 1..] {
                assert_ne!(a.slug, b.slug);
                assert_ne!(a.path, b.path);
            }
        }
        assert_eq!(by_slug("home").map(|m| m.path), Some("/"));
        assert_eq!(by_slug("overview").map(|m| m.path), Some("/overview"));
    }
}
