//! Open311 GeoReport v2 with a plain HTTP client, in JSON and in XML (parsed as XML, as a
//! client would): discovery, services, definitions, create, list with filters and pages,
//! one request, tokens, and the spec's errors.

use super::common;

use common::{Engine, TestServer};
use serde_json::Value;

const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");

async fn key(srv: &TestServer, scopes: &[&str]) -> String {
    let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    server::auth::api_keys::create(&srv.db, "test", "city app", &scopes, None)
        .await
        .unwrap()
        .1
}

async fn get(srv: &TestServer, path: &str) -> (u16, String, String) {
    let res = reqwest::get(srv.url(path)).await.unwrap();
    let status = res.status().as_u16();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ctype, res.text().await.unwrap())
}

async fn get_json(srv: &TestServer, path: &str) -> (u16, Value) {
    let (status, ctype, body) = get(srv, path).await;
    assert!(ctype.starts_with("application/json"), "{path}: {ctype}");
    (status, serde_json::from_str(&body).unwrap())
}

async fn post(srv: &TestServer, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let res = reqwest::Client::new()
        .post(srv.url(path))
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The text of `<name>` under `node`.
fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .map(|c| c.text().unwrap_or(""))
}

/// Asserts an error document in the given format with this status.
fn assert_error(status: u16, body: &str, expected: u16, mentions: &str) {
    assert_eq!(status, expected, "{body}");
    if body.starts_with("<?xml") {
        let doc = roxmltree::Document::parse(body).unwrap();
        assert!(doc.root_element().has_tag_name("errors"), "{body}");
        let e = doc.root_element().first_element_child().unwrap();
        assert_eq!(child(e, "code"), Some(expected.to_string().as_str()));
        assert!(
            child(e, "description").unwrap().contains(mentions),
            "{body}"
        );
    } else {
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v[0]["code"], expected, "{body}");
        assert!(
            v[0]["description"].as_str().unwrap().contains(mentions),
            "{body}"
        );
    }
}

async fn discovery_services_and_definitions(srv: &TestServer) {
    let (status, d) = get_json(srv, "/open311/v2/discovery.json").await;
    assert_eq!(status, 200);
    let ep = &d["endpoints"][0];
    assert_eq!(ep["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert!(ep["url"].as_str().unwrap().ends_with("/open311/v2"));
    assert!(ep["formats"]
        .as_array()
        .unwrap()
        .contains(&"text/xml".into()));
    let (status, ctype, xml) = get(srv, "/open311/v2/discovery.xml").await;
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/xml"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let formats: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("format"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(formats, ["text/xml", "application/json"]);

    let (status, services) = get_json(srv, "/open311/v2/services.json").await;
    assert_eq!(status, 200);
    let list = services.as_array().unwrap();
    assert_eq!(list.len(), 9);
    let road = list.iter().find(|s| s["service_code"] == "road").unwrap();
    assert_eq!(road["metadata"], true);
    assert_eq!(road["type"], "realtime");
    assert!(road["service_name"]
        .as_str()
        .unwrap()
        .contains("giao thông"));
    let security = list
        .iter()
        .find(|s| s["service_code"] == "security")
        .unwrap();
    assert_eq!(security["metadata"], false);

    let (_, _, xml) = get(srv, "/open311/v2/services.xml").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(doc.root_element().has_tag_name("services"));
    let codes: Vec<&str> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("service"))
        .filter_map(|n| child(n, "service_code"))
        .collect();
    assert_eq!(codes.len(), 9);
    assert!(codes.contains(&"pollution"));

    let (status, def) = get_json(srv, "/open311/v2/services/pollution.json").await;
    assert_eq!(status, 200);
    let attr = &def["attributes"][0];
    assert_eq!(attr["code"], "kind");
    assert_eq!(attr["datatype"], "singlevaluelist");
    assert_eq!(attr["required"], true);
    assert_eq!(attr["variable"], true);
    assert!(attr["values"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["key"] == "noise"));
    let (_, _, xml) = get(srv, "/open311/v2/services/pollution.xml").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(doc.root_element().has_tag_name("service_definition"));
    let keys: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("value"))
        .filter_map(|n| child(n, "key"))
        .collect();
    assert!(keys.contains(&"smoke") && keys.contains(&"odour"), "{xml}");

    let (status, _, body) = get(srv, "/open311/v2/services/nope.json").await;
    assert_error(status, &body, 404, "service_code");
    let (status, _, body) = get(srv, "/open311/v2/services/nope.xml").await;
    assert_error(status, &body, 404, "service_code");
}

async fn create_list_follow_in_json_and_xml(srv: &TestServer) {
    let api_key = key(srv, &["open311"]).await;
    let base = [
        ("api_key", api_key.as_str()),
        ("service_code", "pollution"),
        ("lat", "10.3460"),
        ("long", "107.0840"),
        ("description", "Karaoke ồn ào sau 23 giờ mỗi đêm"),
        ("first_name", "Trần"),
        ("last_name", "Thị B"),
        ("email", "b@example.vn"),
        ("phone", "0912345678"),
        ("attribute[kind]", "noise"),
    ];

    // The spec's errors.
    let without = |drop: &str| -> Vec<(&str, &str)> {
        base.iter().copied().filter(|(k, _)| *k != drop).collect()
    };
    let (status, body) = post(srv, "/open311/v2/requests.json", &without("api_key")).await;
    assert_error(status, &body, 403, "api_key");
    let mut bad = without("api_key");
    bad.push(("api_key", "ioc_deadbeef_nottherightsecret"));
    let (status, body) = post(srv, "/open311/v2/requests.xml", &bad).await;
    assert_error(status, &body, 403, "api_key");
    let ingest_only = key(srv, &["ingest"]).await;
    let mut wrong_scope = without("api_key");
    wrong_scope.push(("api_key", ingest_only.as_str()));
    let (status, body) = post(srv, "/open311/v2/requests.json", &wrong_scope).await;
    assert_error(status, &body, 403, "open311");
    let (status, body) = post(srv, "/open311/v2/requests.json", &without("service_code")).await;
    assert_error(status, &body, 400, "service_code");
    let mut unknown = without("service_code");
    unknown.push(("service_code", "dragons"));
    let (status, body) = post(srv, "/open311/v2/requests.xml", &unknown).await;
    assert_error(status, &body, 404, "service_code");
    let no_place: Vec<_> = base
        .iter()
        .copied()
        .filter(|(k, _)| *k != "lat" && *k != "long")
        .collect();
    let (status, body) = post(srv, "/open311/v2/requests.json", &no_place).await;
    assert_error(status, &body, 400, "location");
    let (status, body) = post(
        srv,
        "/open311/v2/requests.json",
        &without("attribute[kind]"),
    )
    .await;
    assert_error(status, &body, 400, "attribute[kind]");
    let mut wrong_value = without("attribute[kind]");
    wrong_value.push(("attribute[kind]", "ghosts"));
    let (status, body) = post(srv, "/open311/v2/requests.json", &wrong_value).await;
    assert_error(status, &body, 400, "attribute[kind]");

    // JSON create.
    let (status, body) = post(srv, "/open311/v2/requests.json", &base).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = created[0]["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("PA-"));
    assert!(created[0]["service_notice"]
        .as_str()
        .unwrap()
        .contains("due"));

    // XML create, from an address only; the first was nearby: offered as a duplicate.
    let mut by_address: Vec<(&str, &str)> = base.to_vec();
    by_address.retain(|(k, _)| !matches!(*k, "first_name" | "last_name" | "email" | "phone"));
    let (status, xml) = post(srv, "/open311/v2/requests.xml", &by_address).await;
    assert_eq!(status, 201, "{xml}");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(doc.root_element().has_tag_name("service_requests"));
    let req = doc.root_element().first_element_child().unwrap();
    assert!(req.has_tag_name("request"));
    let id2 = child(req, "service_request_id").unwrap().to_string();
    assert_ne!(id, id2);
    assert!(
        child(req, "service_notice").unwrap().contains(&id),
        "the earlier report nearby is named: {xml}"
    );

    // One request, both formats, nothing personal.
    let (status, one) = get_json(srv, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, 200);
    let r = &one[0];
    assert_eq!(r["service_request_id"], id);
    assert_eq!(r["status"], "open");
    assert_eq!(r["detailed_status"], "received");
    assert_eq!(r["service_code"], "pollution");
    assert_eq!(r["lat"], 10.346);
    assert_eq!(r["long"], 107.084);
    assert!(r["agency_responsible"]
        .as_str()
        .unwrap()
        .contains("Tài nguyên"));
    assert!(r["requested_datetime"].as_str().unwrap().contains('T'));
    let text = one.to_string();
    for private in ["Trần", "b@example.vn", "0912345678", &token] {
        assert!(!text.contains(private), "{private} leaked: {text}");
    }
    let (status, _, xml) = get(srv, &format!("/open311/v2/requests/{id}.xml")).await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let req = doc.root_element().first_element_child().unwrap();
    assert_eq!(child(req, "status"), Some("open"));
    assert_eq!(child(req, "long"), Some("107.084"));
    assert_eq!(child(req, "zipcode"), Some(""));
    let (status, _, body) = get(srv, "/open311/v2/requests/999999.json").await;
    assert_error(status, &body, 404, "service_request_id");

    // Tokens lead to the id.
    let (status, t) = get_json(srv, &format!("/open311/v2/tokens/{token}.json")).await;
    assert_eq!(status, 200);
    assert_eq!(t[0]["service_request_id"], id);
    let (status, _, body) = get(srv, "/open311/v2/tokens/PA-NOPE-NOPE-NOPE.xml").await;
    assert_error(status, &body, 404, "token");

    // Lists: the default window (90 days) holds only the two new ones, not 2024's demo.
    let (status, all) = get_json(srv, "/open311/v2/requests.json").await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id2.as_str(), id.as_str()], "newest first");
    // A window over 2024: the demo reports, filtered and paged.
    let (_, demo) = get_json(
        srv,
        "/open311/v2/requests.json?start_date=2024-01-01T00:00:00%2B07:00&end_date=2024-12-31T23:59:59%2B07:00&service_code=road,waste&page_size=5",
    )
    .await;
    let demo = demo.as_array().unwrap();
    assert_eq!(demo.len(), 5);
    assert!(demo
        .iter()
        .all(|r| r["service_code"] == "road" || r["service_code"] == "waste"));
    assert!(demo.iter().all(|r| r["requested_datetime"]
        .as_str()
        .unwrap()
        .starts_with("2024")));
    let (_, page2) = get_json(
        srv,
        "/open311/v2/requests.json?start_date=2024-01-01&end_date=2025-01-01&service_code=road,waste&page_size=5&page=2",
    )
    .await;
    let page2 = page2.as_array().unwrap();
    assert_eq!(page2.len(), 5);
    assert!(page2.iter().all(|r| !demo
        .iter()
        .any(|d| d["service_request_id"] == r["service_request_id"])));
    let (_, closed) = get_json(
        srv,
        "/open311/v2/requests.json?start_date=2024-01-01&end_date=2025-01-01&status=closed",
    )
    .await;
    let closed = closed.as_array().unwrap();
    assert!(!closed.is_empty());
    assert!(closed.iter().all(|r| r["status"] == "closed"));
    let (_, by_id) = get_json(
        srv,
        &format!("/open311/v2/requests.xml?service_request_id={id},{id2}").replace(".xml", ".json"),
    )
    .await;
    assert_eq!(by_id.as_array().unwrap().len(), 2);
    let (_, _, xml) = get(
        srv,
        "/open311/v2/requests.xml?start_date=2024-06-01T00:00:00Z&end_date=2024-06-30T23:59:59Z",
    )
    .await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let june: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("request"))
        .collect();
    assert!(!june.is_empty());
    assert!(june.iter().all(|r| child(*r, "requested_datetime")
        .unwrap()
        .starts_with("2024-06")));
    for (path, field) in [
        (
            "/open311/v2/requests.json?start_date=yesterday",
            "start_date",
        ),
        ("/open311/v2/requests.json?status=pending", "status"),
        ("/open311/v2/requests.xml?page_size=5000", "page_size"),
    ] {
        let (status, _, body) = get(srv, path).await;
        assert_error(status, &body, 400, field);
    }

    // An official resolves it: the request closes, the answer is in status_notes.
    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    for action in [
        serde_json::json!({"action": "accept"}),
        serde_json::json!({"action": "start"}),
        serde_json::json!({"action": "resolve", "answer": "Đã nhắc nhở cơ sở karaoke"}),
    ] {
        let res = official
            .post(srv.url("/api/feedback/act"))
            .json(&serde_json::json!({"id": id.parse::<i64>().unwrap(), "action": action}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    let (_, one) = get_json(srv, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(one[0]["status"], "closed");
    assert_eq!(one[0]["detailed_status"], "resolved");
    assert!(one[0]["status_notes"]
        .as_str()
        .unwrap()
        .contains("Đã nhắc nhở cơ sở karaoke"));
    let (_, open_now) = get_json(srv, "/open311/v2/requests.json?status=open").await;
    assert_eq!(open_now.as_array().unwrap().len(), 1);

    // A report turned away is no longer published.
    let res = official
        .post(srv.url("/api/feedback/act"))
        .json(&serde_json::json!({"id": id2.parse::<i64>().unwrap(),
            "action": {"action": "reject", "reason": "Trùng với phản ánh trước"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (status, _, body) = get(srv, &format!("/open311/v2/requests/{id2}.json")).await;
    assert_error(status, &body, 404, "service_request_id");
    let (_, listed) = get_json(
        srv,
        &format!("/open311/v2/requests.json?service_request_id={id},{id2}"),
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let (status, _, body) = get(srv, "/open311/v2/requests.csv").await;
    assert_error(status, &body, 404, ".json or .xml");
}

both_engines!(discovery_services_and_definitions);
both_engines!(create_list_follow_in_json_and_xml);
