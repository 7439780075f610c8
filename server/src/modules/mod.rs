//! Per-module server code: the same folder names as `app/src/modules/`.

pub mod admin;
pub mod datasets;
pub mod environment;
pub mod feedback;
pub mod indicators;
pub mod open_data;
pub mod overview;
