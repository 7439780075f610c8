use crate::config::Settings;
use crate::web::metrics::Metrics;
use crate::web::static_files::IndexPage;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared by every request. Holds no user state: several copies can run on one PostgreSQL.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// Where bulk writes go: on SQLite a pool of one connection of its own
    /// (`db::connect_writer`), elsewhere the same pool as `db`.
    pub writer: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    pub index: Arc<Option<IndexPage>>,
    /// Usage counts not yet added to the database (additive: safe with many copies).
    pub usage: Arc<crate::modules::open_data::usage::Counter>,
    /// Requests per client per route group (this copy's; see `web::limits`).
    pub limits: Arc<crate::web::limits::Limits>,
    pub signin: Arc<crate::auth::throttle::SignInGuard>,
    /// Whether the database answered and took a write at the last check (a worker keeps it
    /// current); while it does not, requests get 503 with Retry-After at once.
    pub health: Arc<crate::db::health::Health>,
    /// The modules this server runs (routes, server functions, workers, seeds, OpenAPI).
    pub modules: crate::module::Modules,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings, index: Option<IndexPage>) -> Self {
        Self {
            writer: db.clone(),
            db,
            limits: Arc::new(crate::web::limits::Limits::new(settings.limits)),
            signin: Arc::default(),
            health: Arc::default(),
            modules: Arc::new(crate::modules::all()),
            settings: Arc::new(settings),
            metrics: Arc::default(),
            index: Arc::new(index),
            usage: Arc::default(),
        }
    }

    /// The same state with bulk writes going to `writer`.
    pub fn with_writer(mut self, writer: Option<DatabaseConnection>) -> Self {
        if let Some(w) = writer {
            self.writer = w;
        }
        self
    }

    /// The same state running these modules instead (tests add modules of their own).
    pub fn with_modules(mut self, modules: Vec<Arc<dyn crate::module::ServerModule>>) -> Self {
        self.modules = Arc::new(modules);
        self
    }
}
