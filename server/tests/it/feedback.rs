//! Citizen feedback through HTTP: a citizen files and follows a report; officials handle
//! it within their department; the public never sees personal data or internal notes.

use super::common;

use common::{Engine, TestServer};
use serde_json::{json, Value};

const OFFICIAL: (&str, &str) = ("official@demo.ioc.vn", "demo-official-2024");

fn pothole() -> Value {
    json!({"service_code": "road", "description": "Ổ gà lớn trước số 12 Lê Lợi, xe máy dễ ngã",
        "lat": 10.346, "lon": 107.084, "name": "Nguyễn Văn A", "phone": "0909 123 456",
        "email": "a@example.vn"})
}

async fn act(srv: &TestServer, c: &reqwest::Client, id: i64, action: Value) -> (u16, Value) {
    srv.call_json(c, "feedback/act", json!({"id": id, "action": action}))
        .await
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

    let (status, filed) = srv
        .call_json(&citizen, "feedback/file", json!({"report": pothole()}))
        .await;
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
    let (_, inbox) = srv
        .call_json(
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
    let (status, inbox) = srv
        .call_json(
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
        .any(|p| p[0] == json!(10.346) && p[1] == json!(107.084) && p[2] == json!(false)));
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
    let (status, body) = srv
        .call_json(&c, "feedback/file", json!({"report": r}))
        .await;
    assert_eq!(
        (status, body["detail"]["field"].clone()),
        (422, json!("location"))
    );
    let mut r = pothole();
    r["service_code"] = json!("nope");
    let (_, body) = srv
        .call_json(&c, "feedback/file", json!({"report": r}))
        .await;
    assert_eq!(body["detail"]["field"], "service_code");
    let mut r = pothole();
    r["description"] = json!("ngắn");
    let (_, body) = srv
        .call_json(&c, "feedback/file", json!({"report": r}))
        .await;
    assert_eq!(body["detail"]["field"], "description");
    assert_eq!(
        srv.call_json(
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
    let settings =
        server::config::Settings::default().with_module(server::modules::feedback::Settings {
            reports_per_hour: 2,
            ..Default::default()
        });
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

    // Behind a trusted proxy each forwarded client has its own allowance: the address the
    // proxy appended (the last), not what the client wrote before it.
    let settings = server::config::Settings {
        trust_proxy: true,
        ..Default::default()
    }
    .with_module(server::modules::feedback::Settings {
        reports_per_hour: 1,
        ..Default::default()
    });
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let c = srv.browser();
    for (spoofed, ip, want) in [
        ("10.0.0.1", "198.51.100.1", 200),
        ("10.0.0.1", "198.51.100.2", 200),
        ("10.0.0.2", "198.51.100.1", 429),
    ] {
        let res = c
            .post(srv.url("/api/feedback/file"))
            .header("x-forwarded-for", format!("{spoofed}, {ip}"))
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

/// A JPEG whose EXIF says it was taken at (lat, lon), as a phone writes it.
fn jpeg_with_gps(w: u32, h: u32, lat: f64, lon: f64) -> Vec<u8> {
    server::modules::feedback::photos::sample(w, h, Some((lat, lon)))
}

async fn upload(
    srv: &TestServer,
    c: &reqwest::Client,
    bytes: Vec<u8>,
    ctype: &str,
) -> (u16, Value) {
    let res = c
        .post(srv.url("/api/v1/feedback/photos"))
        .header("content-type", ctype)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn photos_are_checked_reencoded_and_served_without_exif(srv: &TestServer) {
    let citizen = srv.browser();
    let original = jpeg_with_gps(640, 480, 10.3465, 107.0851);
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&original))
            .is_ok(),
        "the test photo carries EXIF"
    );
    let (status, up) = upload(srv, &citizen, original, "image/jpeg").await;
    assert_eq!(status, 201, "{up}");
    assert_eq!(
        (up["width"].clone(), up["height"].clone()),
        (json!(640), json!(480))
    );
    // The camera's position is offered back to place the report.
    assert!((up["lat"].as_f64().unwrap() - 10.3465).abs() < 1e-4, "{up}");
    assert!(
        (up["lon"].as_f64().unwrap() - 107.0851).abs() < 1e-4,
        "{up}"
    );
    let token = up["token"].as_str().unwrap().to_string();
    // Not served until a report takes it.
    let res = citizen
        .get(srv.url(&format!("/api/v1/feedback/photos/{token}.jpg")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Refused by content, whatever the name or type claims.
    let html = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    for (bytes, ctype) in [(html, "image/jpeg"), (svg, "image/svg+xml")] {
        let (status, err) = upload(srv, &citizen, bytes, ctype).await;
        assert_eq!(status, 422, "{err}");
        assert_eq!(err["error"]["detail"]["field"], "photo", "{err}");
        assert!(
            err["error"]["detail"]["message"]["en"]
                .as_str()
                .unwrap()
                .contains("JPEG, PNG or WebP"),
            "{err}"
        );
    }
    // A pixel flood: a tiny file whose header claims 60,000 × 60,000 pixels.
    let mut flood = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut flood)
        .encode_image(&image::RgbImage::new(16, 16))
        .unwrap();
    let sof = flood
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline JPEG");
    flood[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    let (status, err) = upload(srv, &citizen, flood, "image/jpeg").await;
    assert_eq!(status, 422, "{err}");
    assert!(
        err["error"]["detail"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("megapixels"),
        "{err}"
    );
    // Over 10 MB.
    let (status, _) = upload(
        srv,
        &citizen,
        vec![0xFF; 10 * 1024 * 1024 + 10],
        "image/jpeg",
    )
    .await;
    assert_eq!(status, 413);
    // PNG with transparency is accepted and served as JPEG.
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(30, 20, image::Rgba([255, 0, 0, 0]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let (status, up_png) = upload(srv, &citizen, png, "application/octet-stream").await;
    assert_eq!(status, 201, "{up_png}");
    assert_eq!(up_png["lat"], Value::Null);

    // Four photos are too many; a token is taken once.
    let mut report = pothole();
    report["photos"] = json!([token, token, token, token]);
    let (status, err) = srv
        .call_json(&citizen, "feedback/file", json!({"report": report}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(err["detail"]["field"], "photos", "{err}");
    report["photos"] = json!([token, up_png["token"]]);
    let (status, filed) = srv
        .call_json(&citizen, "feedback/file", json!({"report": report.clone()}))
        .await;
    assert_eq!(status, 200, "{filed}");
    let (status, err) = srv
        .call_json(&citizen, "feedback/file", json!({"report": report}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(err["detail"]["field"], "photos", "{err}");

    let code = filed["code"].as_str().unwrap();
    let (_, public) = srv
        .call(&citizen, "feedback/track", &[("code", code)])
        .await;
    let photos = public["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert!(
        !public.to_string().contains("10.3465"),
        "the EXIF position stays private"
    );
    let url = photos[0]["url"].as_str().unwrap();
    let res = citizen.get(srv.url(url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let served = res.bytes().await.unwrap();
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&served[..]))
            .is_err(),
        "no EXIF in the served copy"
    );
    assert!(
        !served.windows(4).any(|w| w == b"Exif") && !served.windows(8).any(|w| w == b"PhoneCam")
    );
    let decoded = image::load_from_memory(&served).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (640, 480));

    // Officials see the camera's position; the answer can carry a photo of the work.
    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    let id = filed["id"].as_i64().unwrap();
    let (_, full) = srv
        .call(&official, "feedback/report", &[("id", &id.to_string())])
        .await;
    let pos = full["photo_position"].as_array().unwrap();
    assert!((pos[0].as_f64().unwrap() - 10.3465).abs() < 1e-4, "{full}");
    let (_, done) = upload(
        srv,
        &citizen,
        jpeg_with_gps(320, 240, 10.0, 107.0),
        "image/jpeg",
    )
    .await;
    for action in [
        json!({"action": "accept"}),
        json!({"action": "start"}),
        json!({"action": "resolve", "answer": "Đã vá ổ gà", "photos": [done["token"]]}),
    ] {
        let (status, body) = act(srv, &official, id, action).await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, public) = srv
        .call(&citizen, "feedback/track", &[("code", code)])
        .await;
    let purposes: Vec<&str> = public["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, ["report", "report", "resolution"]);

    // A rejected report's photo is no longer served.
    let (_, up) = upload(
        srv,
        &citizen,
        jpeg_with_gps(64, 48, 10.0, 107.0),
        "image/jpeg",
    )
    .await;
    let mut report = pothole();
    report["photos"] = json!([up["token"]]);
    let (_, filed) = srv
        .call_json(&citizen, "feedback/file", json!({"report": report}))
        .await;
    let (_, public) = srv
        .call(
            &citizen,
            "feedback/track",
            &[("code", filed["code"].as_str().unwrap())],
        )
        .await;
    let url = srv.url(public["photos"][0]["url"].as_str().unwrap());
    assert_eq!(citizen.get(&url).send().await.unwrap().status(), 200);
    let reject = json!({"action": "reject", "reason": "Ảnh không liên quan"});
    assert_eq!(
        act(srv, &official, filed["id"].as_i64().unwrap(), reject)
            .await
            .0,
        200
    );
    assert_eq!(citizen.get(&url).send().await.unwrap().status(), 404);
}

async fn similar_reports_are_offered_and_stale_answers_close(srv: &TestServer) {
    let citizen = srv.browser();
    let (status, first) = srv
        .call_json(&citizen, "feedback/file", json!({"report": pothole()}))
        .await;
    assert_eq!(status, 200, "{first}");
    let near = |lat: &str, lon: &str, svc: &str| {
        vec![
            ("service_code".to_string(), svc.to_string()),
            ("lat".to_string(), lat.to_string()),
            ("lon".to_string(), lon.to_string()),
        ]
    };
    let call = |form: Vec<(String, String)>| {
        let c = citizen.clone();
        async move {
            let f: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            srv.call(&c, "feedback/similar", &f).await
        }
    };
    // 50 m away, same category: offered, with its public id and no tracking code.
    let (status, list) = call(near("10.3464", "107.0842", "road")).await;
    assert_eq!(status, 200, "{list}");
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], first["id"]);
    assert!(list[0]["distance_m"].as_f64().unwrap() < 60.0);
    assert!(!Value::Array(list)
        .to_string()
        .contains(first["code"].as_str().unwrap()));
    // Another category, or 1 km away: nothing.
    assert_eq!(
        call(near("10.3464", "107.0842", "waste")).await.1,
        json!([])
    );
    assert_eq!(call(near("10.3550", "107.0840", "road")).await.1, json!([]));
    // Filing again is still allowed: offered, never merged.
    let (status, second) = srv
        .call_json(&citizen, "feedback/file", json!({"report": pothole()}))
        .await;
    assert_eq!(status, 200);
    assert_ne!(second["code"], first["code"]);

    // Resolved long ago and never rated: closed by the worker, once, even by two at once.
    let official = srv.browser();
    assert_eq!(srv.login(&official, OFFICIAL.0, OFFICIAL.1).await, 200);
    let id = first["id"].as_i64().unwrap();
    for action in [
        json!({"action": "accept"}),
        json!({"action": "start"}),
        json!({"action": "resolve", "answer": "Đã vá"}),
    ] {
        assert_eq!(act(srv, &official, id, action).await.0, 200);
    }
    assert_eq!(
        server::modules::feedback::store::auto_close(&srv.db, 7)
            .await
            .unwrap(),
        0,
        "too recent"
    );
    use sea_orm::{ConnectionTrait, Statement};
    let backend = srv.db.get_database_backend();
    srv.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            if backend == sea_orm::DbBackend::Postgres {
                "UPDATE feedback_report SET resolved_at = $1 WHERE id = $2"
            } else {
                "UPDATE feedback_report SET resolved_at = ?1 WHERE id = ?2"
            },
            [
                (chrono::Utc::now() - chrono::Duration::days(8)).into(),
                id.into(),
            ],
        ))
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        server::modules::feedback::store::auto_close(&srv.db, 7),
        server::modules::feedback::store::auto_close(&srv.db, 7)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let (_, public) = srv
        .call(
            &citizen,
            "feedback/track",
            &[("code", first["code"].as_str().unwrap())],
        )
        .await;
    assert_eq!(public["status"], "closed");
    let closes = public["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "closed")
        .count();
    assert_eq!(closes, 1);
    assert_eq!(public["answer"], "Đã vá", "the answer stays");
}

both_engines!(photos_are_checked_reencoded_and_served_without_exif);
both_engines!(similar_reports_are_offered_and_stale_answers_close);

/// The overview's feedback tiles are the reports themselves: one more report filed is
/// one more on the tile of its year and district (and 2024's demo reports are counted).
async fn the_overview_counts_real_reports(srv: &TestServer) {
    let official = srv.browser();
    assert_eq!(
        srv.login(&official, "official@demo.ioc.vn", "demo-official-2024")
            .await,
        200
    );
    let tile = |year: String, district: Option<&'static str>| {
        let official = official.clone();
        async move {
            let mut form = vec![("year", year)];
            if let Some(d) = district {
                form.push(("district", d.to_string()));
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, data) = srv.call(&official, "overview/summary", &form).await;
            assert_eq!(status, 200, "{data}");
            data["kpis"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["key"] == "feedback")
                .map(|k| k["value"].as_f64().unwrap())
        }
    };
    assert!(
        tile("2024".into(), None).await.unwrap() > 100.0,
        "the demo's reports of 2024"
    );
    let year = (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%Y")
        .to_string();
    let before = tile(year.clone(), None).await.unwrap();
    let in_vung_tau = tile(year.clone(), Some("747")).await.unwrap();
    let (status, filed) = srv
        .call_json(
            &srv.browser(),
            "feedback/file",
            json!({"report": pothole()}),
        )
        .await;
    assert_eq!(status, 200, "{filed}");
    assert_eq!(tile(year.clone(), None).await, Some(before + 1.0));
    assert_eq!(tile(year, Some("747")).await, Some(in_vung_tau + 1.0));
}
both_engines!(the_overview_counts_real_reports);
