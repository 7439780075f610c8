//! The overview ("bộ não số"): the province's headline figures, a chart and a map.

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

/// The overview: the province's headline figures (officials).
pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "overview",
    path: "/overview",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "◎",
    title: ("Tổng quan", "Overview"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: overview_page,
        head: None,
    }],
}];

crate::split_page!(
    overview_page,
    overview,
    |_m| view! { <page::OverviewPage/> }
);
