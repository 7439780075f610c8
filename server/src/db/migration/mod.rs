//! One ordered list of migrations, the same on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_data_platform;
mod m0003_indicators;
mod m0004_feedback;
mod m0005_feedback_photos;
mod m0006_open_data;
mod m0007_environment;
// From here on, names carry the date and time: two branches cannot pick the same one.
mod m20261201_000001_review_fixes;
mod m20261202_000001_module_contract;
mod m20261202_000002_dataset_cells;
mod m20261202_000003_admin_services;
mod m20261203_000001_admin_scorecard;
mod m20261203_000002_admin_dossier_month;
mod m20261203_000003_admin_month_stocks;
mod m20261203_000004_health_case_week;
mod m20261203_000005_health_series;
mod m20261203_000006_record_fk;
mod m20261204_000001_security;
mod m20261204_000002_security_monitors;
mod m20261204_000003_dataset_cell_count;
mod m20261204_000004_social;
mod m20261204_000005_cameras;
mod m20261205_000001_camera_wall;
mod m20261205_000002_camera_events;
mod m20261206_000001_station_names;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_data_platform::Migration),
            Box::new(m0003_indicators::Migration),
            Box::new(m0004_feedback::Migration),
            Box::new(m0005_feedback_photos::Migration),
            Box::new(m0006_open_data::Migration),
            Box::new(m0007_environment::Migration),
            Box::new(m20261201_000001_review_fixes::Migration),
            Box::new(m20261202_000001_module_contract::Migration),
            Box::new(m20261202_000002_dataset_cells::Migration),
            Box::new(m20261202_000003_admin_services::Migration),
            Box::new(m20261203_000001_admin_scorecard::Migration),
            Box::new(m20261203_000002_admin_dossier_month::Migration),
            Box::new(m20261203_000003_admin_month_stocks::Migration),
            Box::new(m20261203_000004_health_case_week::Migration),
            Box::new(m20261203_000005_health_series::Migration),
            Box::new(m20261203_000006_record_fk::Migration),
            Box::new(m20261204_000001_security::Migration),
            Box::new(m20261204_000002_security_monitors::Migration),
            Box::new(m20261204_000003_dataset_cell_count::Migration),
            Box::new(m20261204_000004_social::Migration),
            Box::new(m20261204_000005_cameras::Migration),
            Box::new(m20261205_000001_camera_wall::Migration),
            Box::new(m20261205_000002_camera_events::Migration),
            Box::new(m20261206_000001_station_names::Migration),
        ]
    }
}
