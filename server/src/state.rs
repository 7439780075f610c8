use crate::config::Settings;
use crate::web::metrics::Metrics;
use crate::web::static_files::IndexPage;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared by every request. Holds no user state: several copies can run on one PostgreSQL.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    pub index: Arc<Option<IndexPage>>,
    /// Usage counts not yet added to the database (additive: safe with many copies).
    pub usage: Arc<crate::modules::open_data::usage::Counter>,
    pub limiter: Arc<crate::modules::open_data::rate_limit::RateLimiter>,
}
