//! The data platform: datasets defined by departments, validated ingestion, data quality.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
#[cfg(not(feature = "ssr"))]
pub mod rows;
pub mod schema;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

/// The data platform's page: datasets and their quality (officials).
pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "data",
    path: "/data",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "▦",
    title: ("Dữ liệu và chất lượng", "Data and quality"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: data_page,
        head: None,
    }],
}];

crate::split_page!(data_page, data, |_m| view! { <page::DataPage/> });
