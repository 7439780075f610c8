//! Module 6: tourism. Visitors (total, overnight, international), revenue, rooms and
//! occupancy against the year's target, year to date and against the same period last
//! year: the department's datasets and indicators on the shared sector board, with
//! accommodation and attractions on its map and each district's growth.

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

/// The department whose data the module shows.
pub const DEPARTMENT: &str = "SDL";
/// Visitors, overnight guests and revenue by district and month (the data platform's).
pub const VISITS_DATASET: &str = "tourism-monthly";
/// Rooms, room nights and international guests by district and month.
pub const ROOMS_DATASET: &str = "tourism-accommodation-monthly";
/// Accommodation and attractions.
pub const PLACES_DATASET: &str = "tourism-places";

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "tourism",
    path: "/tourism",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "☀",
    title: ("Du lịch", "Tourism"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: tourism_page,
        head: None,
    }],
}];

crate::split_page!(tourism_page, tourism, |_m| view! { <page::TourismPage/> });
