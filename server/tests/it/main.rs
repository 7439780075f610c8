//! Every integration test in one binary: one link instead of one per file (on CI's two
//! cores each extra test binary cost about a minute), and one seeded demo template (see
//! `common`) for the whole run. Each file is a module. The download memory test has a
//! binary of its own (`tests/download_memory.rs`): it measures a process while nothing
//! else runs in the test process.

#[macro_use]
mod common;

mod admin_services;
mod api;
mod cameras;
mod cli;
mod datasets;
mod environment;
mod feedback;
mod indicators;
mod monitors;
mod mqtt;
mod open311;
mod open_data;
mod platform;
mod resilience;
mod review;
mod sectors;
mod security;
mod social;
