//! Administration: users, API keys and the audit log.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

/// Administration (administrators).
pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "admin",
    path: "/admin",
    role: Role::Admin,
    menu: Menu::Admin,
    icon: "⚙",
    title: ("Quản trị", "Administration"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: admin_page,
        head: None,
    }],
}];

crate::split_page!(admin_page, admin, |_m| view! { <page::AdminPage/> });
