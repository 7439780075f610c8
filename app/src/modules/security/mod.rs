//! Module 2: information security. Events from the province's security tools (syslog,
//! CEF, LEEF, Wazuh alerts), the systems they concern, site monitors and incidents, the
//! `/security` board, and the public status pages (`/status`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
#[cfg(not(feature = "ssr"))]
pub mod status;
#[cfg(not(feature = "ssr"))]
pub mod uptime;

use super::{Menu, ModuleDef, Page};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

pub const ENTRIES: &[ModuleDef] = &[
    ModuleDef {
        slug: "security",
        path: "/security",
        role: Role::Official,
        menu: Menu::Dashboards,
        icon: "◆",
        title: ("An toàn thông tin", "Information security"),
        promises: super::NO_PROMISES,
        pages: &[Page {
            param: None,
            view: security_page,
            head: None,
        }],
    },
    ModuleDef {
        slug: "status",
        path: "/status",
        role: Role::Public,
        menu: Menu::Public,
        icon: "●",
        title: ("Tình trạng dịch vụ", "Service status"),
        promises: super::NO_PROMISES,
        pages: &[
            Page {
                param: None,
                view: status_index_page,
                head: None,
            },
            Page {
                param: Some("department"),
                view: status_department_page,
                head: None,
            },
        ],
    },
];

crate::split_page!(
    security_page,
    security,
    |_m| view! { <page::SecurityPage/> }
);

crate::split_page!(
    status_index_page,
    public_status,
    |_m| view! { <status::StatusIndexPage/> }
);
crate::split_page!(
    status_department_page,
    public_status_item,
    |_m| view! { <status::StatusDepartmentPage/> }
);
