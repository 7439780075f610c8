//! The HTTP surface through the real router and a real database, on both engines.

use super::common;

use common::{Engine, TestServer};
use std::time::Duration;

const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");
const STEWARD: (&str, &str) = ("steward@demo.ioc.vn", "demo-steward-2024");
const ADMIN: (&str, &str) = ("admin@demo.ioc.vn", "demo-admin-2024");

async fn health_and_metrics(srv: &TestServer) {
    let c = srv.browser();
    let res = c.get(srv.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");

    let _ = c.get(srv.url("/api/v1/departments")).send().await.unwrap();
    let metrics = c
        .get(srv.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            r#"ioc_http_requests_total{method="GET",route="/api/v1/departments",status="200"} 1"#
        ),
        "{metrics}"
    );
    assert!(metrics.contains("ioc_http_request_duration_seconds_bucket{route=\"/healthz\""));
    assert!(metrics.contains("ioc_db_pool_connections{state=\"open\"}"));
}
both_engines!(health_and_metrics);

async fn security_headers_everywhere(srv: &TestServer) {
    let c = srv.browser();
    for path in ["/", "/environment", "/api/v1/units", "/healthz", "/nope.js"] {
        let res = c.get(srv.url(path)).send().await.unwrap();
        let h = res.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("CSP on {path}"))
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        // Trunk's inline loader is allowed by its hash.
        let page = server::web::static_files::IndexPage::from_html(common::INDEX_HTML.to_string());
        assert!(
            csp.contains(&format!("'sha256-{}'", page.script_hashes[0])),
            "{csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    }
}
both_engines!(security_headers_everywhere);

async fn static_files_and_app_routes(srv: &TestServer) {
    let c = srv.browser();
    for path in app::app_paths() {
        let res = c.get(srv.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.text().await.unwrap().contains("<html"), "{path}");
    }
    let asset = c
        .get(srv.url("/frontend-0123456789abcdef.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        asset.headers()["content-encoding"],
        "br",
        "the precompressed file is sent"
    );

    assert_eq!(
        c.get(srv.url("/missing.js")).send().await.unwrap().status(),
        404
    );
    let api404 = c.get(srv.url("/api/v1/nothing-here")).send().await.unwrap();
    assert_eq!(api404.status(), 404);
    let body: serde_json::Value = api404.json().await.unwrap();
    assert_eq!(body["error"]["kind"], "not_found");
}
both_engines!(static_files_and_app_routes);

async fn public_reference_data(srv: &TestServer) {
    let c = srv.browser();
    let deps: Vec<serde_json::Value> = c
        .get(srv.url("/api/v1/departments"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(deps.len(), 14);
    assert!(deps
        .iter()
        .any(|d| d["code"] == "SDL" && d["name"] == "Sở Du lịch"));

    let units: Vec<serde_json::Value> = c
        .get(srv.url("/api/v1/units?level=district"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(units.len(), 8);
    let vt = units.iter().find(|u| u["code"] == "747").unwrap();
    assert_eq!(vt["name"], "Thành phố Vũng Tàu");
    assert_eq!(vt["valid_to"], "2025-01-01");

    let communes: Vec<serde_json::Value> = c
        .get(srv.url("/api/v1/units?level=commune&parent=747"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!communes.is_empty() && communes.iter().all(|u| u["parent_code"] == "747"));

    // After the 2025 merger the districts no longer exist: "as of" matters.
    let later: Vec<serde_json::Value> = c
        .get(srv.url("/api/v1/units?level=district&as_of=2025-08-01"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(later.is_empty());

    let geo = c
        .get(srv.url("/api/v1/units?level=district&geometry=true"))
        .send()
        .await
        .unwrap();
    assert_eq!(geo.headers()["content-type"], "application/geo+json");
    let fc: serde_json::Value = geo.json().await.unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["features"].as_array().unwrap().len(), 8);

    let bad = c
        .get(srv.url("/api/v1/units?level=village"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["error"]["detail"]["field"], "level");
    let bad_date = c
        .get(srv.url("/api/v1/units?as_of=31/12/2024"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_date.status(), 422);
}
both_engines!(public_reference_data);

async fn sign_in_and_out(srv: &TestServer) {
    let c = srv.browser();
    let (status, body) = srv
        .call(
            &c,
            "auth/login",
            &[("email", OFFICIAL.0), ("password", "wrong-password")],
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["kind"], "unauthorized");
    let (status, body) = srv
        .call(
            &c,
            "auth/login",
            &[("email", "nobody@demo.ioc.vn"), ("password", "whatever1")],
        )
        .await;
    assert_eq!(
        (status, body["kind"].as_str()),
        (401, Some("unauthorized")),
        "unknown emails look the same"
    );
    let (status, body) = srv
        .call(&c, "auth/login", &[("email", ""), ("password", "x")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"]["field"], "email");

    let (_, me) = srv.call(&c, "auth/me", &[]).await;
    assert!(me.is_null(), "nobody signed in yet: {me}");

    let res = c
        .post(srv.url("/api/auth/login"))
        .form(&[("email", OFFICIAL.0), ("password", OFFICIAL.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("ioc_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP in tests: no Secure flag"
    );

    let (status, me) = srv.call(&c, "auth/me", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], OFFICIAL.0);
    assert_eq!(me["role"], "official");

    let (status, _) = srv.call(&c, "auth/logout", &[]).await;
    assert_eq!(status, 200);
    let (_, me) = srv.call(&c, "auth/me", &[]).await;
    assert!(me.is_null(), "signed out: {me}");
    let (status, _) = srv.call(&c, "overview/summary", &[("year", "2024")]).await;
    assert_eq!(status, 401, "the old cookie no longer works");
}
both_engines!(sign_in_and_out);

async fn roles_are_checked_on_the_server(srv: &TestServer) {
    let anon = srv.browser();
    let (status, body) = srv
        .call(&anon, "overview/summary", &[("year", "2024")])
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["kind"], "unauthorized");
    assert_eq!(srv.call(&anon, "admin/users", &[]).await.0, 401);

    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    assert_eq!(
        srv.call(&official, "overview/summary", &[("year", "2024")])
            .await
            .0,
        200
    );
    for f in ["admin/users", "admin/api-keys", "admin/audit"] {
        let (status, body) = srv.call(&official, f, &[]).await;
        assert_eq!(status, 403, "{f}");
        assert_eq!(body["kind"], "forbidden");
    }

    let steward = srv.browser();
    assert_eq!(srv.login(&steward, STEWARD.0, STEWARD.1).await, 200);
    assert_eq!(srv.call(&steward, "admin/users", &[]).await.0, 403);

    let admin = srv.browser();
    assert_eq!(srv.login(&admin, ADMIN.0, ADMIN.1).await, 200);
    let (status, users) = srv.call(&admin, "admin/users", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(
        users.as_array().unwrap().len(),
        server::seed::DEMO_USERS.len()
    );
    let (_, audit) = srv.call(&admin, "admin/audit", &[]).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"user.create") && actions.contains(&"session.login"),
        "{actions:?}"
    );
    // No password hash ever leaves the server.
    assert!(!users.to_string().contains("argon2"));
}
both_engines!(roles_are_checked_on_the_server);

async fn overview_figures_and_filters(srv: &TestServer) {
    let c = srv.browser();
    srv.login(&c, OFFICIAL.0, OFFICIAL.1).await;
    let (status, d) = srv.call(&c, "overview/summary", &[("year", "2024")]).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["demo"], true);
    assert_eq!(d["districts"].as_array().unwrap().len(), 8);
    // The province's figures 2021–2024, and module 1's dossiers from 2024 to this year.
    let this_year = {
        use chrono::Datelike;
        (chrono::Utc::now() + chrono::Duration::hours(7)).year()
    };
    assert_eq!(
        d["years"],
        serde_json::json!((2021..=this_year.max(2024)).collect::<Vec<_>>())
    );
    let kpi = |d: &serde_json::Value, key: &str| {
        d["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["key"] == key)
            .unwrap()["value"]
            .as_f64()
            .unwrap()
    };
    // The province's published 2024 total, spread over districts and months.
    assert_eq!(kpi(&d, "visitors"), 16_120_000.0);
    let by_district: f64 = d["visitors_by_district"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_f64().unwrap())
        .sum();
    assert_eq!(by_district, 16_120_000.0);
    let by_month: f64 = d["visitors_by_month"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert_eq!(by_month, 16_120_000.0);
    let growth = d["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "visitors")
        .unwrap()["change_pct"]
        .as_f64()
        .unwrap();
    assert!(
        (growth - (16.12 / 14.11 - 1.0) * 100.0).abs() < 0.01,
        "{growth}"
    );
    assert_eq!(kpi(&d, "population"), 1_059_537.0);
    // From module 1's dossiers (two agencies of the demo run late); that it equals the
    // module's own count is `admin_services::every_page_counts_the_same_dossiers`.
    let on_time = kpi(&d, "on_time");
    assert!((85.0..=97.0).contains(&on_time), "{on_time}");

    let (_, con_dao) = srv
        .call(
            &c,
            "overview/summary",
            &[("year", "2024"), ("district", "755")],
        )
        .await;
    assert!(kpi(&con_dao, "visitors") < kpi(&d, "visitors") / 10.0);
    assert_eq!(kpi(&con_dao, "population"), 5_450.0);
    let (_, feb) = srv
        .call(
            &c,
            "overview/summary",
            &[("year", "2024"), ("district", "755"), ("month", "2")],
        )
        .await;
    assert!(kpi(&feb, "visitors") < kpi(&con_dao, "visitors"));

    let (status, err) = srv
        .call(&c, "overview/summary", &[("year", "2024"), ("month", "13")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(err["detail"]["field"], "month");
    let (status, err) = srv
        .call(
            &c,
            "overview/summary",
            &[("year", "2024"), ("district", "999")],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(err["detail"]["field"], "district");
    let (status, _) = srv
        .call(&c, "overview/summary", &[("year", "twenty")])
        .await;
    assert_eq!(
        status, 422,
        "arguments that do not parse are the caller's error"
    );
}
both_engines!(overview_figures_and_filters);

async fn map_base_is_public(srv: &TestServer) {
    let c = srv.browser();
    let (status, base) = srv.call(&c, "map/base", &[]).await;
    assert_eq!(status, 200);
    let fc: serde_json::Value =
        serde_json::from_str(base["districts_geojson"].as_str().unwrap()).unwrap();
    assert_eq!(fc["features"].as_array().unwrap().len(), 8);
    assert!(base["attribution"]
        .as_str()
        .unwrap()
        .contains("CC BY-SA 4.0"));
    assert!(base["places"].as_array().unwrap().len() >= 30);
    assert!(base["tile_url"].is_null(), "no tiles unless configured");
}
both_engines!(map_base_is_public);

async fn api_keys_for_machines(srv: &TestServer) {
    let c = srv.browser();
    let (model, key) = server::auth::api_keys::create(
        &srv.db,
        "test",
        "tourism system",
        &["ingest".into()],
        Some("SDL"),
    )
    .await
    .unwrap();
    let who: serde_json::Value = c
        .get(srv.url("/api/v1/whoami"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(who["name"], "tourism system");
    assert_eq!(who["department"], "SDL");
    assert_eq!(who["scopes"], serde_json::json!(["ingest"]));

    let none = c.get(srv.url("/api/v1/whoami")).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert!(none.headers().contains_key("www-authenticate"));
    let forged = format!("ioc_{}_{}", model.prefix, "A".repeat(43));
    assert_eq!(
        c.get(srv.url("/api/v1/whoami"))
            .bearer_auth(forged)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        c.get(srv.url("/api/v1/whoami"))
            .bearer_auth("garbage")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    server::auth::api_keys::revoke(&srv.db, "test", &model.prefix)
        .await
        .unwrap();
    assert_eq!(
        c.get(srv.url("/api/v1/whoami"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let err = server::auth::api_keys::create(&srv.db, "test", "x", &["read".into()], Some("NOPE"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        app::error::AppError::invalid(
            "department",
            app::tr!(
                "không có đơn vị nào có mã 'NOPE'",
                "no department with code 'NOPE'"
            )
        )
    );
}
both_engines!(api_keys_for_machines);

async fn seeding_twice_changes_nothing(srv: &TestServer) {
    use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Statement};
    use server::db::entity::{dataset, dataset_record, indicator, metric_observation};
    let counts = || async {
        (
            metric_observation::Entity::find()
                .count(&srv.db)
                .await
                .unwrap(),
            dataset::Entity::find().count(&srv.db).await.unwrap(),
            dataset_record::Entity::find().count(&srv.db).await.unwrap(),
            indicator::Entity::find().count(&srv.db).await.unwrap(),
        )
    };
    let before = counts().await;
    assert!(
        before.1 >= 6 && before.3 >= 8,
        "the template has the demo: {before:?}"
    );
    let modules = common::template_modules();
    let report = server::seed::seed_demo_with(&srv.db, &modules, &|_| {})
        .await
        .unwrap();
    assert!(!report.seeded);
    assert!(report.modules.is_empty(), "{:?}", report.modules);
    assert_eq!(counts().await, before);
    // A database seeded before the datasets and indicators had demo seeds of their own
    // has their data but no mark: the next run marks them and adds nothing.
    srv.db
        .execute_raw(Statement::from_string(
            srv.db.get_database_backend(),
            "DELETE FROM demo_seed WHERE module IN ('datasets', 'indicators')",
        ))
        .await
        .unwrap();
    let report = server::seed::seed_demo_with(&srv.db, &modules, &|_| {})
        .await
        .unwrap();
    assert_eq!(report.modules, ["datasets", "indicators"]);
    assert_eq!(counts().await, before);
    // Migrations are idempotent too.
    server::db::migrate(&srv.db).await.unwrap();
}
both_engines!(seeding_twice_changes_nothing);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire() {
    let settings = server::config::Settings {
        session_ttl: Duration::from_secs(1),
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let c = srv.browser();
    assert_eq!(srv.login(&c, OFFICIAL.0, OFFICIAL.1).await, 200);
    assert_eq!(
        srv.call(&c, "overview/summary", &[("year", "2024")])
            .await
            .0,
        200
    );
    // The session ends after its second, whenever the next request comes.
    common::wait_until(Duration::from_secs(10), "the session to expire", || async {
        srv.call(&c, "overview/summary", &[("year", "2024")])
            .await
            .0
            == 401
    })
    .await;
    assert!(srv.call(&c, "auth/me", &[]).await.1.is_null());
    srv.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_cookies_behind_tls() {
    let settings = server::config::Settings {
        secure_cookies: true,
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let res = srv
        .browser()
        .post(srv.url("/api/auth/login"))
        .form(&[("email", OFFICIAL.0), ("password", OFFICIAL.1)])
        .send()
        .await
        .unwrap();
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("; Secure"));
    srv.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_is_registered() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let c = srv.browser();
    srv.login(&c, ADMIN.0, ADMIN.1).await;
    for f in [
        "auth/me",
        "map/base",
        "overview/summary",
        "admin/users",
        "admin/api-keys",
        "admin/audit",
        "auth/logout",
    ] {
        let (status, body) = srv.call(&c, f, &[("year", "2024")]).await;
        assert!(
            !body
                .to_string()
                .contains("Could not find a server function"),
            "{f}: {body}"
        );
        assert_ne!(status, 404, "{f}");
        assert_ne!(status, 500, "{f}: {body}");
    }
    srv.finish().await;
}

/// `/admin`'s forms: users and keys added by an administrator (with the CLI's rules), a key
/// shown once and revoked, and the audit log filtered.
async fn administrators_add_users_and_keys(srv: &TestServer) {
    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    let user = serde_json::json!({ "user": {
        "email": "new.official@demo.ioc.vn", "display_name": "Cán bộ mới",
        "role": "official", "department": null, "password": "a-good-long-password" } });
    assert_eq!(
        srv.call_json(&official, "admin/user-add", user.clone())
            .await
            .0,
        403
    );
    let key = serde_json::json!({ "key": { "name": "sdl-one-stop", "scopes": ["ingest"], "department": "SDL" } });
    assert_eq!(
        srv.call_json(&official, "admin/api-key-add", key.clone())
            .await
            .0,
        403
    );

    let admin = srv.browser();
    assert_eq!(srv.login(&admin, ADMIN.0, ADMIN.1).await, 200);
    // Bad input names its field and adds nothing.
    let mut bad = user.clone();
    bad["user"]["password"] = "short".into();
    let (s, b) = srv.call_json(&admin, "admin/user-add", bad).await;
    assert_eq!(
        (s, b["detail"]["field"].as_str()),
        (422, Some("password")),
        "{b}"
    );
    let mut bad = user.clone();
    bad["user"]["role"] = "steward".into();
    let (s, b) = srv.call_json(&admin, "admin/user-add", bad).await;
    assert_eq!(
        (s, b["detail"]["field"].as_str()),
        (422, Some("department")),
        "{b}"
    );
    let (s, b) = srv.call_json(&admin, "admin/user-add", user.clone()).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["email"], "new.official@demo.ioc.vn");
    let (s, b) = srv.call_json(&admin, "admin/user-add", user).await;
    assert_eq!(
        (s, b["detail"]["field"].as_str()),
        (422, Some("email")),
        "{b}"
    );
    let newcomer = srv.browser();
    assert_eq!(
        srv.login(
            &newcomer,
            "new.official@demo.ioc.vn",
            "a-good-long-password"
        )
        .await,
        200
    );

    let mut bad = key.clone();
    bad["key"]["scopes"] = serde_json::json!(["everything"]);
    let (s, b) = srv.call_json(&admin, "admin/api-key-add", bad).await;
    assert_eq!(
        (s, b["detail"]["field"].as_str()),
        (422, Some("scope")),
        "{b}"
    );
    let (s, issued) = srv.call_json(&admin, "admin/api-key-add", key).await;
    assert_eq!(s, 200, "{issued}");
    let secret = issued["key"].as_str().unwrap().to_string();
    let prefix = issued["row"]["prefix"].as_str().unwrap().to_string();
    assert!(secret.starts_with(&format!("ioc_{prefix}_")));
    // The list never shows the secret again.
    let (_, keys) = srv.call(&admin, "admin/api-keys", &[]).await;
    assert!(!keys.to_string().contains(&secret));
    // The key works for its department, then not once revoked.
    let c = srv.browser();
    let define = |c: &reqwest::Client| {
        c.post(srv.url("/api/v1/datasets"))
            .bearer_auth(&secret)
            .json(&serde_json::json!({
                "code": "admin-key-test", "title": "Thử khoá", "frequency": "monthly",
                "fields": [{"name": "month", "type": "period", "required": true}], "key": ["month"] }))
            .send()
    };
    assert_eq!(define(&c).await.unwrap().status(), 201);
    let (s, b) = srv
        .call(&admin, "admin/api-key-revoke", &[("prefix", &prefix)])
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(define(&c).await.unwrap().status(), 401);
    let (s, _) = srv
        .call(&admin, "admin/api-key-revoke", &[("prefix", "00000000")])
        .await;
    assert_eq!(s, 404);

    // The audit log, filtered by action and by day.
    let search = |filter: serde_json::Value| {
        srv.call_json(
            &admin,
            "admin/audit-search",
            serde_json::json!({ "filter": filter }),
        )
    };
    let (s, page) = search(serde_json::json!({ "action": "apikey." })).await;
    assert_eq!(s, 200, "{page}");
    let rows = page["rows"].as_array().unwrap();
    assert!(rows.len() >= 2);
    assert!(rows
        .iter()
        .all(|r| r["action"].as_str().unwrap().starts_with("apikey.")));
    assert!(rows
        .iter()
        .any(|r| r["action"] == "apikey.revoke" && r["actor"] == ADMIN.0));
    assert!(page["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "user.create"));
    let (_, page) =
        search(serde_json::json!({ "action": "user.create", "target": "new.official" })).await;
    assert_eq!(page["rows"].as_array().unwrap().len(), 1, "{page}");
    let (_, page) = search(serde_json::json!({ "from": "2000-01-01", "to": "2000-12-31" })).await;
    assert_eq!(page["rows"].as_array().unwrap().len(), 0);
    let (s, b) = search(serde_json::json!({ "from": "01/02/2024" })).await;
    assert_eq!(
        (s, b["detail"]["field"].as_str()),
        (422, Some("from")),
        "{b}"
    );
    let (s, b) = search(serde_json::json!({ "from": "2024-03-02", "to": "2024-03-01" })).await;
    assert_eq!((s, b["detail"]["field"].as_str()), (422, Some("to")), "{b}");
}
both_engines!(administrators_add_users_and_keys);
