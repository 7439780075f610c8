//! Module 7, natural resources and environment: monitoring stations, readings over HTTP
//! and MQTT, rollups, VN_AQI and VN_WQI, alerts, the demo network.

pub mod alerting;
pub mod backend;
pub mod demo;
pub mod ingest;
pub mod mqtt;
pub mod openapi;
pub mod routes;
pub mod store;

use crate::module::{ServerModule, Worker};
use crate::state::AppState;

/// Module 7's settings (`ioc serve` flags).
#[derive(Clone, Debug, Default, clap::Args)]
#[group(id = "environment")]
pub struct Settings {
    /// MQTT broker for station readings, e.g. mqtt://user:pass@broker:1883. Unset: no MQTT.
    #[arg(long, env = "IOC_MQTT_URL")]
    pub mqtt_url: Option<String>,
    /// The subscription; `$share/ioc/ioc/env/+` shares the stations among several servers.
    #[arg(long, env = "IOC_MQTT_TOPIC", default_value = "ioc/env/+")]
    pub mqtt_topic: String,
    /// The MQTT client id; the broker keeps this server's session (and queued readings)
    /// under it. Default: ioc-<host name>.
    #[arg(long, env = "IOC_MQTT_CLIENT_ID")]
    pub mqtt_client_id: Option<String>,
    /// With `--demo`: how often the demo's stations report (seconds).
    #[arg(long, env = "IOC_DEMO_FEED_SECONDS", default_value_t = 300)]
    pub demo_feed_seconds: u64,
}

/// Module 7: natural resources and environment.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "environment"
    }

    fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
        routes::routes()
    }

    fn register_server_fns(&self) {
        app::modules::environment::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::environment::backend::EnvironmentBackend> =
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

    /// Ten stations and two years of hourly readings through the ingest path (about
    /// 700,000 readings, 20 s on a laptop), then the silence rule as the server runs it.
    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        let now = chrono::Utc::now().timestamp();
        if demo::seed(txn, now, demo::DAYS).await? > 0 {
            alerting::silence_round(txn, now).await?;
        }
        Ok(())
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    fn workers(&self, state: &AppState) -> Vec<Worker> {
        let db = state.db.clone();
        let mut workers = vec![Worker::new("environment.alerting", move || {
            alerting::run(db.clone(), std::time::Duration::from_secs(60))
        })];
        let own = state.settings.module::<Settings>();
        if state.settings.demo {
            let db = state.db.clone();
            let every = std::time::Duration::from_secs(own.demo_feed_seconds.max(1));
            workers.push(Worker::new("environment.demo-feeder", move || {
                demo::feed(db.clone(), every)
            }));
        }
        if let Some(url) = own.mqtt_url.filter(|u| !u.is_empty()) {
            let client_id = own
                .mqtt_client_id
                .unwrap_or_else(|| format!("ioc-{}", crate::config::host_name()));
            let cfg = mqtt::MqttConfig {
                url,
                topic: own.mqtt_topic,
                client_id,
            };
            let db = state.db.clone();
            workers.push(Worker::new("environment.mqtt", move || {
                mqtt::run(db.clone(), cfg.clone())
            }));
        }
        workers
    }
}
