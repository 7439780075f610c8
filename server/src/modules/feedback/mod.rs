//! Module 9 on the server: citizen reports, their workflow and the demo categories.

pub mod demo;
pub mod open311;
pub mod photos;
pub mod store;
pub mod worker;
