//! The client's module table: one line per module. It drives the navigation, the routes
//! and the list of pages the end-to-end tests open (`ioc routes`). Each module describes
//! its own entries (menu item, pages, role) in its folder as `pub const ENTRIES`.

pub mod admin;
pub mod auth;
pub mod datasets;
pub mod environment;
pub mod feedback;
pub mod indicators;
pub mod open_data;
pub mod overview;
pub mod placeholder;

use crate::i18n::Lang;
use crate::model::Role;
use leptos::prelude::AnyView;

/// Every module's entries, in menu order.
pub const MODULES: &[&[ModuleDef]] = &[
    overview::ENTRIES,
    placeholder::ADMIN_SERVICES,
    placeholder::SECURITY,
    placeholder::SOCIAL,
    placeholder::HEALTH,
    placeholder::EDUCATION,
    placeholder::TOURISM,
    environment::ENTRIES,
    indicators::ENTRIES,
    feedback::ENTRIES,
    placeholder::CAMERAS,
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
        assert_eq!(by_slug("overview").map(|m| m.path), Some("/"));
    }
}
