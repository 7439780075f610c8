//! `ioc`: the Intelligent Operations Center server and its administration commands.

use anyhow::Context;
use app::model::Role;
use clap::{Args, Parser, Subcommand};
use server::config::Settings;
use server::state::AppState;
use server::web::static_files::IndexPage;
use server::{auth, db, seed};
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "ioc",
    version,
    about = "Intelligent Operations Center: dashboards, maps and open data for a province"
)]
struct Cli {
    /// Database URL: an SQLite file (default) or postgres://user:pass@host/db.
    #[arg(long = "database", env = "IOC_DATABASE_URL", default_value = db::DEFAULT_URL, global = true)]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations run first).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed {
        /// Load the demo province (Bà Rịa–Vũng Tàu, 2021–2024) if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Add this many synthetic citizen reports (for benchmarks; marked source "synthetic").
        #[arg(long, value_name = "N")]
        synthetic_reports: Option<u32>,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage API keys for department systems.
    #[command(subcommand)]
    Apikey(ApiKeyCmd),
    /// Print the app's pages from the client's module table, as JSON (the end-to-end
    /// tests open each of them).
    Routes,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "IOC_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Trunk's output folder (index.html and assets).
    #[arg(long, env = "IOC_STATIC_DIR", default_value = "dist")]
    static_dir: PathBuf,
    /// Load the demo data and demo users when the database is empty.
    #[arg(long, env = "IOC_DEMO")]
    demo: bool,
    /// Minutes a sign-in lasts.
    #[arg(long, env = "IOC_SESSION_TTL_MINUTES", default_value_t = 480, value_parser = clap::value_parser!(u64).range(1..=43_200))]
    session_ttl_minutes: u64,
    /// Mark session cookies Secure (set when users reach the server over HTTPS).
    #[arg(long, env = "IOC_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Map tile URL template, e.g. https://tiles.example.vn/{z}/{x}/{y}.png. Without it
    /// maps show the boundaries only.
    #[arg(long, env = "IOC_TILE_URL")]
    tile_url: Option<String>,
    /// Attribution shown for the tiles.
    #[arg(long, env = "IOC_TILE_ATTRIBUTION")]
    tile_attribution: Option<String>,
    /// Behind a reverse proxy: take the client's address from X-Forwarded-For.
    #[arg(long, env = "IOC_TRUST_PROXY")]
    trust_proxy: bool,
    /// The URL the public reaches this server at, for links in open-data metadata
    /// (e.g. https://ioc.example.gov.vn); default: each request's Host.
    #[arg(long, env = "IOC_PUBLIC_URL")]
    public_url: Option<String>,
    /// Requests per minute one client may make to the open-data APIs (0: no limit).
    #[arg(long, env = "IOC_API_PER_MINUTE", default_value_t = 600)]
    api_per_minute: u32,
    /// Public writes (citizen reports, ratings) one client may send per minute (0: no
    /// limit); how many reports an address may file per hour is --reports-per-hour.
    #[arg(long, env = "IOC_WRITES_PER_MINUTE", default_value_t = 30)]
    writes_per_minute: u32,
    /// Photo uploads one client may send per minute (0: no limit).
    #[arg(long, env = "IOC_UPLOADS_PER_MINUTE", default_value_t = 60)]
    uploads_per_minute: u32,
    /// Host names (host[:port], comma-separated) this server may be reached at; an absolute
    /// link takes the request's Host only when it is one of them. Default: the listening
    /// address and its localhost names. --public-url, when set, is used instead.
    #[arg(long, env = "IOC_ALLOWED_HOSTS", value_delimiter = ',')]
    allowed_hosts: Vec<String>,
    /// Seconds requests in flight get to finish after SIGTERM or Ctrl-C.
    #[arg(long, env = "IOC_SHUTDOWN_GRACE_SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=600))]
    shutdown_grace_seconds: u64,
    /// Seconds a client may take to send a request's headers.
    #[arg(long, env = "IOC_HEADER_TIMEOUT_SECONDS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=600))]
    header_timeout_seconds: u64,
}

#[derive(Subcommand)]
enum UserCmd {
    /// Add a user. The password is asked for, or read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// official, steward or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long, default_value = "")]
        name: String,
        /// Department code (stewards manage their department's data).
        #[arg(long)]
        department: Option<String>,
    },
}

#[derive(Subcommand)]
enum ApiKeyCmd {
    /// Create a key; it is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        name: String,
        /// Comma-separated scopes, e.g. ingest,read.
        #[arg(long)]
        scope: String,
        /// The department whose data the key may touch.
        #[arg(long)]
        department: Option<String>,
    },
    /// Revoke a key by its name or prefix.
    Revoke {
        /// Name or prefix of the key.
        key: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    match Role::parse(s) {
        Some(Role::Public) | None => Err(format!(
            "'{s}' is not a role: use official, steward or admin"
        )),
        Some(r) => Ok(r),
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("IOC_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("IOC_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() {
    // Each module adds its own group of flags to `ioc serve`.
    let mut command = <Cli as clap::CommandFactory>::command();
    for m in server::modules::all() {
        command = command.mut_subcommand("serve", |serve| m.args(serve));
    }
    let matches = command.get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let serve_matches = matches
        .subcommand_matches("serve")
        .cloned()
        .unwrap_or_default();
    init_tracing();
    if let Err(e) = run(cli, serve_matches).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli, serve_matches: clap::ArgMatches) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database, args, serve_matches).await,
        Command::Routes => {
            let pages: Vec<serde_json::Value> = app::modules::entries()
                .map(|m| {
                    serde_json::json!({
                        "slug": m.slug(),
                        "path": m.path(),
                        "role": m.role().as_str(),
                        "menu": format!("{:?}", m.menu).to_lowercase(),
                        "built": m.built(),
                        "params": m.pages.iter().filter_map(|p| p.param).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(pages));
            Ok(())
        }
        Command::Migrate => {
            open(&cli.database).await?;
            println!("migrations applied to {}", db::redact(&cli.database));
            Ok(())
        }
        Command::Seed {
            demo,
            synthetic_reports,
        } => {
            if !demo && synthetic_reports.is_none() {
                anyhow::bail!("nothing to seed: pass --demo to load the demo province");
            }
            let db = open(&cli.database).await?;
            if demo {
                db::exclusive(&db, &cli.database, run_seed(&db, true)).await?;
            }
            if let Some(n) = synthetic_reports {
                server::modules::feedback::demo::synthetic(&db, n)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{n} synthetic citizen reports added");
            }
            Ok(())
        }
        Command::User(UserCmd::Add {
            email,
            role,
            name,
            department,
        }) => {
            let db = open(&cli.database).await?;
            let password = read_password()?;
            let user = auth::create_user(
                &db,
                "cli",
                &email,
                &name,
                role,
                department.as_deref(),
                &password,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("user {} added with role {}", user.email, user.role);
            Ok(())
        }
        Command::Apikey(ApiKeyCmd::Create {
            name,
            scope,
            department,
        }) => {
            let scopes =
                auth::api_keys::parse_scopes(&scope).map_err(|e| anyhow::anyhow!("{e}"))?;
            let db = open(&cli.database).await?;
            let (model, key) =
                auth::api_keys::create(&db, "cli", &name, &scopes, department.as_deref())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!(
                "API key '{}' (prefix {}) created. It is shown only now; store it safely:",
                model.name, model.prefix
            );
            println!("{key}");
            Ok(())
        }
        Command::Apikey(ApiKeyCmd::Revoke { key }) => {
            let db = open(&cli.database).await?;
            let n = auth::api_keys::revoke(&db, "cli", &key)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{n} key(s) revoked");
            Ok(())
        }
    }
}

/// Connects and migrates, taking turns with any other copy starting on the same database.
async fn open(url: &str) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let db = db::connect(url).await?;
    db::exclusive(&db, url, db::migrate(&db)).await?;
    Ok(db)
}

async fn run_seed(db: &sea_orm::DatabaseConnection, verbose: bool) -> anyhow::Result<()> {
    let modules = server::modules::all();
    let steps = seed::PROVINCE_STEPS + modules.iter().filter(|m| m.has_demo_seed()).count() as u64;
    let bar = indicatif::ProgressBar::new(steps);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix("seeding demo data");
    let progress = |step: &str| {
        bar.inc(1);
        bar.set_message(step.to_string());
    };
    let started = std::time::Instant::now();
    let report = seed::seed_demo_with(db, &modules, &progress)
        .await
        .map_err(|e| anyhow::anyhow!("demo seed failed: {e}"))?;
    bar.finish_and_clear();
    if report.seeded {
        println!(
            "demo province loaded: {} departments, {} administrative units, {} places, {} monthly figures",
            report.departments, report.units, report.places, report.observations
        );
    }
    if !report.modules.is_empty() {
        println!(
            "demo data ready for {} ({:.1} s)",
            report.modules.join(", "),
            started.elapsed().as_secs_f64()
        );
    }
    if !report.seeded {
        if verbose {
            println!("the database already has data: demo province skipped");
        }
        return Ok(());
    }
    println!("demo accounts (demo only, change or remove them before real use):");
    for (email, password, role) in &report.users {
        println!("  {role:<9} {email:<24} {password}");
    }
    Ok(())
}

/// Reads a password: asked for without echo on a terminal, else one line of standard input.
fn read_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!(
            "password (at least {} characters): ",
            auth::MIN_PASSWORD_LEN
        ))
        .context("cannot read the password from the terminal")?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.is_empty() {
        anyhow::bail!("no password given");
    }
    Ok(password)
}

async fn serve(
    database: &str,
    args: ServeArgs,
    module_matches: clap::ArgMatches,
) -> anyhow::Result<()> {
    let db = open(database).await?;
    if args.demo {
        // A second copy started at once waits here and finds the demo loaded.
        db::exclusive(&db, database, run_seed(&db, false)).await?;
    }
    let index = if args.static_dir.join("index.html").exists() {
        Some(IndexPage::load(&args.static_dir)?)
    } else {
        tracing::warn!(dir = %args.static_dir.display(), "no index.html: serving the API only");
        None
    };
    let mut allowed_hosts: Vec<String> = args
        .allowed_hosts
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    if allowed_hosts.is_empty() {
        let port = args.addr.port();
        if !args.addr.ip().is_unspecified() {
            allowed_hosts.push(args.addr.to_string());
        }
        allowed_hosts.extend([format!("localhost:{port}"), format!("127.0.0.1:{port}")]);
        if args.public_url.as_deref().is_none_or(str::is_empty) && !args.addr.ip().is_loopback() {
            tracing::warn!(
                "no --public-url or --allowed-hosts: links in open-data and Open311 answers \
                 will name {}; set one of them to the address the public uses",
                allowed_hosts[0]
            );
        }
    }
    let mut settings = Settings {
        static_dir: index.as_ref().map(|_| args.static_dir.clone()),
        session_ttl: Duration::from_secs(args.session_ttl_minutes * 60),
        secure_cookies: args.secure_cookies,
        tile_url: args.tile_url.filter(|u| !u.is_empty()),
        tile_attribution: args.tile_attribution,
        trust_proxy: args.trust_proxy,
        public_url: args.public_url.filter(|u| !u.is_empty()),
        allowed_hosts,
        demo: args.demo,
        limits: server::web::limits::Quotas {
            public_read: server::web::limits::per_minute(args.api_per_minute),
            public_write: server::web::limits::per_minute(args.writes_per_minute),
            upload: server::web::limits::per_minute(args.uploads_per_minute),
            ..Default::default()
        },
        ..Settings::default()
    };
    for m in server::modules::all() {
        m.configure(&module_matches, &mut settings)?;
    }
    let state = AppState::new(db, settings, index).with_writer(db::connect_writer(database).await?);
    // Known before the first request: a database that cannot be written is reported by
    // /healthz from the start.
    let instance = format!("{}:{}", server::config::host_name(), args.addr.port());
    if !db::health::probe_write(&state.db, &instance).await {
        state.health.set_writable(false);
    }
    tokio::spawn(db::health::watch(
        state.db.clone(),
        database.to_string(),
        state.health.clone(),
        instance,
    ));
    let workers = server::module::start_workers(
        state
            .modules
            .iter()
            .flat_map(|m| m.workers(&state))
            .collect(),
    );
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    // With port 0 the system picks a free port: say which (tests and scripts read it).
    let addr = listener.local_addr().unwrap_or(args.addr);
    tracing::info!(%addr, database = %db::redact(database), "ioc is serving");
    println!("ioc is serving at http://{addr}");
    server::web::serve::run(
        listener,
        server::router(state),
        shutdown_signal(),
        server::web::serve::ServeOptions {
            header_read_timeout: Duration::from_secs(args.header_timeout_seconds),
            grace: Duration::from_secs(args.shutdown_grace_seconds),
        },
    )
    .await;
    workers.stop().await;
    tracing::info!("ioc stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight (within the grace period)");
}
