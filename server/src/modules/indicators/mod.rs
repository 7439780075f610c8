//! Module 8 on the server: the indicator engine, its store and the demo indicators.

pub mod demo;
pub mod engine;
pub mod store;
