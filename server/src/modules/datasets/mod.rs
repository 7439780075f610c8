//! The data platform on the server: dataset definitions, ingestion, quality.

pub mod parse;
pub mod quality;
pub mod routes;
pub mod store;
