//! Module: the open-data portal (`/open-data`), public. The same catalogue is served to
//! machines by the CKAN Action API and the DCAT-AP feed (in the server's `open_data`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
use leptos::prelude::*;

/// The open-data portal and its dataset pages (everyone).
pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "open-data",
    path: "/open-data",
    role: Role::Public,
    menu: Menu::Public,
    icon: "⇩",
    title: ("Dữ liệu mở", "Open data"),
    promises: super::NO_PROMISES,
    pages: &[
        Page {
            param: None,
            view: portal_page,
        },
        Page {
            param: Some("code"),
            view: dataset_page,
        },
    ],
}];

crate::split_page!(
    portal_page,
    public_open_data,
    |_m| view! { <page::OpenDataPage/> }
);

crate::split_page!(
    dataset_page,
    public_open_data_item,
    |_m| view! { <page::OpenDatasetPage/> }
);
