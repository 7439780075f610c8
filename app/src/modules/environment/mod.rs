//! Module 7: natural resources and environment. So far: the VN_AQI method
//! (Decision 1459/QĐ-TCMT), as pure functions shared by the server and the pages.

pub mod aqi;
