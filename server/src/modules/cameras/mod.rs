//! Module 10, camera surveillance: the registry of the province's cameras with their
//! addresses and credentials kept on the server, live video proxied (playlists rewritten
//! to sealed short-lived addresses, segments streamed through, no other host fetched), and
//! the log of who watched what.

pub mod backend;
pub mod demo;
pub mod events;
pub mod health;
pub mod hls;
pub mod mqtt;
pub mod openapi;
pub mod routes;
pub mod snapshot;
pub mod store;
pub mod token;

use crate::module::ServerModule;
use crate::state::AppState;

/// Module 10's settings (`ioc serve` flags).
#[derive(Clone, Debug, Default, clap::Args)]
#[group(id = "cameras")]
pub struct Settings {
    /// MQTT broker Frigate publishes its events to, e.g. mqtt://user:pass@broker:1883.
    /// Unset: events arrive over HTTP only.
    #[arg(long, env = "IOC_CAMERA_MQTT_URL")]
    pub camera_mqtt_url: Option<String>,
    /// Frigate's topic prefix: the server subscribes to `{prefix}/events` and
    /// `{prefix}/reviews`. `$share/ioc/frigate` shares them among several servers.
    #[arg(long, env = "IOC_FRIGATE_TOPIC", default_value = "frigate")]
    pub frigate_topic: String,
    /// Days an event's snapshot is kept before it is deleted (the event itself stays).
    #[arg(long, env = "IOC_CAMERA_SNAPSHOT_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub camera_snapshot_days: u32,
}

/// Module 10: camera surveillance.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "cameras"
    }

    fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
        routes::routes()
    }

    fn register_server_fns(&self) {
        app::modules::cameras::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::cameras::backend::CamerasBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
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

    fn workers(&self, state: &AppState) -> Vec<crate::module::Worker> {
        let db = state.db.clone();
        let mut workers = vec![crate::module::Worker::new("cameras.health", move || {
            health::run_forever(db.clone())
        })];
        let own = state.settings.module::<Settings>();
        // Default settings (a test's state) still keep the snapshots for a while.
        let days = own.camera_snapshot_days.max(1);
        let db = state.db.clone();
        workers.push(crate::module::Worker::new("cameras.retention", move || {
            snapshot::purge_forever(db.clone(), days)
        }));
        if let Some(url) = own.camera_mqtt_url.filter(|u| !u.is_empty()) {
            let cfg = mqtt::Config {
                url,
                prefix: own.frigate_topic,
                client_id: format!("ioc-cameras-{}", crate::config::host_name()),
            };
            let db = state.db.clone();
            workers.push(crate::module::Worker::new("cameras.mqtt", move || {
                mqtt::run(db.clone(), cfg.clone())
            }));
        }
        workers
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    /// The province's main cameras, in groups, without streams (a demo reaches no camera).
    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        demo::seed(txn, chrono::Utc::now().timestamp_micros()).await
    }
}
