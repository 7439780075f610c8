//! The overview ("bộ não số"): the province's headline figures, a chart and a map.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
