//! Module 1 through HTTP: dossiers pushed by agencies' keys into the `dossiers` dataset,
//! counted as officials count them (checked against hand-computed fixtures), the lists
//! behind the numbers, and who may see what — on both engines.

use super::common;

use common::{Engine, TestServer};
use serde_json::Value;

const HEADER: &str = "id,agency,procedure_code,procedure_name,unit,level,channel,received_at,due_at,resolved_at,status,paid_online,digitised\n";

/// One fixture dossier of the Department of Justice (STP) as a CSV line.
fn line(
    id: &str,
    channel: &str,
    received: &str,
    due: &str,
    resolved: &str,
    status: &str,
) -> String {
    let paid = id == "T-A";
    let digitised = id != "T-G";
    format!(
        "{id},STP,2.000488,\"Cấp Phiếu lý lịch tư pháp\",77,full_online,{channel},{received},{due},{resolved},{status},{paid},{digitised}\n"
    )
}

async fn push(srv: &TestServer, c: &reqwest::Client, key: &str, body: &str) -> (u16, Value) {
    let res = c
        .post(srv.url("/api/v1/datasets/dossiers/records"))
        .bearer_auth(key)
        .header("content-type", "text/csv")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn summary(srv: &TestServer, c: &reqwest::Client, query: &str) -> Value {
    let res = c
        .get(srv.url(&format!("/api/v1/admin-services/summary?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The fixtures: January and February 2023, before any demo dossier.
fn fixtures() -> String {
    let due = "2023-01-10T17:00:00+07:00";
    let mut csv = String::from(HEADER);
    // Resolved exactly at the deadline: on time.
    csv += &line(
        "T-A",
        "online",
        "2023-01-02T09:00:00+07:00",
        due,
        "2023-01-10T17:00:00+07:00",
        "resolved",
    );
    // One second after it: late.
    csv += &line(
        "T-B",
        "online",
        "2023-01-03T09:00:00+07:00",
        due,
        "2023-01-10T17:00:01+07:00",
        "resolved",
    );
    // Late in the evening of the day before the due day: early.
    csv += &line(
        "T-C",
        "counter",
        "2023-01-03T10:00:00+07:00",
        due,
        "2023-01-09T23:30:00+07:00",
        "resolved",
    );
    // Received in January, resolved in February.
    csv += &line(
        "T-D",
        "counter",
        "2023-01-30T10:00:00+07:00",
        "2023-02-03T17:00:00+07:00",
        "2023-02-01T09:00:00+07:00",
        "resolved",
    );
    // 18:00 UTC on 31 January is 01:00 on 1 February in the province: a February dossier.
    csv += &line(
        "T-E",
        "counter",
        "2023-01-31T18:00:00Z",
        "2023-02-10T17:00:00+07:00",
        "",
        "processing",
    );
    // Returned and withdrawn: received, never pending nor resolved.
    csv += &line(
        "T-F",
        "counter",
        "2023-01-05T09:00:00+07:00",
        due,
        "",
        "returned",
    );
    csv += &line(
        "T-G",
        "counter",
        "2023-01-06T09:00:00+07:00",
        due,
        "",
        "withdrawn",
    );
    // Pending for now; resolved late by a later push.
    csv += &line(
        "T-H",
        "counter",
        "2023-01-04T09:00:00+07:00",
        "2023-01-20T17:00:00+07:00",
        "",
        "processing",
    );
    csv
}

const JANUARY: &str = "from=2023-01-01&to=2023-01-31&agency=STP";
const FEBRUARY: &str = "from=2023-02-01&to=2023-02-28&agency=STP";

async fn counters_follow_the_dossiers(srv: &TestServer) {
    let c = srv.browser();
    let stp = srv.ingest_key("stp-system", "STP").await;
    let (status, report) = push(srv, &c, &stp, &fixtures()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["inserted"], 8);

    let jan = summary(srv, &c, JANUARY).await;
    assert_eq!(jan["received"], 7, "{jan}");
    assert_eq!(jan["resolved"], 3);
    assert_eq!(jan["resolved_early"], 1);
    assert_eq!(jan["resolved_on_time"], 1);
    assert_eq!(jan["resolved_late"], 1);
    // T-D (due in February) and T-H (due 20 January) are pending at the end of January.
    assert_eq!(jan["pending"], 2);
    assert_eq!(jan["pending_within"], 1);
    assert_eq!(jan["pending_overdue"], 1);
    assert_eq!(jan["on_time_rate"], 66.7);
    assert_eq!(jan["online_rate"], 28.6);
    assert_eq!(jan["online_payment_rate"], 14.3);
    assert_eq!(jan["digitised_rate"], 85.7);
    assert_eq!(jan["as_of"], "2023-01-31T23:59:59+07:00");
    assert_eq!(jan["by_agency"][0]["agency"], "STP");
    assert_eq!(jan["by_agency"][0]["received"], 7);

    // The dossier moves on: pending becomes resolved, late.
    let update = format!(
        "{HEADER}{}",
        line(
            "T-H",
            "counter",
            "2023-01-04T09:00:00+07:00",
            "2023-01-20T17:00:00+07:00",
            "2023-01-25T10:00:00+07:00",
            "resolved"
        )
    );
    let (status, report) = push(srv, &c, &stp, &update).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["updated"], 1);
    let jan = summary(srv, &c, JANUARY).await;
    assert_eq!(jan["received"], 7, "an update is not a new dossier");
    assert_eq!(jan["resolved"], 4);
    assert_eq!(jan["resolved_late"], 2);
    assert_eq!(jan["pending"], 1);
    assert_eq!(jan["pending_within"], 1);
    assert_eq!(jan["pending_overdue"], 0);
    assert_eq!(jan["on_time_rate"], 50.0);

    let feb = summary(srv, &c, FEBRUARY).await;
    assert_eq!(feb["received"], 1, "{feb}");
    assert_eq!(feb["resolved"], 1);
    assert_eq!(feb["resolved_early"], 1);
    assert_eq!(feb["pending"], 1);
    assert_eq!(feb["pending_overdue"], 1);
    assert_eq!(feb["on_time_rate"], 100.0);

    // Both months in one period: flows per month, pending at each month's end.
    let both = summary(srv, &c, "from=2023-01-01&to=2023-02-28&agency=STP").await;
    assert_eq!(both["received"], 8);
    let months = both["by_month"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months[0]["month"], "2023-01");
    assert_eq!(months[0]["received"], 7);
    assert_eq!(months[0]["pending"], 1);
    assert_eq!(months[1]["received"], 1);
    assert_eq!(months[1]["pending_overdue"], 1);

    // Periods that start and end inside months (whole months are read from the monthly
    // counters, the edge days from the daily ones).
    let mid = summary(srv, &c, "from=2023-01-05&to=2023-02-05&agency=STP").await;
    assert_eq!(mid["received"], 4, "T-F, T-G, T-D, T-E: {mid}");
    assert_eq!(mid["resolved"], 5);
    assert_eq!(mid["resolved_early"], 2);
    assert_eq!(mid["resolved_on_time"], 1);
    assert_eq!(mid["resolved_late"], 2);
    assert_eq!(mid["pending"], 1);
    assert_eq!(mid["pending_within"], 1);
    let months = mid["by_month"].as_array().unwrap();
    assert_eq!(months[0]["received"], 3, "January from the 5th");
    assert_eq!(months[0]["pending"], 1, "T-D at the end of January");
    assert_eq!(months[1]["received"], 1);
    let rest = summary(srv, &c, "from=2023-01-09&to=2023-01-31&agency=STP").await;
    assert_eq!(rest["received"], 1, "T-D: {rest}");
    assert_eq!(rest["resolved"], 4);
    assert_eq!(rest["pending"], 1);
    assert_eq!(rest["pending_overdue"], 0);
    let days = summary(srv, &c, "from=2023-01-09&to=2023-01-20&agency=STP").await;
    assert_eq!(days["received"], 0, "{days}");
    assert_eq!(days["resolved"], 3);
    assert_eq!(days["resolved_early"], 1);
    assert_eq!(days["resolved_late"], 1);
    assert_eq!(days["pending"], 1, "T-H, due at 17:00 on the 20th");
    assert_eq!(days["pending_overdue"], 1);

    // A period with nothing resolved has no rate.
    let empty = summary(srv, &c, "from=2022-01-01&to=2022-01-31&agency=STP").await;
    assert_eq!(empty["received"], 0);
    assert_eq!(empty["on_time_rate"], Value::Null);

    // The numbers open their dossiers (an official).
    assert_eq!(
        srv.login(&c, "official@demo.ioc.vn", "demo-official-2024")
            .await,
        200
    );
    let list = |q: &'static str| {
        let c = c.clone();
        let url = srv.url(&format!("/api/v1/admin-services/dossiers?{q}"));
        async move {
            let res = c.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let late = list("kind=late&from=2023-01-01&to=2023-01-31&agency=STP").await;
    let ids: Vec<&str> = late["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(late["total"], 2);
    assert_eq!(ids, ["T-H", "T-B"], "latest resolved first");
    let overdue = list("kind=overdue&from=2023-02-01&to=2023-02-28&agency=STP").await;
    assert_eq!(overdue["total"], 1);
    assert_eq!(overdue["rows"][0]["id"], "T-E");
    assert_eq!(
        overdue["rows"][0]["received_at"],
        "2023-02-01T01:00:00+07:00"
    );
    // From 10 February 17:00 to the end of the 28th: 18 days and some hours.
    assert_eq!(overdue["rows"][0]["days_overdue"], 19);
    let received = list("kind=received&from=2023-01-01&to=2023-01-31&agency=STP").await;
    assert_eq!(received["total"], 7);

    // What the batches moved equals a count from the dossiers.
    use server::modules::admin_services::store;
    let kept = store::counters(&srv.db, false).await.unwrap();
    let recount = store::recount(&srv.db).await.unwrap();
    assert_eq!(kept, recount);
    let months = store::counters(&srv.db, true).await.unwrap();
    assert_eq!(months, store::per_month(&recount), "months follow the days");
}
both_engines!(counters_follow_the_dossiers);

async fn agencies_send_their_own_dossiers(srv: &TestServer) {
    let c = srv.browser();
    let stp = srv.ingest_key("stp-system", "STP").await;
    let syt = srv.ingest_key("syt-system", "SYT").await;
    let before = summary(srv, &c, JANUARY).await;

    // Another department's key may not send the Department of Justice's dossiers.
    let body = format!(
        "{HEADER}{}",
        line(
            "X-1",
            "online",
            "2023-01-02T09:00:00+07:00",
            "2023-01-10T17:00:00+07:00",
            "",
            "processing"
        )
    );
    let (status, report) = push(srv, &c, &syt, &body).await;
    assert_eq!(status, 422, "{report}");
    assert_eq!(report["rejections"][0]["row"], 2);
    assert_eq!(report["rejections"][0]["column"], "agency");

    // Bad rows are named by row and column, and nothing of the batch is stored.
    let mut bad = String::from(HEADER);
    bad += &line(
        "X-2",
        "online",
        "2023-01-02T09:00:00+07:00",
        "2023-01-10T17:00:00+07:00",
        "",
        "resolved",
    );
    bad += &line(
        "X-3",
        "online",
        "2023-01-02T09:00:00",
        "2023-01-10T17:00:00+07:00",
        "",
        "processing",
    );
    bad += &line(
        "X-4",
        "online",
        "2023-01-12T09:00:00+07:00",
        "2023-01-10T17:00:00+07:00",
        "",
        "processing",
    );
    bad += &line(
        "X-5",
        "online",
        "2023-01-02T09:00:00+07:00",
        "2023-01-10T17:00:00+07:00",
        "",
        "processing",
    );
    let (status, report) = push(srv, &c, &stp, &bad).await;
    assert_eq!(status, 422, "{report}");
    let named: Vec<(u64, &str)> = report["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        named,
        [(2, "resolved_at"), (3, "received_at"), (4, "due_at")]
    );
    let after = summary(srv, &c, JANUARY).await;
    assert_eq!(before["received"], after["received"]);

    // The province office's key (the dataset's department) may send any agency's.
    let vp = srv.ingest_key("vp-system", "VPUBND").await;
    let (status, report) = push(srv, &c, &vp, &body).await;
    assert_eq!(status, 200, "{report}");
    let after = summary(srv, &c, JANUARY).await;
    assert_eq!(
        after["received"].as_u64().unwrap(),
        before["received"].as_u64().unwrap() + 1
    );

    // Bad filters are named.
    let res = c
        .get(srv.url("/api/v1/admin-services/summary?from=2023-13-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["detail"]["field"], "from");
    let res = c
        .get(srv.url("/api/v1/admin-services/summary?agency=NOPE"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}
both_engines!(agencies_send_their_own_dossiers);

async fn the_overdue_are_for_officials(srv: &TestServer) {
    let c = srv.browser();
    // The demo's year of dossiers has its overdue (two agencies run late).
    let res = c
        .get(srv.url("/api/v1/admin-services/overdue"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let demo = summary(srv, &c, "").await;
    assert!(
        demo["received"].as_u64().unwrap() > 10_000,
        "{}",
        demo["received"]
    );
    assert_eq!(demo["by_agency"].as_array().unwrap().len(), 14);
    assert!(demo["pending_overdue"].as_u64().unwrap() > 0);

    // Today's pending are counted now: one due a minute ago is overdue, one due later
    // today is not yet (the day's counters hold both as due by the end of today).
    let now = chrono::Utc::now().timestamp();
    let tomorrow = (now + 7 * 3600).div_euclid(86_400) * 86_400 + 86_400 - 7 * 3600;
    let iso = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339();
    let received = iso(now - 86_400);
    let stp_before = summary(srv, &c, "agency=STP").await;
    let body = format!(
        "{HEADER}{}{}",
        line(
            "T-NOW-1",
            "counter",
            &received,
            &iso(now - 60),
            "",
            "processing"
        ),
        line(
            "T-NOW-2",
            "counter",
            &received,
            &iso(now + (tomorrow - now) / 2),
            "",
            "processing"
        )
    );
    let stp = srv.ingest_key("stp-today", "STP").await;
    let (status, report) = push(srv, &c, &stp, &body).await;
    assert_eq!(status, 200, "{report}");
    let stp_after = summary(srv, &c, "agency=STP").await;
    let moved = |k: &str| stp_after[k].as_i64().unwrap() - stp_before[k].as_i64().unwrap();
    assert_eq!(moved("pending"), 2, "{stp_after}");
    assert_eq!(moved("pending_overdue"), 1);
    assert_eq!(moved("pending_within"), 1);
    let demo = summary(srv, &c, "").await;

    assert_eq!(
        srv.login(&c, "official@demo.ioc.vn", "demo-official-2024")
            .await,
        200
    );
    let page: Value = c
        .get(srv.url("/api/v1/admin-services/overdue"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], demo["pending_overdue"], "{page}");
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 50);
    let days: Vec<i64> = rows
        .iter()
        .map(|r| r["days_overdue"].as_i64().unwrap())
        .collect();
    assert!(
        days.windows(2).all(|w| w[0] >= w[1]),
        "most overdue first: {days:?}"
    );
    // Lists carry no personal data: the dossier's own fields only.
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    for k in &keys {
        assert!(
            [
                "id",
                "agency",
                "procedure_code",
                "procedure_name",
                "unit",
                "level",
                "channel",
                "status",
                "received_at",
                "due_at",
                "resolved_at",
                "days_overdue"
            ]
            .contains(&k.as_str()),
            "{k}"
        );
    }

    // A department's key with the read scope sees its own agency's, not another's.
    let (_, key) = server::auth::api_keys::create(
        &srv.db,
        "test",
        "stnmt-read",
        &["read".into()],
        Some("STNMT"),
    )
    .await
    .unwrap();
    let own: Value = reqwest::Client::new()
        .get(srv.url("/api/v1/admin-services/overdue"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        own["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["agency"] == "STNMT"),
        "{own}"
    );
    let res = reqwest::Client::new()
        .get(srv.url("/api/v1/admin-services/overdue?agency=STP"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
both_engines!(the_overdue_are_for_officials);

async fn scorecard(srv: &TestServer, c: &reqwest::Client, period: &str) -> Value {
    let res = c
        .get(srv.url(&format!("/api/v1/admin-services/scorecard?period={period}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The scope's line of a sub-indicator.
fn line_of<'a>(card: &'a Value, scope: &str, code: &str) -> &'a Value {
    let s = if scope.is_empty() {
        &card["province"]
    } else {
        card["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["scope"] == scope)
            .unwrap()
    };
    let i = card["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d["code"] == code)
        .unwrap();
    &s["lines"][i]
}

fn agency<'a>(card: &'a Value, code: &str) -> &'a Value {
    card["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scope"] == code)
        .unwrap()
}

async fn the_766_scorecard_is_computed_corrected_and_entered(srv: &TestServer) {
    let c = srv.browser();
    let stp = srv.ingest_key("stp-system", "STP").await;
    let (status, report) = push(srv, &c, &stp, &fixtures()).await;
    assert_eq!(status, 200, "{report}");
    let resolved_late = format!(
        "{HEADER}{}",
        line(
            "T-H",
            "counter",
            "2023-01-04T09:00:00+07:00",
            "2023-01-20T17:00:00+07:00",
            "2023-01-25T10:00:00+07:00",
            "resolved"
        )
    );
    assert_eq!(push(srv, &c, &stp, &resolved_late).await.0, 200);

    // 2023-Q1 for the Department of Justice, by hand: 8 received (2 online, 1 paid online,
    // 7 digitised); 5 resolved, 3 of them early or on time; at the end of March one
    // pending (T-E), overdue. No report, no entered value.
    let card = scorecard(srv, &c, "2023-Q1").await;
    assert_eq!(card["from"], "2023-01-01");
    assert_eq!(card["to"], "2023-03-31");
    let groups = card["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .fold([0.0; 5], |mut g, d| {
            g[d["group"].as_u64().unwrap() as usize - 1] += d["max_points"].as_f64().unwrap();
            g
        });
    assert_eq!(groups, [18.0, 20.0, 22.0, 22.0, 18.0]);
    let expect = [
        ("2.1", 3.0, 5.0, 60.0, 7.2),
        ("2.2", 0.0, 1.0, 0.0, 0.0),
        ("3.1", 7.0, 8.0, 87.5, 8.75),
        ("4.2", 2.0, 8.0, 25.0, 2.0),
        ("4.3", 1.0, 8.0, 12.5, 0.75),
    ];
    for (code, n, d, ratio, points) in expect {
        let l = line_of(&card, "STP", code);
        assert_eq!(l["numerator"], n, "{code}: {l}");
        assert_eq!(l["denominator"], d, "{code}");
        assert_eq!(l["ratio"], ratio, "{code}");
        assert_eq!(l["points"], points, "{code}");
    }
    for code in ["1.1", "2.3", "5.2"] {
        assert_eq!(
            line_of(&card, "STP", code)["points"],
            Value::Null,
            "{code}: no data"
        );
    }
    let stp_score = agency(&card, "STP");
    assert_eq!(
        stp_score["groups"],
        serde_json::json!([0.0, 7.2, 8.75, 2.75, 0.0])
    );
    assert_eq!(stp_score["total"], 18.7);
    assert_eq!(stp_score["scored_max"], 40.0);
    assert_eq!(
        card["agencies"][0]["scope"], "STP",
        "the only agency with 2023 dossiers leads"
    );

    // An administrator lowers 2.1 from 12 to 10 points: the score follows, audited.
    let admin = srv.browser();
    assert_eq!(
        srv.login(&admin, "admin@demo.ioc.vn", "demo-admin-2024")
            .await,
        200
    );
    let def = &card["indicators"][3];
    assert_eq!(def["code"], "2.1");
    let edit = serde_json::json!({"edit": {"code": "2.1", "version": def["version"], "max_points": 10.0,
        "rule": {"kind": "proportional"}, "title": def["title"], "title_en": def["title_en"]}});
    let (status, saved) = srv
        .call_json(&admin, "admin-services/scorecard-edit", edit.clone())
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["updated_by"], "admin@demo.ioc.vn");
    let card = scorecard(srv, &c, "2023-Q1").await;
    assert_eq!(line_of(&card, "STP", "2.1")["points"], 6.0);
    assert_eq!(agency(&card, "STP")["total"], 17.5);
    // The same edit again is on an old version: refused, named.
    let (status, body) = srv
        .call_json(&admin, "admin-services/scorecard-edit", edit)
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("version"), "{body}");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let audit = server::db::entity::audit_log::Entity::find()
        .filter(server::db::entity::audit_log::Column::Action.eq("scorecard.edit"))
        .all(&srv.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert!(
        audit[0].detail.contains("\"max_points\":12.0"),
        "{}",
        audit[0].detail
    );
    // An official may read, not correct.
    let official = srv.browser();
    assert_eq!(
        srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
            .await,
        200
    );
    let thresholds = serde_json::json!({"edit": {"code": "2.2", "version": 1, "max_points": 4.0,
        "rule": {"kind": "thresholds", "steps": [{"at_least": 95, "share": 1}]}, "title": "x", "title_en": "x"}});
    assert_eq!(
        srv.call_json(&official, "admin-services/scorecard-edit", thresholds)
            .await
            .0,
        403
    );
    // Thresholds out of order are named.
    let bad = serde_json::json!({"edit": {"code": "2.2", "version": 1, "max_points": 4.0,
        "rule": {"kind": "thresholds", "steps": [{"at_least": 80, "share": 0.5}, {"at_least": 95, "share": 1}]},
        "title": "x", "title_en": "x"}});
    let (status, body) = srv
        .call_json(&admin, "admin-services/scorecard-edit", bad)
        .await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("rule"), "{body}");

    // Entered values: the administrator enters 1.1 for the department; a steward of
    // another department may not; a numerator above its denominator is named.
    let entry = |agency: &str, n: f64, d: f64| {
        serde_json::json!({"entry": {"code": "1.1", "period": "2023-Q1", "agency": agency,
            "numerator": n, "denominator": d}})
    };
    let (status, body) = srv
        .call_json(
            &admin,
            "admin-services/scorecard-enter",
            entry("STP", 45.0, 50.0),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let steward = srv.browser();
    assert_eq!(
        srv.login(&steward, "steward@demo.ioc.vn", "demo-steward-2024")
            .await,
        200
    );
    assert_eq!(
        srv.call_json(
            &steward,
            "admin-services/scorecard-enter",
            entry("STP", 50.0, 50.0)
        )
        .await
        .0,
        403
    );
    let (status, body) = srv
        .call_json(
            &steward,
            "admin-services/scorecard-enter",
            entry("SDL", 60.0, 50.0),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("numerator"), "{body}");
    let computed = serde_json::json!({"entry": {"code": "2.1", "period": "2023-Q1", "agency": "SDL",
        "numerator": 1, "denominator": 2}});
    assert_eq!(
        srv.call_json(&steward, "admin-services/scorecard-enter", computed)
            .await
            .0,
        422
    );
    let card = scorecard(srv, &c, "2023-Q1").await;
    assert_eq!(line_of(&card, "STP", "1.1")["ratio"], 90.0);
    assert_eq!(line_of(&card, "STP", "1.1")["points"], 5.4);
    assert_eq!(agency(&card, "STP")["groups"][0], 5.4);
    // The province adds up its agencies' entries when it has none of its own.
    assert_eq!(line_of(&card, "", "1.1")["numerator"], 45.0);

    // The feedback ratios follow module 9's reports: a report filed now counts in this
    // quarter; handled by its deadline it counts as on time; rated unsatisfied it leaves
    // the satisfaction numerator.
    let now = scorecard(srv, &c, "").await;
    let on_time = |card: &Value| {
        let l = line_of(card, "", "2.3");
        (
            l["numerator"].as_f64().unwrap_or(0.0),
            l["denominator"].as_f64().unwrap_or(0.0),
        )
    };
    let satisfied = |card: &Value| {
        line_of(card, "", "5.2")["numerator"]
            .as_f64()
            .unwrap_or(0.0)
    };
    let citizen = srv.browser();
    let report = serde_json::json!({"report": {"service_code": "road",
        "description": "Ổ gà lớn trước số 12 Lê Lợi, xe máy dễ ngã", "lat": 10.346, "lon": 107.084}});
    let (status, filed) = srv.call_json(&citizen, "feedback/file", report).await;
    assert_eq!(status, 200, "{filed}");
    let period = now["period"].as_str().unwrap().to_string();
    let filed_card = scorecard(srv, &c, &period).await;
    assert_eq!(
        on_time(&filed_card).1,
        on_time(&now).1 + 1.0,
        "a new report is within competence"
    );
    assert_eq!(on_time(&filed_card).0, on_time(&now).0);
    let id = filed["id"].as_i64().unwrap();
    for action in [
        serde_json::json!({"action": "accept"}),
        serde_json::json!({"action": "start"}),
        serde_json::json!({"action": "resolve", "answer": "Đã vá ổ gà"}),
    ] {
        let (status, body) = srv
            .call_json(
                &official,
                "feedback/act",
                serde_json::json!({"id": id, "action": action}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let resolved = scorecard(srv, &c, &period).await;
    assert_eq!(
        on_time(&resolved).0,
        on_time(&now).0 + 1.0,
        "resolved by its deadline"
    );
    let before_rating = satisfied(&resolved);
    let code = filed["code"].as_str().unwrap();
    let (status, body) = srv
        .call(
            &citizen,
            "feedback/rate",
            &[("code", code), ("satisfied", "false")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let rated = scorecard(srv, &c, &period).await;
    assert_eq!(satisfied(&rated), before_rating - 1.0, "rated unsatisfied");
    // The demo's departments entered this quarter's values, but not yet 5.3.
    assert!(line_of(&rated, "", "1.1")["points"].is_number());
    assert_eq!(line_of(&rated, "", "5.3")["points"], Value::Null);

    // Bad periods are named.
    let res = c
        .get(srv.url("/api/v1/admin-services/scorecard?period=2023-Q7"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["detail"]["field"], "period");
}
both_engines!(the_766_scorecard_is_computed_corrected_and_entered);

/// 2024's figures as the summary API, the overview and the indicator board give them.
async fn figures_of_2024(
    srv: &TestServer,
    c: &reqwest::Client,
    district: Option<&str>,
) -> (Value, Value, Value) {
    let unit = district.map(|d| format!("&unit={d}")).unwrap_or_default();
    let s = summary(srv, c, &format!("from=2024-01-01&to=2024-12-31{unit}")).await;
    let mut args = vec![("year", "2024")];
    if let Some(d) = district {
        args.push(("district", d));
    }
    let (status, overview) = srv.call(c, "overview/summary", &args).await;
    assert_eq!(status, 200, "{overview}");
    let (status, board) = srv.call(c, "indicators/board", &[("year", "2024")]).await;
    assert_eq!(status, 200, "{board}");
    (s, overview, board)
}

fn kpi(overview: &Value, key: &str) -> f64 {
    overview["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == key)
        .unwrap_or_else(|| panic!("tile {key}: {overview}"))["value"]
        .as_f64()
        .unwrap()
}

fn indicator_value(board: &Value, code: &str) -> f64 {
    board["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["def"]["code"] == code)
        .unwrap_or_else(|| panic!("{code} on the board"))["value"]
        .as_f64()
        .unwrap()
}

fn series(overview: &Value, name: &str) -> Vec<f64> {
    overview["dossiers_by_month"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("series {name}: {overview}"))["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn n(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// One source of truth: the overview's dossier tiles and chart and the indicators built
/// on `dossiers-monthly` count the same dossiers as module 1, and a dossier pushed once
/// moves all of them; no stored dataset can take the derived one's code.
async fn every_page_counts_the_same_dossiers(srv: &TestServer) {
    let c = srv.browser();
    srv.login(&c, "official@demo.ioc.vn", "demo-official-2024")
        .await;
    let check = |s: &Value, overview: &Value, board: &Value| {
        assert_eq!(kpi(overview, "dossiers"), n(s, "received"), "{overview}");
        assert_eq!(kpi(overview, "on_time"), n(s, "on_time_rate"));
        let in_time = n(s, "resolved_early") + n(s, "resolved_on_time");
        assert_eq!(series(overview, "on_time").iter().sum::<f64>(), in_time);
        assert_eq!(
            series(overview, "late").iter().sum::<f64>(),
            n(s, "resolved_late")
        );
        let resolved = n(s, "resolved");
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(
            indicator_value(board, "dossiers-on-time"),
            in_time / resolved * 100.0
        ));
        assert!(close(
            indicator_value(board, "dossiers-late"),
            n(s, "resolved_late") / resolved * 100.0
        ));
    };
    let (s, overview, board) = figures_of_2024(srv, &c, None).await;
    assert!(n(&s, "received") > 10_000.0, "the demo covers 2024: {s}");
    check(&s, &overview, &board);
    let (district, overview_747, _) = figures_of_2024(srv, &c, Some("747")).await;
    assert_eq!(kpi(&overview_747, "dossiers"), n(&district, "received"));
    assert!(n(&district, "received") < n(&s, "received"));
    // This year, which the province's statistics do not reach yet: the overview offers it
    // for the dossiers, counted to date like the summary's default.
    let this_year = summary(srv, &c, "").await;
    let year = this_year["from"].as_str().unwrap()[..4].to_string();
    let (_, overview_now) = srv
        .call(&c, "overview/summary", &[("year", year.as_str())])
        .await;
    let year: i64 = year.parse().unwrap();
    // (In the first hours of a year no dossier has come in yet: nothing to offer.)
    if n(&this_year, "received") > 0.0 {
        assert!(overview_now["years"]
            .as_array()
            .unwrap()
            .contains(&Value::from(year)));
        assert_eq!(
            kpi(&overview_now, "dossiers"),
            n(&this_year, "received"),
            "{overview_now}"
        );
    }

    // A dossier of March 2024 resolved late moves the module, the overview and the board.
    let vp = srv.ingest_key("vp-system", "VPUBND").await;
    let body = format!(
        "{HEADER}{}",
        line(
            "T-2024-LATE",
            "counter",
            "2024-03-04T09:00:00+07:00",
            "2024-03-08T17:00:00+07:00",
            "2024-03-15T10:00:00+07:00",
            "resolved"
        )
    );
    let (status, report) = push(srv, &c, &vp, &body).await;
    assert_eq!(status, 200, "{report}");
    let (after, overview_after, board_after) = figures_of_2024(srv, &c, None).await;
    assert_eq!(n(&after, "received"), n(&s, "received") + 1.0);
    assert_eq!(n(&after, "resolved_late"), n(&s, "resolved_late") + 1.0);
    assert_eq!(
        series(&overview_after, "late")[2],
        series(&overview, "late")[2] + 1.0
    );
    check(&after, &overview_after, &board_after);

    // The derived dataset's code is taken.
    let admin = srv.browser();
    srv.login(&admin, "admin@demo.ioc.vn", "demo-admin-2024")
        .await;
    let def = serde_json::json!({
        "code": "dossiers-monthly", "title": "Copy", "department": "VPUBND",
        "frequency": "monthly",
        "fields": [{"name": "unit", "type": "unit", "required": true},
                   {"name": "month", "type": "period", "required": true}],
        "key": ["unit", "month"]});
    let (status, body) = srv
        .call(&admin, "data/define", &[("definition", &def.to_string())])
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["detail"]["field"], "code");
    let (_, cat) = srv.call(&admin, "indicators/catalogue", &[]).await;
    let derived = cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "dossiers-monthly")
        .unwrap_or_else(|| panic!("offered to the editor: {cat}"));
    assert!(derived["numeric_fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f[0] == "resolved_in_time"));
}
both_engines!(every_page_counts_the_same_dossiers);
