//! Module 10: camera surveillance. The registry of the province's cameras, their health,
//! and live video proxied by the server so that no camera address or password reaches a
//! browser.

pub mod model;
