//! The data platform: datasets defined by departments, validated ingestion, data quality.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
pub mod schema;
