//! Module 10: camera surveillance. The registry of the province's cameras, their health,
//! and live video proxied by the server so that no camera address or password reaches a
//! browser.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(not(feature = "ssr"))]
pub mod manage;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
#[cfg(not(feature = "ssr"))]
pub mod player;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "cameras",
    path: "/cameras",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "◉",
    title: ("Camera giám sát", "Camera surveillance"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: cameras_page,
        head: None,
    }],
}];

crate::split_page!(cameras_page, cameras, |_m| view! { <page::CamerasPage/> });
