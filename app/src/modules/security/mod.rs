//! Module 2: information security. Events from the province's security tools (syslog,
//! CEF, LEEF, Wazuh alerts), the systems they concern, and the `/security` board.

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

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "security",
    path: "/security",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "◆",
    title: ("An toàn thông tin", "Information security"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: security_page,
        head: None,
    }],
}];

crate::split_page!(
    security_page,
    security,
    |_m| view! { <page::SecurityPage/> }
);
