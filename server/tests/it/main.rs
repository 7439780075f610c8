//! Every integration test in one binary: one link instead of one per file, and one seeded
//! demo template (see `common`) for the whole run. Each file is a module.

#[macro_use]
mod common;

mod api;
mod cli;
mod datasets;
mod environment;
mod feedback;
mod indicators;
mod mqtt;
mod open311;
mod open_data;
mod platform;
mod resilience;
mod review;
