//! Module 8: socio-economic indicators against their targets, and their configuration.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(not(feature = "ssr"))]
pub mod editor;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
pub mod rules;
#[cfg(not(feature = "ssr"))]
pub mod sector;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

/// Module 8: the indicator board and its configuration.
pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "indicators",
    path: "/indicators",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "▲",
    title: ("Chỉ tiêu kinh tế – xã hội", "Socio-economic indicators"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: indicators_page,
        head: None,
    }],
}];

crate::split_page!(
    indicators_page,
    indicators,
    |_m| view! { <page::IndicatorsPage/> }
);
