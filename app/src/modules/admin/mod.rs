//! Administration: users, API keys and the audit log.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
