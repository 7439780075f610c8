//! Module 9: citizen feedback (phản ánh kiến nghị) — the public files and follows a
//! report; officials handle it through its workflow.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
#[cfg(not(feature = "ssr"))]
pub mod photo_picker;
pub mod rules;

use super::{Menu, ModuleDef, Page, PageHead};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
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
            head: None,
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
                head: Some(&REPORT_HEAD),
            },
            Page {
                param: Some("code"),
                view: track_page,
                head: None,
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

/// `/report`'s heading and lead, drawn by the page and, before its code arrives, by the
/// server.
pub const REPORT_HEAD: PageHead = PageHead {
    class: "page page-medium",
    heading: ("Gửi phản ánh, kiến nghị", "Report an issue"),
    lead: (
        "Báo cho chính quyền tỉnh những việc cần xử lý: đường hư hỏng, rác thải, ngập nước, trật tự đô thị… Mỗi phản ánh có mã theo dõi, được chuyển đến cơ quan phụ trách và trả lời công khai.",
        "Tell the province what needs fixing: damaged roads, rubbish, flooding, public order… Each report gets a tracking code, goes to the agency in charge and is answered in public.",
    ),
};
