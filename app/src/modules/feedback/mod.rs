//! Module 9: citizen feedback (phản ánh kiến nghị) — the public files and follows a
//! report; officials handle it through its workflow.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
pub mod photo_picker;
pub mod rules;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
use leptos::prelude::*;

/// Module 9: the officials' inbox; the public's report form and tracking page.
pub const ENTRIES: &[ModuleDef] = &[
    ModuleDef {
        slug: "feedback",
        path: "/feedback",
        role: Role::Official,
        menu: Menu::Dashboards,
        icon: "✉",
        title: ("Phản ánh kiến nghị", "Citizen feedback"),
        promises: super::NO_PROMISES,
        pages: &[Page {
            param: None,
            view: inbox_page,
        }],
    },
    ModuleDef {
        slug: "report",
        path: "/report",
        role: Role::Public,
        menu: Menu::Public,
        icon: "✦",
        title: ("Gửi phản ánh", "Report an issue"),
        promises: super::NO_PROMISES,
        pages: &[
            Page {
                param: None,
                view: report_page,
            },
            Page {
                param: Some("code"),
                view: track_page,
            },
        ],
    },
];

crate::split_page!(inbox_page, feedback, |_m| view! { <page::FeedbackPage/> });
crate::split_page!(
    report_page,
    public_report,
    |_m| view! { <page::ReportPage/> }
);
crate::split_page!(
    track_page,
    public_report_item,
    |_m| view! { <page::TrackPage/> }
);
