//! The data platform through HTTP: dataset definitions, ingestion of JSON and CSV,
//! rejections by row and column, idempotency, permissions, quality — on both engines.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};
use std::time::Duration;

fn tourism_def() -> Value {
    json!({"code": "visits-test", "title": "Lượt khách du lịch theo tháng", "frequency": "monthly", "public": true,
        "fields": [
            {"name": "district_code", "type": "unit", "required": true},
            {"name": "month", "type": "period", "required": true},
            {"name": "visitors", "type": "integer", "min": 0, "required": true, "unit": "lượt"},
            {"name": "revenue", "type": "decimal", "min": 0, "unit": "triệu đồng"}],
        "key": ["district_code", "month"]})
}

/// A key for the tourism department, and the dataset defined with it.
async fn setup(srv: &TestServer) -> (reqwest::Client, String) {
    let key = srv.ingest_key("sdl-system", "SDL").await;
    let c = srv.browser();
    let res = c
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(&key)
        .json(&tourism_def())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    (c, key)
}

async fn push_csv(
    srv: &TestServer,
    c: &reqwest::Client,
    key: &str,
    csv: &str,
    query: &str,
) -> (u16, Value) {
    let res = c
        .post(srv.url(&format!("/api/v1/datasets/visits-test/records{query}")))
        .bearer_auth(key)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn define_and_read(srv: &TestServer) {
    let (c, key) = setup(srv).await;
    let ds: Value = c
        .get(srv.url("/api/v1/datasets/visits-test"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ds["department"], "SDL");
    assert_eq!(ds["fields"].as_array().unwrap().len(), 4);
    assert_eq!(ds["record_count"], 0);

    // A definition naming a missing key field is refused with the field named.
    let mut bad = tourism_def();
    bad["code"] = json!("other");
    bad["key"] = json!(["nope"]);
    let res = c
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(&key)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["detail"]["field"], "key");

    // Another department's key may not define for SDL.
    let other = srv.ingest_key("syt", "SYT").await;
    let mut theirs = tourism_def();
    theirs["code"] = json!("x");
    theirs["department"] = json!("SDL");
    assert_eq!(
        c.post(srv.url("/api/v1/datasets"))
            .bearer_auth(&other)
            .json(&theirs)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        c.post(srv.url("/api/v1/datasets"))
            .json(&theirs)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}
both_engines!(define_and_read);

async fn ingest_csv_and_json(srv: &TestServer) {
    let (c, key) = setup(srv).await;
    // BOM, semicolons, Vietnamese number forms.
    let csv = "\u{feff}district_code;month;visitors;revenue\n747;01/2024;1.200.000;35.000,5\n748;2024-01;90000;\n";
    let (status, report) = push_csv(srv, &c, &key, csv, "").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(0))
    );

    // The same file again changes nothing.
    let (_, again) = push_csv(srv, &c, &key, csv, "").await;
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );

    // JSON: one update, one insert.
    let rows = json!([
        {"district_code": "747", "month": "2024-01", "visitors": 1_250_000, "revenue": 35000.5},
        {"district_code": "755", "month": "2024-01", "visitors": 40000}
    ]);
    let res = c
        .post(srv.url("/api/v1/datasets/visits-test/records"))
        .bearer_auth(&key)
        .json(&rows)
        .send()
        .await
        .unwrap();
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        (report["inserted"].as_u64(), report["updated"].as_u64()),
        (Some(1), Some(1))
    );

    let page: Value = c
        .get(srv.url("/api/v1/datasets/visits-test/records?unit=747&period=1/2024"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["records"][0]["visitors"], 1_250_000);
    let filtered: Value = c
        .get(srv.url("/api/v1/datasets/visits-test/records?visitors=40000"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["records"][0]["district_code"], "755");

    let batches: Value = c
        .get(srv.url("/api/v1/datasets/visits-test/batches"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(batches.as_array().unwrap().len(), 3);
    assert_eq!(batches[0]["source"], "api-json");
    assert_eq!(batches[2]["source"], "api-csv");
}
both_engines!(ingest_csv_and_json);

async fn bad_rows_are_reported_and_nothing_is_half_written(srv: &TestServer) {
    let (c, key) = setup(srv).await;
    let csv = "district_code,month,visitors,revenue\n\
               747,2024-01,100,1\n\
               747,2024-02,abc,1\n\
               748,2024-02,-5,1\n\
               999,2024-02,10,1\n\
               750,2024-02,,1\n\
               751,2024-13,10,1\n";
    let (status, report) = push_csv(srv, &c, &key, csv, "").await;
    assert_eq!(status, 422);
    assert_eq!(report["committed"], false);
    let got: Vec<(u64, String)> = report["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "visitors".into()),
            (4, "visitors".into()),
            (5, "district_code".into()),
            (6, "visitors".into()),
            (7, "month".into())
        ]
    );
    assert!(report["rejections"][2]["reason"]
        .as_str()
        .unwrap()
        .contains("unknown administrative unit '999'"));
    // The officials' data page shows the Vietnamese kept beside it.
    assert!(report["rejections"][2]["reason_vi"]
        .as_str()
        .unwrap()
        .contains("không có đơn vị hành chính '999'"));
    let page: Value = c
        .get(srv.url("/api/v1/datasets/visits-test/records"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 0, "nothing stored from a rejected batch");

    // With ?partial=true the good row lands and the bad ones are still reported.
    let (status, report) = push_csv(srv, &c, &key, csv, "?partial=true").await;
    assert_eq!(status, 200);
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(5))
    );

    // An unknown column spoils the whole file, even with partial.
    let (status, report) = push_csv(
        srv,
        &c,
        &key,
        "district_code,month,visitors,colour\n747,2024-03,1,red\n",
        "?partial=true",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(report["rejections"][0]["row"], 1);
    assert_eq!(report["rejections"][0]["column"], "colour");

    // Duplicates and conflicts within one batch.
    let (_, report) = push_csv(
        srv,
        &c,
        &key,
        "district_code,month,visitors\n752,2024-01,5\n752,2024-01,5\n752,2024-01,6\n",
        "?partial=true",
    )
    .await;
    let reasons: Vec<&str> = report["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "duplicate of row 2",
            "same key as row 2 with different values"
        ]
    );
}
both_engines!(bad_rows_are_reported_and_nothing_is_half_written);

async fn retries_keys_and_limits(srv: &TestServer) {
    let (c, key) = setup(srv).await;
    let csv = "district_code,month,visitors\n747,2024-05,10\n";
    let send = |k: &'static str| {
        c.post(srv.url("/api/v1/datasets/visits-test/records"))
            .bearer_auth(&key)
            .header("content-type", "text/csv")
            .header("idempotency-key", k)
            .body(csv)
            .send()
    };
    let first: Value = send("abc").await.unwrap().json().await.unwrap();
    let retry = send("abc").await.unwrap();
    assert_eq!(retry.headers()["idempotent-replay"], "true");
    let second: Value = retry.json().await.unwrap();
    assert_eq!(first, second, "a retry gets the first answer");
    assert_eq!(second["inserted"], 1);

    let wrong = c
        .post(srv.url("/api/v1/datasets/visits-test/records"))
        .bearer_auth("ioc_deadbeef_nope")
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let other = srv.ingest_key("syt", "SYT").await;
    let forbidden = c
        .post(srv.url("/api/v1/datasets/visits-test/records"))
        .bearer_auth(&other)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);

    let mut big = String::from("district_code,month,visitors\n");
    for i in 0..100_001 {
        big.push_str(&format!("747,2024-01,{i}\n"));
    }
    let (status, body) = push_csv(srv, &c, &key, &big, "").await;
    assert_eq!(status, 413, "{body}");
    // Said in Vietnamese unless the client prefers English; the typed error carries both.
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("tối đa 100000 dòng"),
        "{body}"
    );
    assert!(body["error"]["detail"]["en"]
        .as_str()
        .unwrap()
        .contains("at most 100000 rows"));
    let res = c
        .post(srv.url("/api/v1/datasets/visits-test/records"))
        .bearer_auth(&key)
        .header("content-type", "text/csv")
        .header("accept-language", "en-GB,en;q=0.9,vi;q=0.5")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-language"], "en");
    let body: Value = res.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("at most 100000 rows"),
        "{body}"
    );
}
both_engines!(retries_keys_and_limits);

async fn concurrent_pushes_lose_nothing(srv: &TestServer) {
    let (c, key) = setup(srv).await;
    let mut tasks = Vec::new();
    for part in 0..4 {
        let (c, key, url) = (
            c.clone(),
            key.clone(),
            srv.url("/api/v1/datasets/visits-test/records"),
        );
        tasks.push(tokio::spawn(async move {
            let mut csv = String::from("district_code,month,visitors\n");
            for m in 1..=12 {
                csv.push_str(&format!(
                    "{},{}-{m:02},{m}\n",
                    ["747", "748", "750", "751"][part],
                    2020 + part
                ));
            }
            c.post(url)
                .bearer_auth(key)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let page: Value = c
        .get(srv.url("/api/v1/datasets/visits-test/records"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 48);
}
both_engines!(concurrent_pushes_lose_nothing);

async fn quality_scores(srv: &TestServer) {
    let (c, key) = setup(srv).await;
    // 8 districts × 2 months expected; 12 cells sent; one bad row and one duplicate.
    let mut csv = String::from("district_code,month,visitors\n");
    for d in ["747", "748", "750", "751", "752", "753"] {
        csv.push_str(&format!("{d},2024-01,1\n{d},2024-02,1\n"));
    }
    csv.push_str("747,2024-01,1\n999,2024-01,1\n");
    let (status, _) = push_csv(srv, &c, &key, &csv, "?partial=true").await;
    assert_eq!(status, 200);
    let q: Value = c
        .get(srv.url("/api/v1/datasets/visits-test/quality"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(q["complete"]["numerator"], 12);
    assert_eq!(q["complete"]["denominator"], 16);
    assert_eq!(q["correct"]["numerator"], 13);
    assert_eq!(q["correct"]["denominator"], 14);
    assert_eq!(q["clean"]["numerator"], 13);
    assert_eq!(q["live"]["score"], 1.0);

    // The drill-down names the four missing cells and the refused unit.
    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    let (status, d) = srv
        .call(&official, "data/quality-detail", &[("code", "visits-test")])
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["missing_total"], 4);
    let mut missing: Vec<String> = d["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m["unit"].as_str().unwrap(),
                m["period"].as_str().unwrap()
            )
        })
        .collect();
    missing.sort();
    assert_eq!(
        missing,
        ["754 2024-01", "754 2024-02", "755 2024-01", "755 2024-02"]
    );
    assert!(d["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["column"] == "district_code" && r["row"] == 15 && r["committed"] == true));
}
both_engines!(quality_scores);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stewards_and_officials_through_their_sessions() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let steward = srv.browser();
    srv.login(&steward, "steward@demo.ioc.vn", "demo-steward-2024")
        .await;
    let res = steward
        .post(srv.url("/api/v1/datasets"))
        .json(&tourism_def())
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        201,
        "a steward defines for their own department"
    );
    let mut private = tourism_def();
    private["code"] = json!("private-one");
    private["public"] = json!(false);
    assert_eq!(
        steward
            .post(srv.url("/api/v1/datasets"))
            .json(&private)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );

    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    assert_eq!(
        official
            .post(srv.url("/api/v1/datasets/visits-test/records"))
            .header("content-type", "text/csv")
            .body("district_code,month,visitors\n747,2024-01,1\n")
            .send()
            .await
            .unwrap()
            .status(),
        403,
        "officials read, they do not write"
    );
    assert_eq!(
        official
            .get(srv.url("/api/v1/datasets/private-one"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let anon = srv.browser();
    assert_eq!(
        anon.get(srv.url("/api/v1/datasets/private-one"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let listed: Vec<Value> = anon
        .get(srv.url("/api/v1/datasets"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = listed.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(
        codes.contains(&"visits-test") && !codes.contains(&"private-one"),
        "{codes:?}"
    );
    assert!(
        !codes.contains(&"documents-monthly"),
        "the demo's private dataset stays private"
    );
    srv.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_page_ranks_quality_and_takes_uploads() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    let (status, summary) = srv.call(&official, "data/overview", &[]).await;
    assert_eq!(status, 200, "{summary}");
    let datasets = summary["datasets"].as_array().unwrap();
    let find = |code: &str| datasets.iter().find(|d| d["code"] == code).unwrap().clone();
    // The demo: tourism complete; the office's documents miss Côn Đảo's 2024 and had one
    // refused row.
    assert_eq!(find("tourism-monthly")["quality"]["complete"]["score"], 1.0);
    let documents = find("documents-monthly");
    assert_eq!(documents["quality"]["complete"]["numerator"], 8 * 48 - 12);
    assert_eq!(
        documents["quality"]["correct"]["denominator"],
        8 * 48 - 12 + 1
    );
    assert_eq!(documents["can_upload"], false, "officials read only");
    // Province-level and district rows together: 1 + 8 units expected, all present.
    assert_eq!(find("budget-monthly")["quality"]["complete"]["score"], 1.0);
    let (status, d) = srv
        .call(
            &official,
            "data/quality-detail",
            &[("code", "documents-monthly")],
        )
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["missing_total"], 12);
    assert!(d["missing"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["unit"] == "755" && m["period"].as_str().unwrap().starts_with("2024")));
    assert_eq!(d["rejected_total"], 1);
    assert_eq!(d["rejected"][0]["column"], "month");
    let anon = srv.browser();
    assert_eq!(
        srv.call(
            &anon,
            "data/quality-detail",
            &[("code", "documents-monthly")]
        )
        .await
        .0,
        401
    );
    let ranked: Vec<f64> = summary["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["overall"].as_f64().unwrap())
        .collect();
    assert!(
        ranked.windows(2).all(|w| w[0] >= w[1]),
        "ranked best first: {ranked:?}"
    );
    assert_eq!(
        summary["departments"].as_array().unwrap().last().unwrap()["department"],
        "VPUBND",
        "the office with gaps and a refused row ranks last"
    );

    let steward = srv.browser();
    srv.login(&steward, "steward@demo.ioc.vn", "demo-steward-2024")
        .await;
    let (_, summary) = srv.call(&steward, "data/overview", &[]).await;
    let can: Vec<&str> = summary["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["can_upload"] == true)
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(
        can,
        [
            "tourism-accommodation-monthly",
            "tourism-monthly",
            "tourism-places"
        ],
        "a steward uploads to their department's datasets"
    );

    let csv = "district_code,month,visitors\n747,2025-01,1000\n747,2025-02,abc\n";
    let (status, report) = srv
        .call(
            &steward,
            "data/upload",
            &[("code", "tourism-monthly"), ("csv", csv)],
        )
        .await;
    assert_eq!(
        status, 200,
        "a refused file is a report, not an error: {report}"
    );
    assert_eq!(report["committed"], false);
    assert_eq!(report["rejections"][0]["row"], 3);
    assert_eq!(report["rejections"][0]["column"], "visitors");
    let ok = "district_code,month,visitors\n747,2025-01,1000\n";
    let (_, report) = srv
        .call(
            &steward,
            "data/upload",
            &[("code", "tourism-monthly"), ("csv", ok)],
        )
        .await;
    assert_eq!(
        (report["committed"].as_bool(), report["inserted"].as_u64()),
        (Some(true), Some(1))
    );
    let (status, _) = srv
        .call(
            &steward,
            "data/upload",
            &[("code", "documents-monthly"), ("csv", ok)],
        )
        .await;
    assert_eq!(status, 403, "not their department");
    let (status, _) = srv
        .call(
            &official,
            "data/upload",
            &[("code", "tourism-monthly"), ("csv", ok)],
        )
        .await;
    assert_eq!(status, 403);
    srv.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_refused() {
    // A small limit, so the whole body fits the socket buffer and the answer is read.
    let settings = server::config::Settings {
        body_limit: 64 * 1024,
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let (_, key) =
        server::auth::api_keys::create(&srv.db, "test", "k", &["ingest".into()], Some("SDL"))
            .await
            .unwrap();
    let res = srv
        .browser()
        .post(srv.url("/api/v1/datasets/tourism-monthly/records"))
        .bearer_auth(&key)
        .header("content-type", "text/csv")
        .body(vec![b'a'; 100 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    srv.finish().await;
}

async fn administrators_define_datasets_in_the_ui(srv: &TestServer) {
    let admin = srv.browser();
    srv.login(&admin, "admin@demo.ioc.vn", "demo-admin-2024")
        .await;
    let mut def = tourism_def();
    def["department"] = json!("SDL");
    let json = def.to_string();
    let (status, created) = srv
        .call(&admin, "data/define", &[("definition", json.as_str())])
        .await;
    assert_eq!((status, created), (200, json!(true)));
    let (_, created) = srv
        .call(&admin, "data/define", &[("definition", json.as_str())])
        .await;
    assert_eq!(created, json!(false), "the same code updates");
    let (status, back) = srv
        .call(&admin, "data/definition", &[("code", "visits-test")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(back["department"], "SDL");
    assert_eq!(back["fields"].as_array().unwrap().len(), 4);

    // Broken JSON, a key naming no field, no department: each names what is wrong.
    let (status, body) = srv
        .call(&admin, "data/define", &[("definition", "{\"code\": ")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"]["field"], "definition");
    let mut bad = def.clone();
    bad["key"] = json!(["nope"]);
    let (_, body) = srv
        .call(&admin, "data/define", &[("definition", &bad.to_string())])
        .await;
    assert_eq!(body["detail"]["field"], "key");
    let mut bad = def.clone();
    bad["department"] = Value::Null;
    let (_, body) = srv
        .call(&admin, "data/define", &[("definition", &bad.to_string())])
        .await;
    assert_eq!(body["detail"]["field"], "department");

    let official = srv.browser();
    srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    assert_eq!(
        srv.call(&official, "data/define", &[("definition", json.as_str())])
            .await
            .0,
        403
    );
    let (_, audit) = srv.call(&admin, "admin/audit", &[]).await;
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["action"] == "dataset.create"
            && a["target"] == "visits-test"
            && a["actor"] == "admin@demo.ioc.vn"));
}
both_engines!(administrators_define_datasets_in_the_ui);

/// The query API other modules read datasets through: sum, average and count by unit, by
/// period and by both, within a period range and a set of units, computed in the database.
async fn the_query_api_folds_rows_by_unit_and_period(srv: &TestServer) {
    use server::modules::datasets::query::{self, Agg, Bucket, By, Within};
    use server::modules::datasets::store;
    let (c, key) = setup(srv).await;
    let csv = "district_code,month,visitors,revenue\n\
               747,2024-01,100,1.5\n\
               747,2024-02,300,\n\
               748,2024-01,50,2\n\
               748,2024-02,70,4\n\
               750,2025-01,9,1\n";
    let (status, body) = push_csv(srv, &c, &key, csv, "").await;
    assert_eq!(status, 200, "{body}");
    let model = store::find(&srv.db, "visits-test").await.unwrap();
    let def = store::definition(&model).unwrap();
    let src = query::Source {
        model: &model,
        def: &def,
    };
    let b = |unit: Option<&str>, period: Option<&str>, value: f64, rows: u64| Bucket {
        unit: unit.map(str::to_string),
        period: period.map(str::to_string),
        value,
        rows,
    };
    let all = Within::default();
    let by_unit = query::aggregate(&srv.db, src, Some("visitors"), Agg::Sum, By::Unit, &all)
        .await
        .unwrap();
    assert_eq!(
        by_unit,
        [
            b(Some("747"), None, 400.0, 2),
            b(Some("748"), None, 120.0, 2),
            b(Some("750"), None, 9.0, 1)
        ]
    );
    // 2024 only, two districts: an average per month, and a count of filled revenue cells.
    let units = ["747".to_string(), "748".to_string()];
    let in_2024 = Within {
        from: Some("2024"),
        to: Some("2025"),
        units: Some(&units),
        ..Default::default()
    };
    let avg = query::aggregate(
        &srv.db,
        src,
        Some("visitors"),
        Agg::Avg,
        By::Period,
        &in_2024,
    )
    .await
    .unwrap();
    assert_eq!(
        avg,
        [
            b(None, Some("2024-01"), 75.0, 2),
            b(None, Some("2024-02"), 185.0, 2)
        ]
    );
    let filled = query::aggregate(
        &srv.db,
        src,
        Some("revenue"),
        Agg::Count,
        By::UnitAndPeriod,
        &in_2024,
    )
    .await
    .unwrap();
    let counts: Vec<(String, String, f64)> = filled
        .into_iter()
        .map(|x| (x.unit.unwrap(), x.period.unwrap(), x.value))
        .collect();
    assert_eq!(
        counts,
        [
            ("747".into(), "2024-01".into(), 1.0),
            ("747".into(), "2024-02".into(), 0.0),
            ("748".into(), "2024-01".into(), 1.0),
            ("748".into(), "2024-02".into(), 1.0)
        ]
    );
    let one_month = Within {
        period: Some("2024-02"),
        ..Default::default()
    };
    let rows = query::aggregate(&srv.db, src, None, Agg::Count, By::Unit, &one_month)
        .await
        .unwrap();
    assert_eq!(rows.iter().map(|x| x.rows).sum::<u64>(), 2);
    // A text field cannot be summed; the answer names the field.
    let err = query::aggregate(
        &srv.db,
        src,
        Some("district_code"),
        Agg::Sum,
        By::Unit,
        &all,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, app::error::AppError::Invalid { ref field, .. } if field == "field"));
    // The rows of a span, with their lineage, and the years with rows.
    let recs = query::records_between(&srv.db, src, "2024", "2025", query::Keep::All)
        .await
        .unwrap();
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[0].data["visitors"], 100);
    assert!(recs.iter().all(|r| r.batch_id > 0));
    // A read that asks for one field gets that field only, of the same rows.
    let only = query::records_between(
        &srv.db,
        src,
        "2024",
        "2025",
        query::Keep::Only(&["visitors"]),
    )
    .await
    .unwrap();
    assert_eq!(
        only.iter().map(|r| r.id).collect::<Vec<_>>(),
        recs.iter().map(|r| r.id).collect::<Vec<_>>()
    );
    assert!(only
        .iter()
        .zip(&recs)
        .all(|(o, r)| o.data.len() == 1 && o.data["visitors"] == r.data["visitors"]));
    assert_eq!(
        query::years_with_rows(&srv.db, &["visits-test", "nope"])
            .await
            .unwrap(),
        [2024, 2025]
    );
}
both_engines!(the_query_api_folds_rows_by_unit_and_period);

/// The scores' inputs as numbers, to compare two ways of counting them.
fn inputs(c: &server::modules::datasets::quality::Counts) -> [u64; 5] {
    [
        c.cells_present,
        c.cells_expected,
        c.received,
        c.invalid,
        c.duplicates_and_conflicts,
    ]
}

/// A dataset's (unit, period) cells with their rows, as stored.
async fn stored_cells(srv: &TestServer, dataset: i32) -> Vec<(String, String, i64)> {
    use sea_orm::ConnectionTrait;
    let rows = srv
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            srv.db.get_database_backend(),
            format!(
                "SELECT unit_code, period, row_count FROM dataset_cell \
                 WHERE dataset_id = {dataset} ORDER BY unit_code, period"
            ),
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get_by_index(0).unwrap(),
                r.try_get_by_index(1).unwrap(),
                r.try_get_by_index(2).unwrap(),
            )
        })
        .collect()
}

/// What each batch keeps (cells, running totals) equals a count over every row and batch,
/// after random batches of new rows, rows moved to another cell, rows without a unit or a
/// period, refused rows (all-or-nothing and partial batches), duplicates and conflicts.
async fn batch_bookkeeping_equals_a_full_recount(srv: &TestServer) {
    use server::modules::datasets::{parse, quality, store};
    let def: app::modules::datasets::model::DatasetDef = serde_json::from_value(json!({
        "code": "bookkeeping", "title": "Sổ sách theo lô", "frequency": "monthly",
        "fields": [
            {"name": "id", "type": "text", "required": true},
            {"name": "district_code", "type": "unit"},
            {"name": "month", "type": "period"},
            {"name": "value", "type": "integer", "min": 0}],
        "key": ["id"]}))
    .unwrap();
    let (model, _) = store::define(&srv.db, "test", "SDL", def.clone())
        .await
        .unwrap();
    let units = ["747", "748", "750", "751", "752"];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for batch in 0..15 {
        let mut csv = String::from("id,district_code,month,value\n");
        for _ in 0..60 {
            let r = next();
            let unit = if r % 11 == 0 {
                ""
            } else {
                units[(r >> 8) as usize % units.len()]
            };
            let month = match r % 13 {
                0 => String::new(),
                _ => format!("2024-{:02}", (r >> 16) % 12 + 1),
            };
            let value = if r % 17 == 0 {
                -5
            } else {
                ((r >> 24) % 100) as i64
            };
            csv.push_str(&format!("r{},{unit},{month},{value}\n", (r >> 32) % 150));
        }
        let request = store::IngestRequest {
            actor: "test",
            source: "test",
            partial: batch % 3 != 0,
            idempotency_key: None,
            writer: None,
        };
        store::ingest(&srv.db, &model, parse::csv(csv.as_bytes(), &def), request)
            .await
            .unwrap();
        let now = store::find(&srv.db, "bookkeeping").await.unwrap();
        let kept = quality::counts(&srv.db, &now).await.unwrap();
        let full = quality::recount(&srv.db, &now).await.unwrap();
        assert_eq!(inputs(&kept), inputs(&full), "after batch {batch}");
    }
    let now = store::find(&srv.db, "bookkeeping").await.unwrap();
    assert!(now.record_count > 50 && now.rows_rejected > 0 && now.rows_repeated > 0);
    // The repair rebuilds the same cells and totals from the rows and batches.
    let cells = stored_cells(srv, model.id).await;
    assert!(cells.iter().any(|(u, p, _)| u.is_empty() || p.is_empty()));
    quality::rebuild(&srv.db, model.id).await.unwrap();
    assert_eq!(stored_cells(srv, model.id).await, cells);
    let rebuilt = store::find(&srv.db, "bookkeeping").await.unwrap();
    assert_eq!(
        (
            rebuilt.record_count,
            rebuilt.rows_received,
            rebuilt.rows_rejected,
            rebuilt.rows_repeated
        ),
        (
            now.record_count,
            now.rows_received,
            now.rows_rejected,
            now.rows_repeated
        )
    );
}
both_engines!(batch_bookkeeping_equals_a_full_recount);

/// `ioc serve` of its own on the test's database (a process that can be killed).
async fn spawn_ioc(db_url: &str) -> common::Server {
    let url = db_url.to_string();
    tokio::task::spawn_blocking(move || common::serve_process(&url, &[]))
        .await
        .unwrap()
}

/// Killed with SIGKILL between batches and in the middle of them, the server keeps what
/// every batch's transaction kept: each batch is all in or all out, and the counts it
/// moved equal a full recount. Three clients push 400-row batches (new rows, updates,
/// refused rows); the server is killed with none in flight, then with some in flight, and
/// a new one is started on the same database each time.
async fn a_killed_server_leaves_counts_equal_to_a_recount(srv: &TestServer) {
    use server::modules::datasets::{quality, store};
    let key = srv.ingest_key("kill-test", "SDL").await;
    let http = reqwest::Client::new();
    let def = json!({
        "code": "killed", "title": "Nạp dữ liệu khi máy chủ bị tắt đột ngột", "frequency": "daily",
        "fields": [
            {"name": "id", "type": "integer", "required": true},
            {"name": "district_code", "type": "unit"},
            {"name": "day", "type": "period"},
            {"name": "value", "type": "integer", "min": 0}],
        "key": ["id"]});
    let mut ioc = spawn_ioc(&srv.db_url).await;
    let mut port = ioc.port;
    let res = http
        .post(format!("http://127.0.0.1:{port}/api/v1/datasets"))
        .bearer_auth(&key)
        .json(&def)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let units = ["747", "748", "750", "751", "752"];
    // Batch b: rows b*200 .. b*200+400 (half of them sent before: updates, to another
    // cell), every 37th refused (negative), every 50th without a unit; sent in part.
    let body = move |b: u64| {
        let mut csv = String::from("id,district_code,day,value\n");
        for id in b * 200..b * 200 + 400 {
            let unit = if id % 50 == 0 {
                ""
            } else {
                units[((id + b) % 5) as usize]
            };
            let value = if (id + b).is_multiple_of(37) {
                -1
            } else {
                (id % 90) as i64
            };
            csv.push_str(&format!(
                "{id},{unit},2024-01-{:02},{value}\n",
                (id + b) % 28 + 1
            ));
        }
        csv
    };
    let push = |port: u16, b: u64| {
        let http = http.clone();
        let key = key.clone();
        let csv = body(b);
        async move {
            http.post(format!(
                "http://127.0.0.1:{port}/api/v1/datasets/killed/records?partial=true"
            ))
            .bearer_auth(&key)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .ok()
            .map(|r| r.status().as_u16())
        }
    };
    let mut next_batch = 0u64;
    // Round 1: batches one at a time, killed with none in flight.
    for _ in 0..5 {
        assert_eq!(push(port, next_batch).await, Some(200));
        next_batch += 1;
    }
    ioc.child.kill().unwrap();
    ioc.child.wait().unwrap();
    // Round 2: three clients at once, killed once six batches have answered, with the
    // others still in flight.
    ioc = spawn_ioc(&srv.db_url).await;
    port = ioc.port;
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut clients = Vec::new();
    for c in 0..3u64 {
        let answered = answered.clone();
        let http = http.clone();
        let key = key.clone();
        let first = next_batch + c * 100;
        clients.push(tokio::spawn(async move {
            for b in first..first + 100 {
                let sent = http
                    .post(format!(
                        "http://127.0.0.1:{port}/api/v1/datasets/killed/records?partial=true"
                    ))
                    .bearer_auth(&key)
                    .header("content-type", "text/csv")
                    .body(body(b))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 200 => {
                        answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    _ => return,
                }
            }
        }));
    }
    common::wait_until(Duration::from_secs(60), "six batches answered", || {
        let n = answered.load(std::sync::atomic::Ordering::SeqCst);
        async move { n >= 6 }
    })
    .await;
    ioc.child.kill().unwrap();
    ioc.child.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    // Round 3: the server comes back and takes more.
    ioc = spawn_ioc(&srv.db_url).await;
    port = ioc.port;
    for b in 1000..1003 {
        assert_eq!(push(port, b).await, Some(200));
    }
    ioc.child.kill().unwrap();
    ioc.child.wait().unwrap();

    let model = store::find(&srv.db, "killed").await.unwrap();
    let kept = quality::counts(&srv.db, &model).await.unwrap();
    let full = quality::recount(&srv.db, &model).await.unwrap();
    assert_eq!(inputs(&kept), inputs(&full));
    assert!(kept.received >= 8 * 400, "{}", kept.received);
    // Every batch stored is whole: its report counts what it kept, and rows received
    // equal the stored batches' rows.
    use sea_orm::ConnectionTrait;
    let row = srv
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            srv.db.get_database_backend(),
            format!(
                "SELECT COUNT(*), CAST(COALESCE(SUM(received), 0) AS BIGINT), \
                 (SELECT COUNT(*) FROM dataset_record r WHERE r.dataset_id = {0} \
                  AND r.batch_id NOT IN (SELECT id FROM ingest_batch WHERE dataset_id = {0})) \
                 FROM ingest_batch WHERE dataset_id = {0}",
                model.id
            ),
        ))
        .await
        .unwrap()
        .unwrap();
    let (batches, rows, orphans): (i64, i64, i64) = (
        row.try_get_by_index(0).unwrap(),
        row.try_get_by_index(1).unwrap(),
        row.try_get_by_index(2).unwrap(),
    );
    assert!(batches >= 14, "{batches} batches stored");
    assert_eq!(orphans, 0, "rows of a batch that was not recorded");
    assert_eq!(rows as u64, batches as u64 * 400);
    assert_eq!(kept.received, rows as u64);
    quality::rebuild(&srv.db, model.id).await.unwrap();
    let rebuilt = store::find(&srv.db, "killed").await.unwrap();
    assert_eq!(rebuilt.record_count, model.record_count);
    assert_eq!(
        inputs(&quality::counts(&srv.db, &rebuilt).await.unwrap()),
        inputs(&full)
    );
}
both_engines!(a_killed_server_leaves_counts_equal_to_a_recount);

/// Every page of a REST read, followed by its `next` links; and the same pages by offset.
async fn walk(srv: &TestServer, key: &str, first: &str) -> (Vec<Value>, Vec<Value>, u64) {
    let c = reqwest::Client::new();
    let get = |path: String| {
        let c = c.clone();
        let url = srv.url(&path);
        async move {
            let res = c.get(url).bearer_auth(key).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let mut by_next = Vec::new();
    let mut link = Some(first.to_string());
    let mut total = 0;
    while let Some(path) = link {
        let page = get(path).await;
        total = page["total"].as_u64().unwrap();
        by_next.extend(page["records"].as_array().unwrap().iter().cloned());
        link = page["next"].as_str().map(str::to_string);
        assert!(by_next.len() <= 10_000, "next links go round");
    }
    let mut by_offset = Vec::new();
    for offset in (0..).step_by(300) {
        let page = get(format!("{first}&offset={offset}")).await;
        let rows = page["records"].as_array().unwrap();
        if rows.is_empty() {
            break;
        }
        by_offset.extend(rows.iter().cloned());
    }
    (by_next, by_offset, total)
}

/// Filters on a field declared `indexed` read its index and answer the same rows as the
/// same filters on the same rows without one; pages followed by their `next` links
/// (keyset: after the last `_id`) are the pages by offset, in the REST read and in CKAN's
/// `datastore_search` (`_links.next`, its other parameters kept). Undeclared, the index
/// goes.
async fn indexed_filters_and_keyset_pages_answer_the_same_rows(srv: &TestServer) {
    use sea_orm::ConnectionTrait;
    let key = srv.ingest_key("scan-test", "SDL").await;
    let c = reqwest::Client::new();
    let def = |code: &str, indexed: bool| {
        json!({"code": code, "title": "Quét theo trường", "frequency": "daily", "public": true,
            "fields": [
                {"name": "id", "type": "integer", "required": true},
                {"name": "district_code", "type": "unit"},
                {"name": "day", "type": "period"},
                {"name": "site", "type": "integer", "indexed": indexed},
                {"name": "status", "type": "enum", "values": ["ok", "check"], "indexed": indexed},
                {"name": "note", "type": "text"}],
            "key": ["id"]})
    };
    let mut csv = String::from("id,district_code,day,site,status,note\n");
    for id in 0..2500u32 {
        let unit = ["747", "748", "750"][id as usize % 3];
        let status = if id % 7 == 0 { "check" } else { "ok" };
        csv.push_str(&format!(
            "{id},{unit},2024-02-{:02},{},{status},n{}\n",
            id % 28 + 1,
            id % 40,
            id % 11
        ));
    }
    for (code, indexed) in [("scan-plain", false), ("scan-indexed", true)] {
        let res = c
            .post(srv.url("/api/v1/datasets"))
            .bearer_auth(&key)
            .json(&def(code, indexed))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let res = c
            .post(srv.url(&format!("/api/v1/datasets/{code}/records")))
            .bearer_auth(&key)
            .header("content-type", "text/csv")
            .body(csv.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }

    // The same rows, filtered with and without the index, paged either way.
    for filter in [
        "status=check",
        "site=7",
        "site=7&status=ok",
        "site=7.0",
        "note=n3",
    ] {
        let plain = walk(
            srv,
            &key,
            &format!("/api/v1/datasets/scan-plain/records?limit=300&{filter}"),
        )
        .await;
        let indexed = walk(
            srv,
            &key,
            &format!("/api/v1/datasets/scan-indexed/records?limit=300&{filter}"),
        )
        .await;
        assert!(plain.2 > 0, "{filter}");
        assert_eq!(
            plain.0.len() as u64,
            plain.2,
            "{filter}: every row once by next"
        );
        assert_eq!(plain.0, plain.1, "{filter}: next links = offsets");
        assert_eq!(
            indexed.0, plain.0,
            "{filter}: the index answers the same rows"
        );
        assert_eq!(indexed.1, plain.1);
        assert_eq!(indexed.2, plain.2);
    }
    let all = walk(srv, &key, "/api/v1/datasets/scan-indexed/records?limit=300").await;
    assert_eq!((all.0.len(), all.2), (2500, 2500));
    assert_eq!(all.0, all.1);
    let res = c
        .get(srv.url("/api/v1/datasets/scan-indexed/records?after=x"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);

    // CKAN: `_links.next` keeps the filters and the limit, and walks every row once.
    let ckan = |path: String| {
        let c = c.clone();
        let url = srv.url(&path);
        async move {
            c.get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let filters = serde_urlencoded::to_string([("filters", r#"{"status":"check"}"#)]).unwrap();
    let first =
        format!("/api/3/action/datastore_search?resource_id=scan-indexed.csv&limit=50&{filters}");
    let mut link = first.clone();
    let mut seen = Vec::new();
    loop {
        let page = ckan(link.clone()).await;
        let r = &page["result"];
        assert_eq!(r["total"], 358, "{page}");
        let rows = r["records"].as_array().unwrap();
        if rows.is_empty() {
            break;
        }
        assert!(rows.iter().all(|x| x["status"] == "check"));
        seen.extend(rows.iter().map(|x| x["_id"].as_i64().unwrap()));
        link = r["_links"]["next"].as_str().unwrap().to_string();
        assert!(link.contains("after="), "{link}");
    }
    let mut by_offset = Vec::new();
    for offset in (0..400).step_by(50) {
        let page = ckan(format!("{first}&offset={offset}")).await;
        let rows = page["result"]["records"].as_array().unwrap().clone();
        by_offset.extend(rows.iter().map(|x| x["_id"].as_i64().unwrap()));
    }
    assert_eq!(seen, by_offset);
    assert_eq!(seen.len(), 358);
    // A sort on a field pages by offset only, and says so when asked for `after`.
    let page = ckan(format!("{first}&sort=site%20desc&after=5")).await;
    assert_eq!(page["success"], false, "{page}");
    assert!(page["error"]["after"].is_array(), "{page}");

    // The engine reads the field's index (SQLite's plan; PostgreSQL's planner chooses by
    // the table's statistics, so there the index is checked to exist).
    let db = &srv.db;
    let backend = db.get_database_backend();
    let indexes = |code: &'static str| async move {
        let model = server::modules::datasets::store::find(db, code)
            .await
            .unwrap();
        let sql = match backend {
            sea_orm::DbBackend::Postgres => format!(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix\\_dsf\\_{}\\_%'",
                model.id
            ),
            _ => format!(
                "SELECT name FROM sqlite_master WHERE name LIKE 'ix\\_dsf\\_{}\\_%' ESCAPE '\\'",
                model.id
            ),
        };
        db.query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await
            .unwrap()
            .len()
    };
    assert_eq!(indexes("scan-indexed").await, 2);
    assert_eq!(indexes("scan-plain").await, 0);
    if backend == sea_orm::DbBackend::Sqlite {
        use server::modules::datasets::{query, store};
        let model = store::find(db, "scan-indexed").await.unwrap();
        let def = store::definition(&model).unwrap();
        let page = query::page_statement(
            backend,
            query::Source {
                model: &model,
                def: &def,
            },
            &query::DsQuery {
                filters: vec![("status".into(), vec![json!("check")])],
                ..Default::default()
            },
        )
        .unwrap()
        .statement;
        let plan = db
            .query_all_raw(sea_orm::Statement::from_sql_and_values(
                backend,
                format!("EXPLAIN QUERY PLAN {}", page.sql),
                page.values.map(|v| v.0).unwrap_or_default(),
            ))
            .await
            .unwrap();
        let plan: Vec<String> = plan
            .iter()
            .map(|r| r.try_get::<String>("", "detail").unwrap())
            .collect();
        assert!(
            plan.iter().any(|d| d.contains("ix_dsf_")),
            "the filter reads the field's index: {plan:?}"
        );
    }
    // Declared again without `indexed`, the dataset's indexes go.
    let res = c
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(&key)
        .json(&def("scan-indexed", false))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(indexes("scan-indexed").await, 0);
}
both_engines!(indexed_filters_and_keyset_pages_answer_the_same_rows);
