//! Module: the open-data portal (`/open-data`), public. The same catalogue is served to
//! machines by the CKAN Action API and the DCAT-AP feed (in the server's `open_data`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;

use super::{Menu, ModuleDef, Page, PageHead};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
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
            head: Some(&PORTAL_HEAD),
        },
        Page {
            param: Some("code"),
            view: dataset_page,
            head: None,
        },
    ],
}];

/// `/open-data`'s heading and lead, drawn by the page and, before its code arrives, by the
/// server.
pub const PORTAL_HEAD: PageHead = PageHead {
    class: "page",
    heading: ("Cổng dữ liệu mở", "Open data portal"),
    lead: (
        "Dữ liệu công khai của các sở, ngành: tìm kiếm, xem trước, tải về (CSV, JSON, GeoJSON), hoặc dùng API tương thích CKAN.",
        "Public data of the province's departments: search, preview, download (CSV, JSON, GeoJSON), or use the CKAN-compatible API.",
    ),
};

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
