//! The module contract: everything a module gives the server, declared from its own folder
//! (`server/src/modules/<name>/mod.rs`) and listed once in [`crate::modules::all`].
//! The router, `ioc serve`'s flags and workers, the demo seed, the OpenAPI document and
//! the overview are all built from that list; none of them names a module.

use crate::state::AppState;
use app::error::AppResult;
use app::error::Text;
use app::model::{Kpi, Series};
use app::modules::datasets::model::DatasetDef;
use app::modules::overview::model::OverviewFilter;
use axum::Router;
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;

/// A module of the server. Every method has a default: a module declares what it has.
#[async_trait::async_trait]
pub trait ServerModule: Send + Sync + 'static {
    /// The folder name, the same under `app/src/modules/` and `server/src/modules/`.
    fn name(&self) -> &'static str;

    /// Its REST routes (public APIs, ingestion). Server functions are not routes here.
    fn routes(&self, _state: &AppState) -> Router<AppState> {
        Router::new()
    }

    /// Registers its server functions (declared in `app/src/modules/<name>/api.rs`).
    fn register_server_fns(&self) {}

    /// Its server functions that a route group's rate limit applies to (by path: use the
    /// function's `ServerFn::PATH`); the others are limited by what they do (sign-in).
    fn limited_server_fns(&self) -> Vec<(&'static str, crate::web::limits::Group)> {
        Vec::new()
    }

    /// Puts what its server functions need into their context (its backend), per call.
    fn provide(&self, _state: &AppState) {}

    /// Flags of `ioc serve` (a clap argument group of its own).
    fn args(&self, cmd: clap::Command) -> clap::Command {
        cmd
    }

    /// Reads its flags into the settings (see [`crate::config::Settings::module`]).
    fn configure(
        &self,
        _matches: &clap::ArgMatches,
        _settings: &mut crate::config::Settings,
    ) -> anyhow::Result<()> {
        Ok(())
    }

    /// Background work started by `ioc serve`, restarted with backoff if it panics.
    fn workers(&self, _state: &AppState) -> Vec<Worker> {
        Vec::new()
    }

    /// Loads its part of the demo province. Runs once, in a transaction of its own that
    /// also records it as done: a failure leaves nothing, a rerun completes it.
    async fn demo_seed(&self, _txn: &DatabaseTransaction) -> AppResult<()> {
        Ok(())
    }

    /// Whether it has a demo seed (modules without one are not recorded as seeded).
    fn has_demo_seed(&self) -> bool {
        false
    }

    /// Its paths in the OpenAPI document, and the tags they use.
    fn openapi(&self) -> OpenApiPart {
        OpenApiPart::default()
    }

    /// Datasets (by code) whose rows it also keeps in a form of its own: the datasets
    /// module checks their rows with [`Self::row_rules`] and hands each batch's written rows
    /// to [`Self::rows_written`].
    fn follows(&self) -> &'static [&'static str] {
        &[]
    }

    /// Rules a row of a followed dataset must meet beyond the dataset's definition (one
    /// field against another): each broken one as (column, reason). The row is refused
    /// with them, like any invalid row.
    fn row_rules(&self, _dataset: &str, _row: &Map<String, Value>) -> Vec<(String, Text)> {
        Vec::new()
    }

    /// The rows a batch of a followed dataset inserted or changed, in the batch's own
    /// transaction: what the module derives from them commits with them, and an error
    /// undoes the batch.
    async fn rows_written(
        &self,
        _txn: &DatabaseTransaction,
        _dataset: &str,
        _rows: &[&Map<String, Value>],
    ) -> AppResult<()> {
        Ok(())
    }

    /// The tiles (and monthly charts) it offers the overview, for the overview's filter.
    async fn overview(
        &self,
        _state: &AppState,
        _filter: &OverviewFilter,
    ) -> AppResult<OverviewPart> {
        Ok(OverviewPart::default())
    }

    /// Datasets it derives from its own tables, offered read-only by code to the other
    /// modules (the indicator engine reads them like stored datasets): figures counted
    /// once, where their data lives, and never copied into a second table that could
    /// disagree. Each definition names its department.
    fn derived(&self) -> Vec<DatasetDef> {
        Vec::new()
    }

    /// The rows of one of its derived datasets whose (normalised) period `p` lies in
    /// `from <= p < to`, e.g. `"2024" .. "2025"` for a year's months.
    async fn derived_rows(
        &self,
        _db: &DatabaseConnection,
        _code: &str,
        _from: &str,
        _to: &str,
    ) -> AppResult<Vec<DerivedRow>> {
        Ok(Vec::new())
    }
}

/// What a module gives the overview.
#[derive(Debug, Default)]
pub struct OverviewPart {
    pub kpis: Vec<Kpi>,
    /// A chart's twelve monthly values per series, by the chart's key (the kpi it belongs
    /// to, e.g. `kpi::DOSSIERS`).
    pub charts: Vec<(&'static str, Vec<Series>)>,
    /// The years it has figures for, offered in the overview's year selector.
    pub years: Vec<i32>,
}

/// A row of a derived dataset: values by field name, as a stored row's.
#[derive(Debug, Clone)]
pub struct DerivedRow {
    pub unit: Option<String>,
    pub period: String,
    pub data: Map<String, Value>,
}

/// The module deriving this dataset, with its definition.
pub fn deriving(code: &str) -> Option<(Arc<dyn ServerModule>, DatasetDef)> {
    crate::modules::all().into_iter().find_map(|m| {
        let def = m.derived().into_iter().find(|d| d.code == code)?;
        Some((m, def))
    })
}

/// A module's flags (a `clap::Args` struct) added to `ioc serve`: its `args`.
pub fn add_flags<T: clap::Args>(cmd: clap::Command) -> clap::Command {
    // A derived group also sets the command's about text from its doc comment: keep `serve`'s.
    use clap::builder::Resettable;
    let keep = |text: Option<&clap::builder::StyledStr>| match text {
        Some(t) => Resettable::Value(t.clone()),
        None => Resettable::Reset,
    };
    let (about, long_about) = (keep(cmd.get_about()), keep(cmd.get_long_about()));
    T::augment_args(cmd).about(about).long_about(long_about)
}

/// Those flags read into the settings, for `Settings::module::<T>()`: its `configure`.
pub fn read_flags<T>(
    matches: &clap::ArgMatches,
    settings: &mut crate::config::Settings,
) -> anyhow::Result<()>
where
    T: clap::FromArgMatches + Clone + Send + Sync + 'static,
{
    settings.modules.insert(T::from_arg_matches(matches)?);
    Ok(())
}

/// The modules that follow a dataset (see [`ServerModule::follows`]).
pub fn followers(dataset: &str) -> Vec<Arc<dyn ServerModule>> {
    crate::modules::all()
        .into_iter()
        .filter(|m| m.follows().contains(&dataset))
        .collect()
}

/// The modules a server runs: [`crate::modules::all`] in production; tests add their own.
pub type Modules = Arc<Vec<Arc<dyn ServerModule>>>;

/// A module's share of the OpenAPI document.
#[derive(Default)]
pub struct OpenApiPart {
    /// `{"name": …, "description": …}` objects.
    pub tags: Vec<Value>,
    /// Path template and its path item.
    pub paths: Vec<(String, Value)>,
}

/// A named background task. `run` makes a fresh future each time it is (re)started.
#[derive(Clone)]
pub struct Worker {
    pub name: String,
    run: Arc<dyn Fn() -> BoxFuture<'static, ()> + Send + Sync>,
}

impl Worker {
    pub fn new<F, Fut>(name: impl Into<String>, run: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        Worker {
            name: name.into(),
            run: Arc::new(move || Box::pin(run())),
        }
    }
}

/// Longest pause between restarts of a worker that keeps failing.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Runs the workers until the returned handle is dropped or stopped. A worker that panics
/// (or returns, which a worker should not) is logged and started again after a pause that
/// doubles each time, from one second up to a minute; a run that lasted a minute resets it.
pub fn start_workers(workers: Vec<Worker>) -> WorkerSet {
    let mut set = tokio::task::JoinSet::new();
    for w in workers {
        set.spawn(supervise(w));
    }
    WorkerSet(set)
}

/// The running workers; dropping it stops them (at `ioc serve`'s shutdown).
pub struct WorkerSet(tokio::task::JoinSet<()>);

impl WorkerSet {
    pub async fn stop(mut self) {
        self.0.abort_all();
        while self.0.join_next().await.is_some() {}
    }
}

async fn supervise(w: Worker) {
    let mut backoff = Duration::from_secs(1);
    loop {
        let started = tokio::time::Instant::now();
        // Stopping the supervisor stops the worker too.
        let mut task = AbortOnDrop(tokio::spawn((w.run)()));
        let outcome = (&mut task.0).await;
        match outcome {
            Ok(()) => tracing::warn!(worker = %w.name, "worker returned; starting it again"),
            Err(e) if e.is_panic() => {
                tracing::error!(worker = %w.name, "worker panicked; starting it again")
            }
            // Cancelled: the set is stopping.
            Err(_) => return,
        }
        if started.elapsed() >= MAX_BACKOFF {
            backoff = Duration::from_secs(1);
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    /// Flags of a test module; this text must not become `serve`'s description.
    #[derive(Clone, Debug, clap::Args)]
    struct Flags {
        #[arg(long)]
        knob: Option<u32>,
    }

    #[test]
    fn a_module_flag_group_keeps_the_command_description() {
        let cmd = super::add_flags::<Flags>(clap::Command::new("serve").about("Serve the app"));
        assert_eq!(
            cmd.get_about().map(|a| a.to_string()).as_deref(),
            Some("Serve the app")
        );
        assert!(cmd.get_arguments().any(|a| a.get_id() == "knob"));
    }
}
