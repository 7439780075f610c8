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
    let kept = server::modules::admin_services::store::counters(&srv.db)
        .await
        .unwrap();
    let recount = server::modules::admin_services::store::recount(&srv.db)
        .await
        .unwrap();
    assert_eq!(kept, recount);
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
