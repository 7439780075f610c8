//! The indicator engine through HTTP: definitions checked and audited, values per unit
//! and period, year to date, % of target, status and provenance, computed by hand on a
//! small fixture — on both engines.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};

const ADMIN: (&str, &str) = ("admin@demo.ioc.vn", "demo-admin-2024");
const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");

/// Five rows in 2030, Jan–Mar, two districts: Σ visitors = 390, Σ arrivals = 700.
const ROWS: &str = "district_code,month,visitors,arrivals
747,2030-01,100,200
748,2030-01,50,100
747,2030-02,120,200
748,2030-02,30,100
747,2030-03,90,100
";

async fn push(srv: &TestServer, key: &str, csv: &str) {
    let res = srv
        .browser()
        .post(srv.url("/api/v1/datasets/fix-visits/records"))
        .bearer_auth(key)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// The fixture dataset, through the ingestion API with a tourism key.
async fn fixture(srv: &TestServer) -> String {
    let key = srv.ingest_key("sdl-system", "SDL").await;
    let res = srv
        .browser()
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(&key)
        .json(
            &json!({"code": "fix-visits", "title": "Fixture", "frequency": "monthly",
            "fields": [
                {"name": "district_code", "type": "unit", "required": true},
                {"name": "month", "type": "period", "required": true},
                {"name": "visitors", "type": "integer", "min": 0},
                {"name": "arrivals", "type": "integer", "min": 0},
                {"name": "note", "type": "text"}],
            "key": ["district_code", "month"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    push(srv, &key, ROWS).await;
    key
}

fn sum_def() -> Value {
    json!({"code": "fix-sum", "title": "Lượt khách (kiểm thử)", "unit": "lượt",
        "direction": "higher", "periodicity": "month", "department": "SDL",
        "formula": {"aggregate": "sum", "dataset": "fix-visits", "field": "visitors"},
        "targets": [{"year": 2030, "value": 1560}]})
}

fn ratio_def() -> Value {
    json!({"code": "fix-ratio", "title": "Tỷ lệ (kiểm thử)", "unit": "%", "decimals": 1,
        "direction": "higher", "periodicity": "month", "department": "SDL",
        "formula": {"aggregate": "ratio", "dataset": "fix-visits", "field": "visitors",
                    "denominator": "arrivals", "factor": 100},
        "targets": [{"year": 2030, "value": 60}]})
}

async fn save(
    srv: &TestServer,
    c: &reqwest::Client,
    def: &Value,
    original: Option<&str>,
) -> (u16, Value) {
    let res = c
        .post(srv.url("/api/indicators/save"))
        .json(&json!({ "def": def, "original": original }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn indicator<'a>(board: &'a Value, code: &str) -> &'a Value {
    board["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["def"]["code"] == code)
        .unwrap_or_else(|| panic!("{code} on the board"))
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-6)
}

async fn values_targets_and_status(srv: &TestServer) {
    let key = fixture(srv).await;
    let admin = srv.browser();
    assert_eq!(srv.login(&admin, ADMIN.0, ADMIN.1).await, 200);
    assert_eq!(save(srv, &admin, &sum_def(), None).await.0, 200);
    assert_eq!(save(srv, &admin, &ratio_def(), None).await.0, 200);

    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    let (status, board) = srv
        .call(&official, "indicators/board", &[("year", "2030")])
        .await;
    assert_eq!(status, 200, "{board}");
    assert!(board["years"].as_array().unwrap().contains(&json!(2030)));

    // Σ = 390 by March against 1,560 × 3/12 = 390: 100 %, green.
    let s = indicator(&board, "fix-sum");
    assert!(close(&s["value"], 390.0), "{s}");
    assert!(close(&s["target"], 1560.0));
    assert!(close(&s["target_to_date"], 390.0));
    assert!(close(&s["pct_of_target"], 100.0));
    assert_eq!(s["status"], "green");
    assert_eq!(s["last_period"], "2030-03");
    assert_eq!(s["to_date"][0], json!(150.0));
    assert_eq!(s["to_date"][1], json!(300.0));
    assert_eq!(s["to_date"][3], Value::Null);
    assert_eq!(s["target_line"][11], json!(1560.0));
    let vt = s["by_unit"].as_array().unwrap();
    let of = |code: &str| vt.iter().find(|u| u["unit"] == code).unwrap().clone();
    assert!(close(&of("747")["value"], 310.0));
    assert!(close(&of("748")["value"], 80.0));
    assert_eq!(of("755")["status"], "no_data");

    // Σa ÷ Σb × 100 = 55.71 % against 60 (not pro-rata): 92.9 % attained, amber.
    let r = indicator(&board, "fix-ratio");
    assert!(close(&r["value"], 390.0 / 700.0 * 100.0), "{r}");
    assert!(close(&r["target_to_date"], 60.0));
    assert_eq!(r["status"], "amber");

    // Through February, district 747: 220, no district target.
    let (_, feb) = srv
        .call(
            &official,
            "indicators/board",
            &[("year", "2030"), ("through_month", "2"), ("unit", "747")],
        )
        .await;
    let s = indicator(&feb, "fix-sum");
    assert!(close(&s["value"], 220.0), "{s}");
    assert_eq!(s["status"], "no_target");

    // A late row from a second batch moves the value and shows in the provenance.
    push(
        srv,
        &key,
        "district_code,month,visitors,arrivals\n748,2030-03,40,50\n",
    )
    .await;
    let (_, board) = srv
        .call(&official, "indicators/board", &[("year", "2030")])
        .await;
    assert!(close(&indicator(&board, "fix-sum")["value"], 430.0));
    let (status, p) = srv
        .call(
            &official,
            "indicators/provenance",
            &[("code", "fix-sum"), ("year", "2030")],
        )
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["row_count"], 6);
    assert!(close(&p["value"], 430.0));
    assert_eq!(p["dataset"], "fix-visits");
    assert_eq!(p["department"], "SDL");
    assert_eq!(p["batches"].as_array().unwrap().len(), 2);
    assert!(p["batches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["actor"].as_str().unwrap().starts_with("key:sdl-system")));
    let (_, p) = srv
        .call(
            &official,
            "indicators/provenance",
            &[
                ("code", "fix-sum"),
                ("year", "2030"),
                ("period", "2030-02"),
                ("unit", "748"),
            ],
        )
        .await;
    assert_eq!(p["row_count"], 1);
    assert!(close(&p["value"], 30.0));
    assert_eq!(p["rows"][0]["values"][0], json!(["visitors", 30.0]));
    let (status, _) = srv
        .call(
            &official,
            "indicators/provenance",
            &[("code", "fix-sum"), ("year", "2030"), ("period", "2030-13")],
        )
        .await;
    assert_eq!(status, 422);
}
both_engines!(values_targets_and_status);

async fn definitions_are_checked_and_audited(srv: &TestServer) {
    fixture(srv).await;
    let anon = srv.browser();
    assert_eq!(save(srv, &anon, &sum_def(), None).await.0, 401);
    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    assert_eq!(save(srv, &official, &sum_def(), None).await.0, 403);
    assert_eq!(
        srv.call(&official, "indicators/catalogue", &[]).await.0,
        403
    );

    let admin = srv.browser();
    assert_eq!(srv.login(&admin, ADMIN.0, ADMIN.1).await, 200);
    // A formula naming a missing field is refused with the field named; nothing stored.
    let mut bad = sum_def();
    bad["formula"]["field"] = json!("visits");
    let (status, body) = save(srv, &admin, &bad, None).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["detail"]["field"], "formula.field");
    assert!(body["detail"]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("visits"));
    let mut bad = sum_def();
    bad["formula"]["field"] = json!("note");
    assert_eq!(
        save(srv, &admin, &bad, None).await.1["detail"]["field"],
        "formula.field"
    );
    let mut bad = sum_def();
    bad["formula"]["dataset"] = json!("nope");
    assert_eq!(
        save(srv, &admin, &bad, None).await.1["detail"]["field"],
        "formula.dataset"
    );
    let (_, cat) = srv.call(&admin, "indicators/catalogue", &[]).await;
    assert!(!cat["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["def"]["code"] == "fix-sum"));
    assert!(cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "fix-visits" && d["numeric_fields"].as_array().unwrap().len() == 2));

    assert_eq!(save(srv, &admin, &sum_def(), None).await.0, 200);
    let (status, body) = save(srv, &admin, &sum_def(), None).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"]["field"], "code");

    // Edit the target: the board follows and the audit log has before and after.
    let mut edited = sum_def();
    edited["targets"] = json!([{"year": 2030, "value": 3120}]);
    let (status, saved) = save(srv, &admin, &edited, Some("fix-sum")).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["updated_by"], ADMIN.0);
    let (_, board) = srv
        .call(&admin, "indicators/board", &[("year", "2030")])
        .await;
    let s = indicator(&board, "fix-sum");
    assert!(close(&s["target_to_date"], 780.0));
    assert_eq!(s["status"], "red");

    assert_eq!(
        srv.call(&admin, "indicators/delete", &[("code", "fix-sum")])
            .await
            .0,
        200
    );
    assert_eq!(
        srv.call(&admin, "indicators/delete", &[("code", "fix-sum")])
            .await
            .0,
        404
    );
    let (_, audit) = srv.call(&admin, "admin/audit", &[]).await;
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["target"] == "fix-sum")
        .map(|a| {
            (
                a["action"].as_str().unwrap().into(),
                a["actor"].as_str().unwrap().into(),
            )
        })
        .collect();
    for action in ["indicator.create", "indicator.update", "indicator.delete"] {
        assert!(
            actions.contains(&(action.to_string(), ADMIN.0.to_string())),
            "{action} in {actions:?}"
        );
    }
    let update = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "indicator.update")
        .unwrap();
    assert!(update["detail"].as_str().unwrap().contains("3120"));
}
both_engines!(definitions_are_checked_and_audited);

async fn demo_indicators_match_the_province_facts(srv: &TestServer) {
    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    let (status, board) = srv
        .call(&official, "indicators/board", &[("year", "2023")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(board["demo"], true);
    assert_eq!(board["districts"].as_array().unwrap().len(), 8);
    assert!(close(&indicator(&board, "grdp")["value"], 366_456.0));
    assert!(close(
        &indicator(&board, "grdp-non-oil")["value"],
        234_532.0
    ));
    assert!(close(
        &indicator(&board, "tourist-visits")["value"],
        14_110_000.0
    ));
    assert!(close(
        &indicator(&board, "overnight-guests")["value"],
        4_350_000.0
    ));
    assert!(close(
        &indicator(&board, "tourism-revenue")["value"],
        14_678.0
    ));
    let (_, board) = srv
        .call(&official, "indicators/board", &[("year", "2024")])
        .await;
    assert!(close(
        &indicator(&board, "budget-revenue")["value"],
        98_200.0
    ));
    assert!(close(
        &indicator(&board, "tourist-visits")["value"],
        16_120_000.0
    ));
    // An unknown district is a field error, not an empty board.
    let (status, body) = srv
        .call(
            &official,
            "indicators/board",
            &[("year", "2024"), ("unit", "999")],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"]["field"], "unit");
}
both_engines!(demo_indicators_match_the_province_facts);
