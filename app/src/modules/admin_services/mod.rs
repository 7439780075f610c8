//! Module 1: public administration services. Dossiers (hồ sơ thủ tục hành chính) arrive
//! one per row in the `dossiers` dataset; the module counts them as officials do
//! ([`rules`]) and shows the counters, the overdue and the dossiers behind each number.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
pub mod rules;
pub mod score;
#[cfg(not(feature = "ssr"))]
mod scorecard;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "admin-services",
    path: "/admin-services",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "▤",
    title: ("Dịch vụ hành chính công", "Public administration services"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: admin_services_page,
        head: None,
    }],
}];

crate::split_page!(
    admin_services_page,
    admin_services,
    |_m| view! { <page::AdminServicesPage/> }
);
