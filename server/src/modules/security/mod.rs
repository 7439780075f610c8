//! Module 2, information security: events from the province's security tools over syslog
//! (RFC 5424/3164, CEF, LEEF) and as Wazuh alert JSON, stored and read back with filters,
//! attached to the systems they concern; high events raise alerts in the shared feed.
//! Site and port monitors (uptime, certificates, maintenance, status pages) and the
//! incidents officials handle.

pub mod assets;
pub mod backend;
pub mod cert;
pub mod demo;
pub mod incidents;
pub mod intake;
pub mod monitors;
pub mod openapi;
pub mod parse;
pub mod probe;
pub mod routes;
pub mod store;
pub mod tls;
pub mod vulns;

use crate::module::{ServerModule, Worker};
use crate::state::AppState;
use app::error::AppResult;
use app::modules::security::model::EventSeverity;
use ipnet::IpNet;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;
use store::Incoming;

/// Module 2's settings (`ioc serve` flags).
#[derive(Clone, Debug, Default, clap::Args)]
#[group(id = "security")]
pub struct Settings {
    /// Receive syslog over UDP on this address, e.g. 0.0.0.0:514. Unset: no UDP receiver.
    #[arg(long, env = "IOC_SYSLOG_UDP")]
    pub syslog_udp: Option<SocketAddr>,
    /// Receive syslog over TCP on this address (RFC 6587: octet counting, or LF/NUL ended).
    #[arg(long, env = "IOC_SYSLOG_TCP")]
    pub syslog_tcp: Option<SocketAddr>,
    /// Receive syslog over TLS (RFC 5425) on this address, e.g. 0.0.0.0:6514.
    #[arg(long, env = "IOC_SYSLOG_TLS", requires_all = ["syslog_tls_cert", "syslog_tls_key"])]
    pub syslog_tls: Option<SocketAddr>,
    /// The TLS receiver's certificate chain (PEM).
    #[arg(long, env = "IOC_SYSLOG_TLS_CERT")]
    pub syslog_tls_cert: Option<std::path::PathBuf>,
    /// The TLS receiver's private key (PEM).
    #[arg(long, env = "IOC_SYSLOG_TLS_KEY")]
    pub syslog_tls_key: Option<std::path::PathBuf>,
    /// Networks allowed to send syslog, comma-separated CIDRs (e.g. 10.0.0.0/8). Empty: any.
    #[arg(long, env = "IOC_SYSLOG_ALLOW", value_delimiter = ',')]
    pub syslog_allow: Vec<IpNet>,
    /// Largest syslog message accepted, in bytes; a longer TCP frame closes its connection.
    #[arg(long, env = "IOC_SYSLOG_MAX_FRAME", default_value_t = 65_536)]
    pub syslog_max_frame: usize,
    /// Open TCP connections at most; more are refused (and counted).
    #[arg(long, env = "IOC_SYSLOG_MAX_CONNECTIONS", default_value_t = 512)]
    pub syslog_max_connections: u64,
    /// Seconds a TCP connection may stay silent before it is closed.
    #[arg(long, env = "IOC_SYSLOG_IDLE", default_value_t = 300)]
    pub syslog_idle: u64,
    /// Messages waiting for the database at most; when full, new ones are dropped (counted).
    #[arg(long, env = "IOC_SYSLOG_QUEUE", default_value_t = 200_000)]
    pub syslog_queue: usize,
    /// Extra CA certificates (PEM) the site monitors trust beside Mozilla's roots: the
    /// province's own CA.
    #[arg(long, env = "IOC_MONITOR_CA")]
    pub monitor_ca: Option<std::path::PathBuf>,
}

impl Settings {
    pub fn intake(&self) -> intake::IntakeConfig {
        intake::IntakeConfig {
            udp: self.syslog_udp,
            tcp: self.syslog_tcp,
            tls: self.syslog_tls,
            tls_cert: self.syslog_tls_cert.clone(),
            tls_key: self.syslog_tls_key.clone(),
            max_frame: self.syslog_max_frame.max(480),
            max_connections: self.syslog_max_connections.max(1),
            idle: Duration::from_secs(self.syslog_idle.max(1)),
            queue: self.syslog_queue.max(1),
            allow: self.syslog_allow.clone(),
        }
    }
}

/// Module 2: information security.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "security"
    }

    fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
        routes::routes()
    }

    fn register_server_fns(&self) {
        app::modules::security::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::security::backend::SecurityBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    /// The province's main systems and 30 days of their events, ending now.
    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> AppResult<()> {
        demo::seed(txn, chrono::Utc::now().timestamp_micros()).await
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

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    fn workers(&self, state: &AppState) -> Vec<Worker> {
        let db = state.db.clone();
        let mut workers = vec![Worker::new("security.alerts", move || {
            quiet_round_forever(db.clone())
        })];
        let (db, ca) = (
            state.db.clone(),
            state.settings.module::<Settings>().monitor_ca.clone(),
        );
        workers.push(Worker::new("security.monitors", move || {
            monitors::run_forever(db.clone(), ca.clone())
        }));
        let cfg = state.settings.module::<Settings>().intake();
        if cfg.enabled() {
            let db = state.db.clone();
            workers.push(Worker::new("security.syslog", move || {
                intake::run_worker(db.clone(), cfg.clone())
            }));
        }
        workers
    }
}

/// Stores events (from the receiver or the JSON API) and raises an alert for each system
/// that sent or suffered a high or very high one.
pub async fn write(
    db: &sea_orm::DatabaseConnection,
    events: &[Incoming],
    matcher: &assets::Matcher,
) -> AppResult<u64> {
    let n = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        store::copy_events(db, events, matcher).await?
    } else {
        store::insert(db, events, matcher).await?
    };
    let findings: Vec<vulns::Finding> = events
        .iter()
        .filter_map(|e| vulns::finding(e, matcher.find(e)))
        .collect();
    if !findings.is_empty() {
        vulns::record(db, &findings, chrono::Utc::now().timestamp_micros()).await?;
    }
    // One alert per subject (the asset, else the host, else the sender), the worst event
    // of the batch; the feed keeps one open alert per subject.
    let mut worst: BTreeMap<String, &Incoming> = BTreeMap::new();
    for e in events
        .iter()
        .filter(|e| e.parsed.severity >= EventSeverity::High)
    {
        let subject = matcher
            .find(e)
            .map(str::to_owned)
            .or_else(|| e.parsed.hostname.clone())
            .unwrap_or_else(|| e.sender.clone());
        let slot = worst.entry(subject).or_insert(e);
        if e.parsed.severity > slot.parsed.severity {
            *slot = e;
        }
    }
    for (subject, e) in worst {
        let very = e.parsed.severity == EventSeverity::VeryHigh;
        let what: String = e.parsed.message.chars().take(200).collect();
        let (vi, en) = e.parsed.severity.label();
        let title_vi = format!(
            "Sự kiện an toàn thông tin mức {}: {what}",
            vi.to_lowercase()
        );
        let title_en = format!("{en} security event: {what}");
        crate::alerts::raise(
            db,
            crate::alerts::Raise {
                module: "security",
                kind: "event",
                subject: &subject,
                subject_name: &subject,
                department: None,
                severity: if very {
                    app::model::Severity::Critical
                } else {
                    app::model::Severity::Warning
                },
                title_vi,
                title_en,
                value: e.parsed.severity.as_str().to_owned(),
                observed_at: chrono::DateTime::from_timestamp_micros(e.received_at)
                    .unwrap_or_else(chrono::Utc::now),
            },
        )
        .await?;
    }
    Ok(n)
}

/// An alert ends once its system has had no high event for this long.
pub const QUIET_US: i64 = 24 * 3_600_000_000;

async fn quiet_round_forever(db: sea_orm::DatabaseConnection) {
    loop {
        if let Err(e) = quiet_round(&db, chrono::Utc::now().timestamp_micros()).await {
            tracing::warn!("security alerts: {e}");
        }
        tokio::time::sleep(Duration::from_secs(300)).await;
    }
}

/// Clears the open alerts whose system (asset, host or sender) has had no high or very
/// high event for [`QUIET_US`]. Every copy may run it: clearing twice is clearing once.
pub async fn quiet_round(db: &sea_orm::DatabaseConnection, now: i64) -> AppResult<()> {
    let open = crate::alerts::list(
        db,
        &app::model::AlertQuery {
            module: Some("security".into()),
            include_cleared: false,
            limit: Some(500),
        },
    )
    .await?;
    for a in open.iter().filter(|a| a.kind == "event") {
        if !store::high_since(db, &a.subject, now - QUIET_US).await? {
            crate::alerts::clear(db, "security", "event", &a.subject).await?;
        }
    }
    Ok(())
}
