//! Module 4: health. Facilities on the map, beds and visits, vaccination coverage against
//! target (the department's indicators, on the shared sector board), and disease
//! surveillance: cases per ISO week and district against the epidemic threshold
//! ([`channel`]), a week above it raising an alert in the shared feed.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod channel;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

/// The department whose data the module shows.
pub const DEPARTMENT: &str = "SYT";
/// The weekly cases of reportable diseases.
pub const CASES_DATASET: &str = "disease-cases-weekly";

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "health",
    path: "/health",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "✚",
    title: ("Y tế", "Health"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: health_page,
        head: None,
    }],
}];

crate::split_page!(health_page, health, |_m| view! { <page::HealthPage/> });
