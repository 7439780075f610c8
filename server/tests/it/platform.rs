//! The platform every module stands on: the module contract, the shared alert feed, the
//! shared protections.

use super::common;

use common::{Engine, TestServer};

/// Sixty newer warnings and one older critical alert: the feed of fifty shows the
/// critical one first.
async fn the_feed_orders_by_severity_before_it_limits(srv: &TestServer) {
    use app::model::Severity;
    let raise = |subject: String, severity: Severity, at: chrono::DateTime<chrono::Utc>| {
        let db = srv.db.clone();
        async move {
            server::alerts::raise(
                &db,
                server::alerts::Raise {
                    module: "environment",
                    kind: "aqi",
                    subject: &subject,
                    subject_name: &subject,
                    department: Some("STNMT"),
                    severity,
                    title_vi: format!("Cảnh báo {subject}"),
                    title_en: format!("Alert {subject}"),
                    value: "VN_AQI 160".into(),
                    observed_at: at,
                },
            )
            .await
            .unwrap();
        }
    };
    let start = chrono::Utc::now() - chrono::Duration::hours(3);
    raise("OLD-CRIT".into(), Severity::Critical, start).await;
    for i in 0..60 {
        raise(
            format!("W-{i:02}"),
            Severity::Warning,
            start + chrono::Duration::minutes(i + 1),
        )
        .await;
    }
    let feed = server::alerts::list(
        &srv.db,
        &app::model::AlertQuery {
            // The demo's own alerts (module 4's dengue season) stay out of the count.
            module: Some("environment".into()),
            include_cleared: false,
            limit: Some(50),
        },
    )
    .await
    .unwrap();
    assert_eq!(feed.len(), 50);
    assert_eq!(feed[0].subject, "OLD-CRIT", "{:?}", feed[0]);
    assert_eq!(feed[0].severity, Severity::Critical);
    // The warnings that follow are the newest ones.
    assert!(feed[1..].iter().all(|a| a.severity == Severity::Warning));
}
both_engines!(the_feed_orders_by_severity_before_it_limits);

/// A module made only from the contract, as a new module would be: its routes, one
/// server function, its OpenAPI path, a demo seed (that can be told to fail half-way) and
/// a worker (that panics, to be restarted).
mod probe {
    use app::error::{AppError, AppResult};
    use server::module::{OpenApiPart, ServerModule, Worker};
    use server::state::AppState;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    #[derive(Default)]
    pub struct Probe {
        pub fail_seed: AtomicBool,
        pub worker_runs: Arc<AtomicUsize>,
    }

    /// What the module's server function reads from its context.
    #[derive(Clone)]
    struct Greeting(String);

    #[leptos::server(prefix = "/api", endpoint = "probe/hello")]
    pub async fn probe_hello(name: String) -> Result<String, AppError> {
        let Greeting(g) = leptos::prelude::use_context::<Greeting>().ok_or(AppError::Internal)?;
        Ok(format!("{g}, {name}"))
    }

    async fn rest() -> axum::Json<serde_json::Value> {
        axum::Json(serde_json::json!({"probe": true}))
    }

    #[async_trait::async_trait]
    impl ServerModule for Probe {
        fn name(&self) -> &'static str {
            "probe"
        }

        fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
            axum::Router::new().route("/api/v1/probe", axum::routing::get(rest))
        }

        fn register_server_fns(&self) {
            leptos::server_fn::axum::register_explicit::<ProbeHello>();
        }

        fn provide(&self, _state: &AppState) {
            leptos::prelude::provide_context(Greeting("Xin chào".into()));
        }

        fn has_demo_seed(&self) -> bool {
            true
        }

        async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> AppResult<()> {
            server::audit::record(txn, "seed", "probe.seeded", "probe", serde_json::json!({}))
                .await
                .map_err(|_| AppError::Internal)?;
            if self.fail_seed.load(Ordering::SeqCst) {
                return Err(AppError::Internal);
            }
            Ok(())
        }

        fn openapi(&self) -> OpenApiPart {
            OpenApiPart {
                tags: vec![serde_json::json!({"name": "Probe"})],
                paths: vec![(
                    "/api/v1/probe".into(),
                    serde_json::json!({"get": {"tags": ["Probe"], "operationId": "probe", "responses": {"200": {"description": "ok"}}}}),
                )],
            }
        }

        fn workers(&self, _state: &AppState) -> Vec<Worker> {
            let runs = self.worker_runs.clone();
            vec![Worker::new("probe.flaky", move || {
                let runs = runs.clone();
                async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    panic!("the probe worker fails, on purpose");
                }
            })]
        }
    }
}

async fn probe_seeds(srv: &TestServer, modules: &[Arc<dyn ServerModule>]) -> (usize, usize) {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    server::seed::seed_demo_with(&srv.db, modules, &|_| {})
        .await
        .ok();
    let audit = server::db::entity::audit_log::Entity::find()
        .filter(server::db::entity::audit_log::Column::Action.eq("probe.seeded"))
        .count(&srv.db)
        .await
        .unwrap() as usize;
    let marker = sea_orm::ConnectionTrait::query_all_raw(
        &srv.db,
        sea_orm::Statement::from_string(
            sea_orm::ConnectionTrait::get_database_backend(&srv.db),
            "SELECT module FROM demo_seed WHERE module = 'probe'",
        ),
    )
    .await
    .unwrap()
    .len();
    (audit, marker)
}

use server::module::ServerModule;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// A module added with no central file touched: its REST route, server function and
/// OpenAPI path are served, its seed is all-or-nothing and runs once, its worker is
/// restarted after a panic.
async fn a_module_from_the_contract_alone(srv: &TestServer) {
    let probe = Arc::new(probe::Probe::default());
    let mut modules = server::modules::all();
    modules.push(probe.clone());

    // Seeding: a failing step leaves nothing; a rerun completes; another changes nothing.
    probe.fail_seed.store(true, Ordering::SeqCst);
    assert_eq!(
        probe_seeds(srv, &modules).await,
        (0, 0),
        "nothing half-seeded"
    );
    probe.fail_seed.store(false, Ordering::SeqCst);
    assert_eq!(
        probe_seeds(srv, &modules).await,
        (1, 1),
        "the rerun completes it"
    );
    assert_eq!(
        probe_seeds(srv, &modules).await,
        (1, 1),
        "a second run changes nothing"
    );

    // Routes, server function and OpenAPI, on a server running the extra module.
    let state =
        server::state::AppState::new(srv.db.clone(), server::config::Settings::default(), None)
            .with_modules(modules.clone());
    let base = common::serve(state).await;
    let c = reqwest::Client::new();
    let rest: serde_json::Value = c
        .get(format!("{base}/api/v1/probe"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rest["probe"], true);
    let hello = c
        .post(format!("{base}/api/probe/hello"))
        .form(&[("name", "Vũng Tàu")])
        .send()
        .await
        .unwrap();
    assert_eq!(hello.status().as_u16(), 200);
    assert_eq!(hello.json::<String>().await.unwrap(), "Xin chào, Vũng Tàu");
    let doc: serde_json::Value = c
        .get(format!("{base}/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["paths"]["/api/v1/probe"]["get"].is_object(),
        "{}",
        doc["paths"]
    );
    assert!(doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "Probe"));
    // The other modules are all still there.
    assert!(doc["paths"]["/api/v1/environment/stations"].is_object());

    // Its worker: started with the others, restarted (after a pause) when it panics.
    let state = server::state::AppState::new(srv.db.clone(), Default::default(), None)
        .with_modules(vec![probe.clone() as Arc<dyn ServerModule>]);
    let workers = server::module::start_workers(probe.workers(&state));
    common::wait_until(
        std::time::Duration::from_secs(10),
        "the panicked worker to be started again",
        || async { probe.worker_runs.load(Ordering::SeqCst) >= 2 },
    )
    .await;
    workers.stop().await;
}
both_engines!(a_module_from_the_contract_alone);

/// One rate-limit layer, a quota per route group: past it a client gets 429 with
/// Retry-After; another client, or the same client in another group, is not affected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_route_group_has_its_quota_per_client() {
    use server::web::limits::{burst_then, Quotas};
    let one = || burst_then(1, std::time::Duration::from_secs(30));
    let settings = server::config::Settings {
        trust_proxy: true,
        limits: Quotas {
            sign_in: one(),
            public_read: one(),
            public_write: one(),
            upload: one(),
        },
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let c = reqwest::Client::new();
    let send = |method: &str, path: &str, client: &str| {
        let req = match method {
            "GET" => c.get(srv.url(path)),
            _ => c.post(srv.url(path)),
        };
        req.header("x-forwarded-for", client)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(match path {
                "/api/auth/login" => "email=a%40b.vn&password=wrong-password",
                "/api/feedback/rate" => "code=PA-NONE&satisfied=true",
                _ => "not an image",
            })
            .send()
    };
    let groups = [
        ("POST", "/api/auth/login"),
        ("GET", "/open311/v2/services.json"),
        ("POST", "/api/feedback/rate"),
        ("POST", "/api/v1/feedback/photos"),
    ];
    for (method, path) in groups {
        let first = send(method, path, "203.0.113.9").await.unwrap();
        assert_ne!(
            first.status().as_u16(),
            429,
            "{path}: the first is let through"
        );
        let second = send(method, path, "203.0.113.9").await.unwrap();
        assert_eq!(second.status().as_u16(), 429, "{path}");
        let wait: u64 = second.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=30).contains(&wait), "{path}: {wait}");
        let other = send(method, path, "198.51.100.4").await.unwrap();
        assert_ne!(
            other.status().as_u16(),
            429,
            "{path}: another client goes on"
        );
    }
    srv.finish().await;
}
