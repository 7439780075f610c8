//! Module 8: socio-economic indicators against their targets, and their configuration.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod editor;
pub mod model;
pub mod page;
pub mod rules;
