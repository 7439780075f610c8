//! Module 9 on the server: citizen reports, their workflow and the demo categories.

pub mod backend;
pub mod demo;
pub mod open311;
pub mod openapi;
pub mod photos;
pub mod store;
pub mod worker;

use crate::module::{ServerModule, Worker};
use crate::state::AppState;
use crate::web::limits::Group;

/// Module 9's settings (`ioc serve` flags).
#[derive(Clone, Debug, clap::Args)]
#[group(id = "feedback")]
pub struct Settings {
    /// Citizen reports one client address may file per hour.
    #[arg(long, env = "IOC_REPORTS_PER_HOUR", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub reports_per_hour: u32,
    /// Days after which a resolved report the citizen did not rate is closed.
    #[arg(long, env = "IOC_CLOSE_RESOLVED_AFTER_DAYS", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub close_resolved_after_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reports_per_hour: 10,
            close_resolved_after_days: 7,
        }
    }
}

/// Module 9: citizen feedback.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "feedback"
    }

    fn routes(&self, state: &AppState) -> axum::Router<AppState> {
        photos::routes(state).merge(open311::routes(state))
    }

    fn limited_server_fns(&self) -> Vec<(&'static str, Group)> {
        use app::modules::feedback::api::{FileReport, RateReport, SimilarReports, TrackReport};
        use leptos::server_fn::ServerFn;
        vec![
            (FileReport::PATH, Group::PublicWrite),
            (RateReport::PATH, Group::PublicWrite),
            (TrackReport::PATH, Group::PublicRead),
            (SimilarReports::PATH, Group::PublicRead),
        ]
    }

    fn register_server_fns(&self) {
        app::modules::feedback::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::feedback::backend::FeedbackBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn args(&self, cmd: clap::Command) -> clap::Command {
        crate::module::add_flags::<Settings>(cmd)
    }

    fn configure(
        &self,
        matches: &clap::ArgMatches,
        settings: &mut crate::config::Settings,
    ) -> anyhow::Result<()> {
        crate::module::read_flags::<Settings>(matches, settings)
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        demo::seed(txn).await
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    async fn overview(
        &self,
        state: &AppState,
        filter: &app::modules::overview::model::OverviewFilter,
    ) -> app::error::AppResult<crate::module::OverviewPart> {
        Ok(crate::module::OverviewPart {
            kpis: store::overview_tiles(&state.db, filter).await?,
            ..Default::default()
        })
    }

    fn workers(&self, state: &AppState) -> Vec<Worker> {
        let db = state.db.clone();
        let days = i64::from(
            state
                .settings
                .module::<Settings>()
                .close_resolved_after_days,
        );
        vec![Worker::new("feedback.housekeeping", move || {
            worker::run(db.clone(), days, std::time::Duration::from_secs(600))
        })]
    }
}
