//! sea-orm entities, one file per table.

pub mod admin_unit;
pub mod api_key;
pub mod app_user;
pub mod audit_log;
pub mod department;
pub mod metric_observation;
pub mod place;
pub mod session;
