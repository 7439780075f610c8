//! Module 9: citizen feedback (phản ánh kiến nghị) — the public files and follows a
//! report; officials handle it through its workflow.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
pub mod photo_picker;
pub mod rules;
