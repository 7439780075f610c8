//! The data platform: datasets defined by departments, validated ingestion, data quality.

pub mod model;
pub mod schema;
