//! Citizen feedback through HTTP: a citizen files and follows a report; officials handle
//! it within their department; the public never sees personal data or internal notes.

mod common;

use common::{Engine, TestServer};
use serde_json::{json, Value};

const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");

async fn post_json(
    srv: &TestServer,
    c: &reqwest::Client,
    endpoint: &str,
    body: Value,
) -> (u16, Value) {
    let res = c
        .post(srv.url(&format!("/api/{endpoint}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn pothole() -> Value {
    json!({"service_code": "road", "description": "Ổ gà lớn trước số 12 Lê Lợi, xe máy dễ ngã",
        "lat": 10.346, "lon": 107.084, "name": "Nguyễn Văn A", "phone": "0909 123 456",
        "email": "a@example.vn"})
}

async fn act(srv: &TestServer, c: &reqwest::Client, id: i64, action: Value) -> (u16, Value) {
    post_json(srv, c, "feedback/act", json!({"id": id, "action": action})).await
}

async fn a_report_from_filing_to_rating(srv: &TestServer) {
    let citizen = srv.browser();
    let (status, services) = srv.call(&citizen, "feedback/services", &[]).await;
    assert_eq!(status, 200);
    assert!(services
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["code"] == "road" && s["department"] == "SGTVT"));

    let (status, filed) =
        post_json(srv, &citizen, "feedback/file", json!({"report": pothole()})).await;
    assert_eq!(status, 200, "{filed}");
    let code = filed["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("PA-") && code.len() == 17, "{code}");

    let (status, public) = srv
        .call(&citizen, "feedback/track", &[("code", &code)])
        .await;
    assert_eq!(status, 200);
    assert_eq!(public["status"], "received");
    assert_eq!(public["district"], "747", "the point lies in Vũng Tàu");
    assert_eq!(public["department_name"], "Sở Giao thông Vận tải");
    let text = public.to_string();
    for private in ["Nguyễn Văn A", "0909", "a@example.vn"] {
        assert!(!text.contains(private), "{private} leaked: {text}");
    }
    // Codes are exact: a near miss finds nothing.
    let mut wrong = code.clone();
    wrong.replace_range(16..17, if code.ends_with('A') { "B" } else { "A" });
    assert_eq!(
        srv.call(&citizen, "feedback/track", &[("code", &wrong)])
            .await
            .0,
        404
    );

    // Another department's official neither sees nor changes it.
    server::auth::create_user(
        &srv.db,
        "test",
        "yte@demo.ioc.vn",
        "Y tế",
        app::model::Role::Official,
        Some("SYT"),
        "a-long-password-1",
    )
    .await
    .unwrap();
    let health = srv.browser();
    assert_eq!(
        srv.login(&health, "yte@demo.ioc.vn", "a-long-password-1")
            .await,
        200
    );
    let (_, inbox) = post_json(
        srv,
        &health,
        "feedback/inbox",
        json!({"filter": {"page": 0, "overdue_only": false}}),
    )
    .await;
    let rows = inbox["rows"].as_array().unwrap();
    assert!(
        !rows.iter().any(|r| r["code"] == code.as_str()),
        "not in another department's inbox"
    );
    assert!(rows.iter().all(|r| r["department"] == "SYT"), "{inbox}");

    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    let (status, inbox) = post_json(
        srv,
        &official,
        "feedback/inbox",
        json!({"filter": {"status": "received", "page": 0, "overdue_only": false}}),
    )
    .await;
    assert_eq!(status, 200, "{inbox}");
    let row = inbox["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code.as_str())
        .unwrap()
        .clone();
    let id = row["id"].as_i64().unwrap();
    assert_eq!(
        act(srv, &health, id, json!({"action": "accept"})).await.0,
        403
    );

    // The workflow, with the checks that guard it.
    assert_eq!(
        act(
            srv,
            &official,
            id,
            json!({"action": "resolve", "answer": "x"})
        )
        .await
        .0,
        422,
        "not before it is assigned"
    );
    assert_eq!(
        act(srv, &official, id, json!({"action": "accept"})).await.0,
        200
    );
    let (status, body) = act(
        srv,
        &official,
        id,
        json!({"action": "assign", "department": "NOPE"}),
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].clone()),
        (422, json!("department"))
    );
    assert_eq!(
        act(
            srv,
            &official,
            id,
            json!({"action": "assign", "department": "SGTVT"})
        )
        .await
        .0,
        200
    );
    assert_eq!(
        act(srv, &official, id, json!({"action": "start"})).await.0,
        200
    );
    assert_eq!(
        act(
            srv,
            &official,
            id,
            json!({"action": "note", "text": "Nội bộ: chờ nhà thầu"})
        )
        .await
        .0,
        200
    );
    let (status, body) = act(
        srv,
        &official,
        id,
        json!({"action": "resolve", "answer": " "}),
    )
    .await;
    assert_eq!(
        (status, body["detail"]["field"].clone()),
        (422, json!("answer"))
    );
    let (status, full) = act(
        srv,
        &official,
        id,
        json!({"action": "resolve", "answer": "Đã vá ổ gà ngày 20/11."}),
    )
    .await;
    assert_eq!(status, 200, "{full}");
    assert_eq!(
        full["reporter_phone"], "0909 123 456",
        "officials see the contact"
    );
    assert!(full["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["internal"] == true));

    let (_, public) = srv
        .call(&citizen, "feedback/track", &[("code", &code)])
        .await;
    assert_eq!(public["status"], "resolved");
    assert_eq!(public["answer"], "Đã vá ổ gà ngày 20/11.");
    assert!(
        !public.to_string().contains("Nội bộ"),
        "internal notes stay inside"
    );
    assert!(
        !public.to_string().contains(OFFICIAL.0),
        "officials' names stay inside"
    );

    let (status, rated) = srv
        .call(
            &citizen,
            "feedback/rate",
            &[("code", &code), ("satisfied", "true")],
        )
        .await;
    assert_eq!(status, 200, "{rated}");
    assert_eq!(
        (rated["status"].clone(), rated["satisfied"].clone()),
        (json!("closed"), json!(true))
    );
    assert_eq!(
        srv.call(
            &citizen,
            "feedback/rate",
            &[("code", &code), ("satisfied", "false")]
        )
        .await
        .0,
        422
    );

    // Public statistics count it, on time and satisfied, and carry nothing personal.
    let (status, stats) = srv.call(&citizen, "feedback/stats", &[]).await;
    assert_eq!(status, 200);
    let road = stats["by_service"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "road")
        .unwrap()
        .clone();
    assert!(road["on_time"].as_u64().unwrap() >= 1 && road["satisfied"].as_u64().unwrap() >= 1);
    assert!(stats["points"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["lat"] == json!(10.346)));
    assert!(
        !stats.to_string().contains("0909 123 456") && !stats.to_string().contains("a@example.vn")
    );

    let (_, audit) = srv.call(&srv_admin(srv).await, "admin/audit", &[]).await;
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["action"] == "feedback.resolve" && a["target"] == code.as_str()));
}
both_engines!(a_report_from_filing_to_rating);

async fn srv_admin(srv: &TestServer) -> reqwest::Client {
    let c = srv.browser();
    assert_eq!(
        srv.login(&c, "admin@demo.ioc.vn", "demo-admin-2024").await,
        200
    );
    c
}

async fn bad_reports_name_the_field(srv: &TestServer) {
    let c = srv.browser();
    let mut r = pothole();
    r["lat"] = Value::Null;
    r["lon"] = Value::Null;
    let (status, body) = post_json(srv, &c, "feedback/file", json!({"report": r})).await;
    assert_eq!(
        (status, body["detail"]["field"].clone()),
        (422, json!("location"))
    );
    let mut r = pothole();
    r["service_code"] = json!("nope");
    let (_, body) = post_json(srv, &c, "feedback/file", json!({"report": r})).await;
    assert_eq!(body["detail"]["field"], "service_code");
    let mut r = pothole();
    r["description"] = json!("ngắn");
    let (_, body) = post_json(srv, &c, "feedback/file", json!({"report": r})).await;
    assert_eq!(body["detail"]["field"], "description");
    assert_eq!(
        post_json(
            srv,
            &c,
            "feedback/inbox",
            json!({"filter": {"page": 0, "overdue_only": false}})
        )
        .await
        .0,
        401
    );
}
both_engines!(bad_reports_name_the_field);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filing_is_rate_limited_per_client() {
    let settings = server::config::Settings {
        reports_per_hour: 2,
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let c = srv.browser();
    let file = |forwarded: &'static str| {
        let c = c.clone();
        let url = srv.url("/api/feedback/file");
        async move {
            c.post(url)
                .header("x-forwarded-for", forwarded)
                .json(&json!({"report": pothole()}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(file("203.0.113.1").await.status(), 200);
    assert_eq!(file("203.0.113.2").await.status(), 200);
    // Without a trusted proxy the header is ignored: both came from this test's address.
    let third = file("203.0.113.3").await;
    assert_eq!(third.status(), 429);
    let wait: u64 = third.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3000..=3600).contains(&wait), "{wait}");
    let body: Value = third.json().await.unwrap();
    assert_eq!(body["kind"], "rate_limited");
    srv.finish().await;

    // Behind a trusted proxy each forwarded client has its own allowance.
    let settings = server::config::Settings {
        reports_per_hour: 1,
        trust_proxy: true,
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let c = srv.browser();
    for (ip, want) in [
        ("198.51.100.1", 200),
        ("198.51.100.2", 200),
        ("198.51.100.1", 429),
    ] {
        let res = c
            .post(srv.url("/api/feedback/file"))
            .header("x-forwarded-for", format!("{ip}, 10.0.0.1"))
            .json(&json!({"report": pothole()}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), want, "{ip}");
    }
    srv.finish().await;
}

async fn decision_766_ratios_on_the_demo(srv: &TestServer) {
    let (status, stats) = srv.call(&srv.browser(), "feedback/stats", &[]).await;
    assert_eq!(status, 200);
    let all = &stats["all"];
    assert_eq!(all["total"], 160);
    assert_eq!(stats["demo"], true);
    // Every count adds up: within = resolved + pending; resolved = on time + late.
    let n = |k: &str| all[k].as_u64().unwrap();
    assert_eq!(n("within"), n("resolved") + n("pending"));
    assert_eq!(n("resolved"), n("on_time") + n("late"));
    assert_eq!(
        n("total") - n("within"),
        stats["by_service"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["total"].as_u64().unwrap() - t["within"].as_u64().unwrap())
            .sum::<u64>()
    );
    assert!(
        n("on_time") * 100 / n("within") >= 70,
        "mostly on time: {all}"
    );
    assert_eq!(stats["by_district"].as_array().unwrap().len(), 8);
}
both_engines!(decision_766_ratios_on_the_demo);
