//! The public front door at `/`: the province at a glance from public data only (the air
//! now, the results of citizens' reports, the open-data catalogue) and the way to report a
//! problem. A signed-in official is taken to the overview instead.

pub mod api;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;

use super::{Menu, ModuleDef, Page, PageHead};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "home",
    path: "/",
    role: Role::Public,
    menu: Menu::Public,
    icon: "⌂",
    title: ("Trang chủ", "Home"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: home_page,
        head: Some(&HOME_HEAD),
    }],
}];

/// `/`'s heading and lead, drawn by the page and, before its code arrives, by the server.
pub const HOME_HEAD: PageHead = PageHead {
    class: "page home",
    heading: (
        "Bà Rịa – Vũng Tàu hôm nay",
        "Bà Rịa – Vũng Tàu today",
    ),
    lead: (
        "Không khí lúc này, kết quả xử lý phản ánh của người dân và dữ liệu mở của tỉnh — từ dữ liệu công khai của Trung tâm Điều hành thông minh.",
        "The air right now, how citizens' reports are resolved and the province's open data — from the public data of the Intelligent Operations Center.",
    ),
};

crate::split_page!(home_page, public_home, |_m| view! { <page::HomePage/> });

#[cfg(feature = "ssr")]
pub fn register_server_fns() {
    leptos::server_fn::axum::register_explicit::<api::LoadPublicHome>();
}
