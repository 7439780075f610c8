//! Module 3: social-network monitoring. What the province's open sources (news feeds, its
//! own portals, posts a department's tools collect) say, by topic, district and tone.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(not(feature = "ssr"))]
pub mod manage;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "social",
    path: "/social",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "☍",
    title: ("Giám sát mạng xã hội", "Social-network monitoring"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: social_page,
        head: None,
    }],
}];

crate::split_page!(social_page, social, |_m| view! { <page::SocialPage/> });
