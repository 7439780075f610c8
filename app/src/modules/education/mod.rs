//! Module 5: education. Schools by level on the map and by district, pupils, classes and
//! teachers against the national norms, the graduation exam's pass rate against target,
//! enrolment and drop-out: the department's datasets and indicators on the shared sector
//! board, with the module's own sections.

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
pub const DEPARTMENT: &str = "SGDDT";
/// The schools' register, one row per school and school year.
pub const SCHOOLS_DATASET: &str = "schools";
/// The graduation exam per upper-secondary school and school year.
pub const EXAM_DATASET: &str = "graduation-exam";
/// The indicator whose target the exam table compares with.
pub const PASS_RATE: &str = "exam-pass-rate";

pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "education",
    path: "/education",
    role: Role::Official,
    menu: Menu::Dashboards,
    icon: "✎",
    title: ("Giáo dục", "Education"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: education_page,
        head: None,
    }],
}];

crate::split_page!(
    education_page,
    education,
    |_m| view! { <page::EducationPage/> }
);
