//! Per-module server code: the same folder names as `app/src/modules/`. A module is
//! its folder, its migration and its line in [`all`] (see the README, "Adding a module").

pub mod admin;
pub mod admin_services;
pub mod cameras;
pub mod datasets;
pub mod education;
pub mod environment;
pub mod feedback;
pub mod health;
pub mod home;
pub mod indicators;
pub mod open_data;
pub mod overview;
pub mod security;
pub mod social;
pub mod tourism;

use crate::module::ServerModule;
use std::sync::Arc;

/// Every module the server runs, in the order their demo data is seeded.
pub fn all() -> Vec<Arc<dyn ServerModule>> {
    vec![
        Arc::new(datasets::Module),
        Arc::new(admin_services::Module),
        Arc::new(security::Module),
        Arc::new(social::Module),
        Arc::new(cameras::Module),
        Arc::new(indicators::Module),
        Arc::new(health::Module),
        Arc::new(education::Module),
        Arc::new(tourism::Module),
        Arc::new(feedback::Module),
        Arc::new(environment::Module),
        Arc::new(open_data::Module),
        Arc::new(overview::Module),
        Arc::new(home::Module),
        Arc::new(admin::Module),
    ]
}
