//! The findings of the outside reviews, each reproduced as the reviewers did and now
//! refused or harmless: key scopes on reads, filtered reads in the database, limits under
//! parallel requests, the Open311 XML, sign-in throttling, alert acknowledgement by
//! department, absolute links, lengths, caches, two copies on one database, idempotency.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};
use server::config::Settings;

async fn key_with(srv: &TestServer, name: &str, scopes: &[&str], dept: Option<&str>) -> String {
    let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    server::auth::api_keys::create(&srv.db, "test", name, &scopes, dept)
        .await
        .unwrap()
        .1
}

async fn get_with(
    c: &reqwest::Client,
    url: String,
    key: Option<&str>,
) -> (u16, http::HeaderMap, String) {
    let mut req = c.get(url);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap())
}

async fn department_of(srv: &TestServer, code: &str) -> String {
    server::modules::datasets::store::find(&srv.db, code)
        .await
        .unwrap()
        .department_code
}

/// Every kind of key against a private and a public dataset, on every read path.
async fn key_scopes_decide_what_a_key_reads(srv: &TestServer) {
    let c = reqwest::Client::new();
    let owner = department_of(srv, "documents-monthly").await;
    let other = if owner == "SDL" { "STNMT" } else { "SDL" };
    // (scopes, department, may read the private dataset)
    let table: [(&[&str], Option<&str>, bool); 7] = [
        (&["read"], Some(owner.as_str()), true),
        (&["read"], None, true),
        (&["ingest", "read"], Some(owner.as_str()), true),
        (&["read"], Some(other), false),
        (&["ingest"], Some(owner.as_str()), false),
        (&["ingest"], None, false),
        (&["open311"], None, false),
    ];
    for (i, (scopes, dept, allowed)) in table.iter().enumerate() {
        let key = key_with(srv, &format!("k{i}"), scopes, *dept).await;
        let case = format!("{scopes:?} {dept:?}");
        for path in [
            "/api/v1/datasets/documents-monthly",
            "/api/v1/datasets/documents-monthly/records",
            "/api/v1/datasets/documents-monthly/quality",
        ] {
            let (status, _, body) = get_with(&c, srv.url(path), Some(&key)).await;
            let expected = if *allowed { 200 } else { 403 };
            assert_eq!(status, expected, "{case} {path}: {body}");
        }
        let (_, _, list) = get_with(&c, srv.url("/api/v1/datasets"), Some(&key)).await;
        let listed: Value = serde_json::from_str(&list).unwrap();
        let codes: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(codes.contains(&"documents-monthly"), *allowed, "{case}");
        assert!(codes.contains(&"tourism-monthly"), "{case}");
        // Public data is public for every key.
        let (status, _, _) = get_with(
            &c,
            srv.url("/api/v1/datasets/tourism-monthly/records?limit=1"),
            Some(&key),
        )
        .await;
        assert_eq!(status, 200, "{case}");
        // The open-data paths publish public datasets only, whatever the key.
        for path in [
            "/api/3/action/package_show?id=documents-monthly",
            "/api/3/action/datastore_search?resource_id=documents-monthly",
            "/download/documents-monthly.csv",
            "/dataset/documents-monthly.ttl",
        ] {
            let (status, _, _) = get_with(&c, srv.url(path), Some(&key)).await;
            assert_eq!(status, 404, "{case} {path}");
        }
    }
    // Officials read it; the public is told it does not exist.
    let (status, _, _) = get_with(
        &c,
        srv.url("/api/v1/datasets/documents-monthly/records"),
        None,
    )
    .await;
    assert_eq!(status, 404);
}
both_engines!(key_scopes_decide_what_a_key_reads);

fn filter_def() -> Value {
    json!({"code": "filter-test", "title": "Bộ lọc", "frequency": "monthly", "public": true,
        "fields": [
            {"name": "district_code", "type": "unit", "required": true},
            {"name": "month", "type": "period", "required": true},
            {"name": "kind", "type": "text", "required": true},
            {"name": "n", "type": "integer", "required": true}],
        "key": ["district_code", "month"]})
}

/// Defines a dataset with a department's key; the definition must be accepted as new.
async fn define(srv: &TestServer, key: &str, def: &Value) {
    let res = reqwest::Client::new()
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(key)
        .json(def)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

/// Field filters run in the database with the page bounded; bad numbers are named.
async fn field_filters_run_in_the_database(srv: &TestServer) {
    let key = srv.ingest_key("sdl", "SDL").await;
    let c = reqwest::Client::new();
    define(srv, &key, &filter_def()).await;
    let districts = ["747", "748", "750", "751", "752"];
    let mut rows = Vec::new();
    for (d, code) in districts.iter().enumerate() {
        for m in 1..=10 {
            let n = d * 10 + m;
            rows.push(
                json!({"district_code": code, "month": format!("2024-{m:02}"),
                "kind": if n % 2 == 0 { "chẵn" } else { "lẻ" }, "n": n}),
            );
        }
    }
    let res = c
        .post(srv.url("/api/v1/datasets/filter-test/records"))
        .bearer_auth(&key)
        .json(&rows)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let read = |q: &str| {
        let c = c.clone();
        let url = srv.url(&format!("/api/v1/datasets/filter-test/records?{q}"));
        async move {
            let res = c.get(url).send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (s, body) = read("kind=ch%E1%BA%B5n&limit=10").await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["total"], 25);
    assert_eq!(body["records"].as_array().unwrap().len(), 10);
    assert!(body["records"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["kind"] == "chẵn" && r["n"].as_i64().unwrap() % 2 == 0));
    let (_, body) = read("kind=l%E1%BA%BB&limit=10&offset=20").await;
    assert_eq!(
        (
            body["total"].clone(),
            body["records"].as_array().unwrap().len()
        ),
        (json!(25), 5)
    );
    let (_, body) = read("n=17").await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["records"][0]["district_code"], "748");
    let (_, body) = read("unit=750&kind=l%E1%BA%BB").await;
    assert_eq!(body["total"], 5);
    let (_, body) = read("period=3/2024").await;
    assert_eq!(body["total"], 5);
    // A number that is no number, a field that is not there, an offset past i64.
    let (s, body) = read("n=abc").await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = read("colour=red").await;
    assert_eq!(
        (s, body["error"]["detail"]["field"].as_str()),
        (422, Some("colour"))
    );
    let (s, body) = read("offset=9223372036854775808").await;
    assert_eq!(
        (s, body["error"]["detail"]["field"].as_str()),
        (422, Some("offset"))
    );
    let (s, _) = read("offset=9223372036854775807").await;
    assert_eq!(s, 200);
}
both_engines!(field_filters_run_in_the_database);

fn pothole(n: usize) -> Value {
    json!({"service_code": "road", "description": format!("Ổ gà lớn số {n} trước chợ, xe máy dễ ngã"),
        "lat": 10.346, "lon": 107.084})
}

fn tiny_png() -> Vec<u8> {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(40, 30, image::Rgb([20, 120, 200]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// Sends `n` requests at once; their statuses in order.
async fn at_once(n: usize, request: impl Fn(usize) -> reqwest::RequestBuilder) -> Vec<u16> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let req = request(i);
            tokio::spawn(async move { req.send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::with_capacity(n);
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

/// Sixty reports and thirty photos at once from one address: exactly the allowance passes.
async fn limits_hold_against_parallel_requests(srv: &TestServer) {
    // The allowance of the server started by the macro is 10 an hour.
    let c = reqwest::Client::new();
    let statuses = at_once(60, |i| {
        c.post(srv.url("/api/feedback/file"))
            .json(&json!({"report": pothole(i)}))
    })
    .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        50,
        "{statuses:?}"
    );

    let statuses = at_once(45, |_| {
        c.post(srv.url("/api/v1/feedback/photos"))
            .header("content-type", "image/png")
            .body(tiny_png())
    })
    .await;
    // Three photos for each of the ten reports an hour.
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        30,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        15,
        "{statuses:?}"
    );
}
both_engines!(limits_hold_against_parallel_requests);

/// A report carrying every character XML 1.0 forbids leaves the public XML well-formed.
async fn open311_xml_stays_well_formed(srv: &TestServer) {
    let key = key_with(srv, "app", &["open311"], None).await;
    let c = reqwest::Client::new();
    let nasty = "Rác thải \u{FFFF}\u{FFFE}\u{1}\u{B}\u{1F} ở chợ <b>&</b> \u{10FFFF}";
    let res = c
        .post(srv.url("/open311/v2/requests.json"))
        .form(&[
            ("api_key", key.as_str()),
            ("service_code", "waste"),
            ("lat", "10.35"),
            ("long", "107.08"),
            ("description", nasty),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let (status, _, xml) = get_with(&c, srv.url("/open311/v2/requests.xml"), None).await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let text: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("description"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        text.contains("Rác thải  ở chợ <b>&</b> \u{10FFFF}"),
        "{text}"
    );
}
both_engines!(open311_xml_stays_well_formed);

/// Wrong passwords: an account stops after ten failures, an address after a burst of
/// attempts; other accounts and addresses go on, and a success clears an account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_throttled_per_account_and_address() {
    let srv = TestServer::start_with(
        Engine::Sqlite,
        Settings {
            trust_proxy: true,
            ..Settings::default()
        },
    )
    .await
    .unwrap();
    let c = reqwest::Client::new();
    let attempt = |from: &'static str, email: String, password: &'static str| {
        let (c, url) = (c.clone(), srv.url("/api/auth/login"));
        async move {
            let res = c
                .post(url)
                .header("x-forwarded-for", from)
                .form(&[("email", email.as_str()), ("password", password)])
                .send()
                .await
                .unwrap();
            let retry = res
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
            (res.status().as_u16(), retry)
        }
    };
    let official = || "official@demo.ioc.vn".to_string();
    for i in 0..10 {
        let (s, _) = attempt("198.51.100.1", official(), "wrong-password").await;
        assert_eq!(s, 401, "attempt {i}");
    }
    let (s, retry) = attempt("198.51.100.2", official(), "wrong-password").await;
    assert_eq!(s, 429);
    let wait: u64 = retry.unwrap().parse().unwrap();
    assert!((800..=900).contains(&wait), "{wait}");
    // Held across addresses, and even the right password waits: the guesses stop here.
    let (s, _) = attempt("198.51.100.4", official(), "demo-official-2024").await;
    assert_eq!(s, 429);
    // Another account is not held up by it.
    let (s, _) = attempt(
        "198.51.100.3",
        "admin@demo.ioc.vn".into(),
        "demo-admin-2024",
    )
    .await;
    assert_eq!(s, 200);
    // One address trying many accounts runs out too, while another address goes on.
    let mut last = 0;
    for i in 0..40 {
        last = attempt("198.51.100.9", format!("nobody{i}@demo.ioc.vn"), "x")
            .await
            .0;
    }
    assert_eq!(last, 429);
    let (s, _) = attempt("198.51.100.10", "nobody@demo.ioc.vn".into(), "x").await;
    assert_eq!(s, 401);
    // Failures are in the audit log.
    let rows = server::modules::admin::store::audit(&srv.db, &Default::default())
        .await
        .unwrap()
        .rows;
    assert!(
        rows.iter()
            .filter(|r| r.action == "session.login_failed" && r.target == "official@demo.ioc.vn")
            .count()
            >= 10
    );
    srv.finish().await;
}

/// Only the alert's department (and the province-wide roles) acknowledge it.
async fn alerts_are_acknowledged_by_their_department(srv: &TestServer) {
    use app::model::Severity;
    server::alerts::raise(
        &srv.db,
        server::alerts::Raise {
            module: "environment",
            kind: "aqi",
            subject: "T-X",
            subject_name: "Trạm thử",
            department: Some("STNMT"),
            severity: Severity::Warning,
            title_vi: "Chất lượng không khí kém".into(),
            title_en: "Poor air".into(),
            value: "VN_AQI 150".into(),
            observed_at: chrono::Utc::now(),
        },
    )
    .await
    .unwrap();
    let alerts = server::alerts::list(&srv.db, &app::model::AlertQuery::default())
        .await
        .unwrap();
    let id = alerts
        .iter()
        .find(|a| a.subject == "T-X")
        .unwrap()
        .id
        .to_string();
    for (email, dept) in [
        ("sdl.official@demo.ioc.vn", "SDL"),
        ("stnmt.official@demo.ioc.vn", "STNMT"),
    ] {
        server::auth::create_user(
            &srv.db,
            "test",
            email,
            "",
            app::model::Role::Official,
            Some(dept),
            "long-enough-1",
        )
        .await
        .unwrap();
    }
    let ack = |email: &'static str, password: &'static str| {
        let id = id.clone();
        async move {
            let c = srv.browser();
            assert_eq!(srv.login(&c, email, password).await, 200);
            srv.call(&c, "alerts/ack", &[("id", id.as_str())]).await.0
        }
    };
    assert_eq!(ack("steward@demo.ioc.vn", "demo-steward-2024").await, 403);
    assert_eq!(ack("sdl.official@demo.ioc.vn", "long-enough-1").await, 403);
    assert_eq!(
        ack("stnmt.official@demo.ioc.vn", "long-enough-1").await,
        200
    );
    assert_eq!(ack("official@demo.ioc.vn", "demo-official-2024").await, 200);
}
both_engines!(alerts_are_acknowledged_by_their_department);

/// Absolute links never take a Host header the server was not told about.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absolute_links_use_the_public_address() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let c = reqwest::Client::new();
    for path in [
        "/open311/v2/discovery.json",
        "/api/3/action/package_show?id=tourism-monthly",
        "/catalog.ttl",
    ] {
        let res = c
            .get(srv.url(path))
            .header("host", "evil.example/phish?x=")
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap();
        assert!(!body.contains("evil.example"), "{path}: {body}");
    }
    srv.finish().await;
    let srv = TestServer::start_with(
        Engine::Sqlite,
        Settings {
            public_url: Some("https://ioc.example.gov.vn/".into()),
            ..Settings::default()
        },
    )
    .await
    .unwrap();
    let (_, _, body) = get_with(&c, srv.url("/open311/v2/discovery.json"), None).await;
    assert!(
        body.contains("https://ioc.example.gov.vn/open311/v2"),
        "{body}"
    );
    srv.finish().await;
}

/// Texts a citizen or client sends are bounded, the field named; searches too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lengths_are_bounded_and_named() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let c = reqwest::Client::new();
    let mut r = pothole(1);
    r["address"] = json!("Đường ".repeat(1_000));
    let res = c
        .post(srv.url("/api/feedback/file"))
        .json(&json!({"report": r}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["detail"]["field"], "address", "{body}");
    let mut r = pothole(2);
    r["name"] = json!("A".repeat(5_000));
    let res = c
        .post(srv.url("/api/feedback/file"))
        .json(&json!({"report": r}))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["detail"]["field"], "name", "{body}");

    let key = key_with(&srv, "app", &["open311"], None).await;
    let long = "x".repeat(5_000);
    let res = c
        .post(srv.url("/open311/v2/requests.json"))
        .form(&[
            ("api_key", key.as_str()),
            ("service_code", "road"),
            ("address_string", long.as_str()),
            ("description", "Ổ gà lớn trước cổng trường"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("address"));

    // A search of 12 MB is refused by name, quickly; so is a 60,000-character word.
    let q = "du lịch ".repeat(1_500_000);
    let res = c
        .post(srv.url("/api/3/action/package_search"))
        .json(&json!({"q": q}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["q"].is_array(), "{body}");
    let res = c
        .post(srv.url("/api/3/action/datastore_search"))
        .json(&json!({"resource_id": "tourism-monthly", "q": "a".repeat(60_000)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    // The document states the limits.
    let (_, _, doc) = get_with(&c, srv.url("/api/openapi.json"), None).await;
    let doc: Value = serde_json::from_str(&doc).unwrap();
    let props = &doc["paths"]["/open311/v2/requests.{format}"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"]["schema"]["properties"];
    assert_eq!(props["address_string"]["maxLength"], 300, "{props}");
    assert_eq!(props["description"]["maxLength"], 4_000, "{props}");
    srv.finish().await;
}

/// Photos keep their own policy and are asked for again, not cached for a year; the map
/// of reports leaves out the ones turned away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_and_the_public_map() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let c = reqwest::Client::new();
    let up: Value = c
        .post(srv.url("/api/v1/feedback/photos"))
        .header("content-type", "image/png")
        .body(tiny_png())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = up["token"].as_str().unwrap().to_string();
    let mut r = pothole(3);
    r["photos"] = json!([token]);
    r["lat"] = json!(10.41234);
    r["lon"] = json!(107.13579);
    let filed: Value = c
        .post(srv.url("/api/feedback/file"))
        .json(&json!({"report": r}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = srv.url(&format!("/api/v1/feedback/photos/{token}.jpg"));
    let (status, headers, _) = get_with(&c, url.clone(), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; sandbox"
    );
    assert_eq!(headers["cache-control"], "no-cache");
    let etag = headers["etag"].to_str().unwrap().to_string();
    let res = c
        .get(url.clone())
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    let on_map = |stats: &Value| {
        stats["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0] == json!(10.41234) && p[1] == json!(107.13579))
    };
    let (_, stats) = srv.call(&c, "feedback/stats", &[]).await;
    assert!(on_map(&stats), "the new report is on the map");
    let admin = srv.browser();
    srv.login(&admin, "admin@demo.ioc.vn", "demo-admin-2024")
        .await;
    let res = admin
        .post(srv.url("/api/feedback/act"))
        .json(&json!({"id": filed["id"], "action": {"action": "reject", "reason": "Không thuộc thẩm quyền"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, stats) = srv.call(&c, "feedback/stats", &[]).await;
    assert!(!on_map(&stats), "a rejected report leaves the public map");
    let (status, _, _) = get_with(&c, url, None).await;
    assert_eq!(status, 404);
    srv.finish().await;
}

/// Smaller findings: undecodable arguments are the caller's error, personal answers are
/// not stored by caches, stewards belong to a department.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_findings() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let c = reqwest::Client::new();
    let res = c
        .post(srv.url("/api/feedback/file"))
        .header("content-type", "application/json")
        .body("{\"report\": 12}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "{}", res.text().await.unwrap());
    let res = c
        .post(srv.url("/api/feedback/inbox"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());

    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    let res = official.post(srv.url("/api/auth/me")).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = u64::MAX.to_string();
    let res = official
        .post(srv.url("/api/feedback/inbox"))
        .json(&json!({"filter": {"status": null, "service_code": null, "district": null, "overdue_only": false, "page": page.parse::<u64>().unwrap()}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "{}", res.text().await.unwrap());
    let key = key_with(&srv, "reader", &["read"], None).await;
    let (_, headers, _) =
        get_with(&c, srv.url("/api/v1/datasets/tourism-monthly"), Some(&key)).await;
    assert_eq!(headers["cache-control"], "no-store");
    let (_, headers, _) = get_with(&c, srv.url("/api/v1/datasets/tourism-monthly"), None).await;
    assert_ne!(
        headers.get("cache-control").map(|v| v.to_str().unwrap()),
        Some("no-store")
    );

    let err = server::auth::create_user(
        &srv.db,
        "test",
        "lonely@demo.ioc.vn",
        "",
        app::model::Role::Steward,
        None,
        "long-enough-1",
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, app::error::AppError::Invalid { ref field, .. } if field == "department"),
        "{err:?}"
    );
    srv.finish().await;
}

/// Two requests with one Idempotency-Key at once: one batch, the same answer twice.
async fn one_batch_per_idempotency_key(srv: &TestServer) {
    let key = srv.ingest_key("sdl", "SDL").await;
    let c = reqwest::Client::new();
    define(srv, &key, &filter_def()).await;
    for pair in 0..8 {
        let rows: Vec<Value> = (1..=12)
            .map(|m| json!({"district_code": "747", "month": format!("20{:02}-{m:02}", 10 + pair), "kind": "x", "n": m}))
            .collect();
        let send = || {
            let (c, url, key, rows) = (
                c.clone(),
                srv.url("/api/v1/datasets/filter-test/records"),
                key.clone(),
                rows.clone(),
            );
            tokio::spawn(async move {
                let res = c
                    .post(url)
                    .bearer_auth(key)
                    .header("idempotency-key", format!("pair-{pair}"))
                    .json(&rows)
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), res.json::<Value>().await.unwrap())
            })
        };
        let (a, b) = (send(), send());
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        assert_eq!((a.0, b.0), (200, 200), "{a:?} {b:?}");
        assert_eq!(a.1["batch_id"], b.1["batch_id"], "pair {pair}");
    }
    let batches: Value = c
        .get(srv.url("/api/v1/datasets/filter-test/batches"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(batches.as_array().unwrap().len(), 8);
    let ds: Value = c
        .get(srv.url("/api/v1/datasets/filter-test"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ds["record_count"], 96);
    // Each batch counted once in the quality, too.
    let q: Value = c
        .get(srv.url("/api/v1/datasets/filter-test/quality"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(q["correct"]["denominator"], 96, "{q}");
}
both_engines!(one_batch_per_idempotency_key);

/// Two copies of the server on one database, readings for the same station and rows for
/// the same dataset through both at once: no error, and rollups and counts equal to the
/// rows stored.
async fn two_copies_write_the_same_rows(srv: &TestServer) {
    use sea_orm::ConnectionTrait;
    let second = srv.another_copy(Settings::default()).await;
    let key = srv.ingest_key("stnmt", "STNMT").await;
    let c = reqwest::Client::new();
    let res = c
        .post(srv.url("/api/v1/environment/stations"))
        .bearer_auth(&key)
        .json(&json!({"code": "T-2C", "name": "Trạm hai bản", "kind": "air", "lat": 10.35, "lon": 107.08,
            "parameters": ["pm25", "pm10"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let mut two = filter_def();
    two["code"] = json!("two-copies");
    define(srv, &key, &two).await;
    let start = chrono::Utc::now().timestamp() / 3600 * 3600 - 48 * 3600;
    let mut tasks = Vec::new();
    for i in 0..24i64 {
        let base = if i % 2 == 0 {
            srv.base.clone()
        } else {
            second.clone()
        };
        let (c, key) = (c.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            // Readings of the same hours and days from both copies, different minutes.
            let readings: Vec<Value> = (0..48)
                .flat_map(|h| {
                    let t = start + h * 3600 + i * 60;
                    let time = chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339();
                    [
                        json!({"station_code": "T-2C", "parameter": "pm25", "time": time, "value": 20.0 + i as f64, "unit": "µg/m³"}),
                        json!({"station_code": "T-2C", "parameter": "pm10", "time": time, "value": 40.0 + h as f64, "unit": "µg/m³"}),
                    ]
                })
                .collect();
            let a = c
                .post(format!("{base}/api/v1/environment/readings"))
                .bearer_auth(&key)
                .json(&readings)
                .send()
                .await
                .unwrap();
            // Rows with overlapping keys: the same months through both copies.
            let rows: Vec<Value> = (1..=12)
                .map(|m| json!({"district_code": "747", "month": format!("2024-{m:02}"), "kind": "x", "n": i * 100 + m}))
                .chain((1..=12).map(|m| json!({"district_code": "748", "month": format!("20{:02}-{m:02}", 10 + i), "kind": "y", "n": m})))
                .collect();
            let b = c
                .post(format!("{base}/api/v1/datasets/two-copies/records"))
                .bearer_auth(&key)
                .json(&rows)
                .send()
                .await
                .unwrap();
            (a.status().as_u16(), b.status().as_u16(), a.text().await.unwrap())
        }));
    }
    for t in tasks {
        let (a, b, body) = t.await.unwrap();
        assert_eq!((a, b), (200, 200), "{body}");
    }
    let one = |sql: &'static str| async move {
        srv.db
            .query_one_raw(sea_orm::Statement::from_string(
                srv.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap()
    };
    let hourly_wrong = one(
        "SELECT COUNT(*) FROM env_hourly h JOIN env_station s ON s.id = h.station_id WHERE s.code = 'T-2C' \
         AND h.n <> (SELECT COUNT(*) FROM env_reading r WHERE r.station_id = h.station_id \
         AND r.parameter = h.parameter AND r.time >= h.hour AND r.time < h.hour + 3600 AND r.flag = 0)",
    )
    .await;
    assert_eq!(hourly_wrong, 0);
    let hours = one(
        "SELECT COUNT(*) FROM env_hourly h JOIN env_station s ON s.id = h.station_id WHERE s.code = 'T-2C'",
    )
    .await;
    assert_eq!(hours, 2 * 48);
    let daily_wrong = one(
        "SELECT COUNT(*) FROM env_daily d JOIN env_station s ON s.id = d.station_id WHERE s.code = 'T-2C' \
         AND d.n <> (SELECT COUNT(*) FROM env_hourly h WHERE h.station_id = d.station_id \
         AND h.parameter = d.parameter AND h.hour >= d.day AND h.hour < d.day + 86400)",
    )
    .await;
    assert_eq!(daily_wrong, 0);
    let stored = one(
        "SELECT COUNT(*) FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id WHERE d.code = 'two-copies'",
    )
    .await;
    let counted = one("SELECT record_count FROM dataset WHERE code = 'two-copies'").await;
    assert_eq!((stored, counted), (12 + 12 * 24, 12 + 12 * 24));
}
both_engines!(two_copies_write_the_same_rows);
