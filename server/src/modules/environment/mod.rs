//! Module 7, natural resources and environment: monitoring stations, readings over HTTP
//! and MQTT, rollups, VN_AQI and VN_WQI, alerts, the demo network.

pub mod alerting;
pub mod demo;
pub mod ingest;
pub mod mqtt;
pub mod routes;
pub mod store;
