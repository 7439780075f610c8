//! Administration: users, API keys and the audit log.

pub mod api;
pub mod model;
pub mod page;
