//! sea-orm entities, one file per table.

pub mod admin_unit;
pub mod alert;
pub mod api_key;
pub mod app_user;
pub mod audit_log;
pub mod dataset;
pub mod dataset_record;
pub mod dataset_usage;
pub mod department;
pub mod env_station;
pub mod feedback_event;
pub mod feedback_photo;
pub mod feedback_report;
pub mod feedback_service;
pub mod indicator;
pub mod ingest_batch;
pub mod metric_observation;
pub mod place;
pub mod session;
