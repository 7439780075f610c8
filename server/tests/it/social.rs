//! Module 3: the analyser over HTTP, as the page's "try a sentence" box and anyone checking
//! it call it.

use super::common;
use common::{Engine, TestServer};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

async fn analyze(srv: &TestServer, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(srv.url("/api/v1/social/analyze"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_analyser_reads_vietnamese_as_written_online() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    // Decomposed input with the old tone placement ("hoà") and a negated praise.
    let text: String = unicode_normalization::UnicodeNormalization::nfd(
        "Cán bộ phường Hoà Long KHÔNG tận tình, để dân chờ cả buổi!",
    )
    .collect();
    let (status, a) = analyze(&srv, json!({ "text": text })).await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(
        a["normalized"],
        "cán bộ phường hòa long không tận tình, để dân chờ cả buổi!"
    );
    assert_eq!(
        a["folded"],
        "can bo phuong hoa long khong tan tinh, de dan cho ca buoi!"
    );
    assert_eq!(a["sentiment"], "negative", "{a}");
    assert!(a["score"].as_f64().unwrap() < 0.0);
    let phrases = a["phrases"].as_array().unwrap();
    assert!(
        phrases
            .iter()
            .any(|p| p[0] == "tận tình" && p[1].as_f64().unwrap() < 0.0),
        "the praise is turned around by không: {phrases:?}"
    );
    assert_eq!(a["simhash"].as_str().unwrap().len(), 16);

    // Typed without marks, the same complaint reads the same way; praise reads as praise.
    let (_, plain) = analyze(&srv, json!({"text": "can bo khong tan tinh"})).await;
    assert_eq!(plain["sentiment"], "negative", "{plain}");
    let (_, praise) = analyze(
        &srv,
        json!({"text": "Bãi Sau sạch đẹp quá, cảm ơn thành phố"}),
    )
    .await;
    assert_eq!(praise["sentiment"], "positive", "{praise}");
    let (_, fact) = analyze(&srv, json!({"text": "UBND tỉnh họp về kế hoạch năm 2025"})).await;
    assert_eq!(fact["sentiment"], "neutral", "{fact}");

    // Bad input names what is wrong.
    for body in [
        json!({"text": "   "}),
        json!({"txt": "x"}),
        json!({"text": "x".repeat(20_001)}),
    ] {
        let (status, e) = analyze(&srv, body).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["error"]["detail"]["field"], "text", "{e}");
    }
    srv.finish().await;
}

/// A GET answered with JSON, as the client `c` (signed in or not) sees it.
async fn get_json<T: serde::de::DeserializeOwned>(
    c: &reqwest::Client,
    srv: &TestServer,
    path: &str,
) -> T {
    c.get(srv.url(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The analyser's answer to `body`, as the client `c` sees it.
async fn analyze_as(c: &reqwest::Client, srv: &TestServer, body: &Value) -> Value {
    c.post(srv.url("/api/v1/social/analyze"))
        .json(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn signed_in(srv: &TestServer, email: &str, password: &str) -> reqwest::Client {
    let c = srv.browser();
    assert_eq!(srv.login(&c, email, password).await, 200);
    c
}

/// Sends `body` as the push source `code` would: signed with its secret at `at` (unix s).
async fn push(srv: &TestServer, code: &str, secret: &str, at: i64, body: &Value) -> (u16, Value) {
    let bytes = serde_json::to_vec(body).unwrap();
    let ts = at.to_string();
    let sig = server::modules::social::sources::signature(secret, &ts, &bytes);
    let r = reqwest::Client::new()
        .post(srv.url("/api/v1/social/posts"))
        .header("content-type", "application/json")
        .header("x-ioc-source", code)
        .header("x-ioc-timestamp", ts)
        .header("x-ioc-signature", sig)
        .body(bytes)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

const STORY: &str = "Chiều nay mưa lớn kéo dài gần hai giờ khiến nhiều tuyến đường ở thành phố \
    Vũng Tàu như Lê Hồng Phong, Nguyễn An Ninh, Ba Cu ngập sâu, nhiều xe máy chết máy giữa \
    đường, người dân phải dắt bộ rất vất vả và bức xúc.";

/// An administrator defines a watchlist and a push source; a department's tool pushes
/// signed posts; officials read them matched to the topic and the district, with the
/// repost grouped under the first.
async fn topics_sources_and_signed_posts(srv: &TestServer) {
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let official = signed_in(srv, "official@demo.ioc.vn", "demo-official-2024").await;
    let topic = json!({"name": "Ngập (kiểm thử)", "phrases": ["ngập", "triều cường", "ngap nuoc"],
                       "exclude": ["ngập tràn"], "sector": "hạ tầng"});
    // Only administrators define topics.
    let post_json =
        |c: &reqwest::Client, path: &str, body: &Value| c.post(srv.url(path)).json(body).send();
    let r = post_json(&official, "/api/v1/social/topics", &topic)
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = post_json(&reqwest::Client::new(), "/api/v1/social/topics", &topic)
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = post_json(&admin, "/api/v1/social/topics", &topic)
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["phrases"][1], "triều cường");
    // Bad topics name their field.
    for (bad, field) in [
        (json!({"name": "x", "phrases": []}), "phrases"),
        (json!({"name": "", "phrases": ["a"]}), "name"),
        (
            json!({"name": "x", "phrases": ["a"], "unit": "999"}),
            "unit",
        ),
    ] {
        let r = post_json(&admin, "/api/v1/social/topics", &bad)
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["detail"]["field"], field, "{e}");
    }
    // Redefining by name updates.
    let r = post_json(&admin, "/api/v1/social/topics", &topic)
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // A feed source needs its address; a push source gets its secret once.
    let r = post_json(
        &admin,
        "/api/v1/social/sources",
        &json!({"code": "baobrvt", "kind": "rss"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let r = post_json(
        &admin,
        "/api/v1/social/sources",
        &json!({"code": "sotttt-tool", "name": "Công cụ của Sở TT&TT", "kind": "push"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let source: Value = r.json().await.unwrap();
    let secret = source["secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 64);
    let listed: Value = get_json(&official, srv, "/api/v1/social/sources").await;
    assert!(listed.to_string().contains("sotttt-tool"));
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is shown once only"
    );

    let now = chrono::Utc::now();
    let posts = json!([
        {"url": "https://example.vn/a", "title": "Mưa lớn, Vũng Tàu ngập sâu", "text": STORY,
         "published_at": (now - chrono::Duration::hours(2)).to_rfc3339()},
        {"url": "https://example.vn/b", "title": "[Chia sẻ] Mưa lớn, Vũng Tàu ngập sâu",
         "text": format!("{STORY} Nguồn: báo địa phương."),
         "published_at": (now - chrono::Duration::hours(1)).to_rfc3339()},
        {"url": "https://example.vn/c", "title": "Lễ hội Nghinh Ông ở Long Hải",
         "text": "Lễ hội diễn ra trang trọng, vui tươi, thu hút đông đảo du khách, ai cũng hài lòng.",
         "published_at": now.to_rfc3339()},
    ]);
    let ts = now.timestamp();
    // Unsigned, wrongly signed, or signed long ago: refused, nothing stored.
    let r = reqwest::Client::new()
        .post(srv.url("/api/v1/social/posts"))
        .json(&posts)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(push(srv, "sotttt-tool", "wrong", ts, &posts).await.0, 401);
    let (status, e) = push(srv, "sotttt-tool", &secret, ts - 3600, &posts).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["error"]["detail"]["field"], "X-IOC-Timestamp");
    // One bad post: the error names it, and none of the batch is stored.
    let mut bad = posts.clone();
    bad[1]["published_at"] = json!("yesterday");
    let (status, e) = push(srv, "sotttt-tool", &secret, ts, &bad).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["error"]["detail"]["field"], "[1].published_at");

    let (status, r) = push(srv, "sotttt-tool", &secret, ts, &posts).await;
    assert_eq!((status, r["stored"].as_u64()), (201, Some(3)), "{r}");
    // Sent again: stored once.
    let (status, r) = push(srv, "sotttt-tool", &secret, ts, &posts).await;
    assert_eq!((status, r["stored"].as_u64()), (201, Some(0)), "{r}");

    let read = |query: &'static str| {
        let official = official.clone();
        async move {
            let r = official
                .get(srv.url(&format!("/api/v1/social/posts?{query}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Vec<Value>>().await.unwrap()
        }
    };
    // (The demo's posts are on the topic too: it was matched against them when saved.)
    let flood = read("topic=Ng%E1%BA%ADp%20(ki%E1%BB%83m%20th%E1%BB%AD)&source=sotttt-tool").await;
    assert_eq!(flood.len(), 2, "{flood:?}");
    for p in &flood {
        assert!(
            p["topics"]
                .as_array()
                .unwrap()
                .contains(&json!("Ngập (kiểm thử)")),
            "{p}"
        );
        assert_eq!(p["sentiment"], "negative", "{p}");
        assert_eq!(p["source"], "Công cụ của Sở TT&TT");
        assert!(
            p["units"].as_array().unwrap().iter().any(|u| u == "747"),
            "Vũng Tàu: {p}"
        );
    }
    assert_eq!(
        flood[0]["cluster"], flood[1]["cluster"],
        "the repost joins the story"
    );
    assert_eq!(
        flood.iter().filter(|p| p["first"] == true).count(),
        1,
        "counted once"
    );
    assert_eq!(flood[1]["url"], "https://example.vn/a", "oldest last");
    let all = read("limit=10&source=sotttt-tool").await;
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["sentiment"], "positive", "{}", all[0]);
    assert_ne!(all[0]["cluster"], flood[0]["cluster"]);
    assert_eq!(read("sentiment=positive&source=sotttt-tool").await.len(), 1);
    let r = official
        .get(srv.url("/api/v1/social/posts?sentiment=angry"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = reqwest::Client::new()
        .get(srv.url("/api/v1/social/posts"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // Signed in, the analyser shows the watchlist's topics; the public sees none.
    let text = json!({"text": "Triều cường làm ngập đường ở Vũng Tàu"});
    let a: Value = analyze_as(&official, srv, &text).await;
    assert!(
        a["topics"]
            .as_array()
            .unwrap()
            .contains(&json!("Ngập (kiểm thử)")),
        "{a}"
    );
    assert_eq!(a["units"], json!(["747"]), "{a}");
    let (_, public) = analyze(srv, text).await;
    assert_eq!(public["topics"], json!([]));
    // An exclusion keeps a text off the topic, in the analyser as for stored posts.
    let a: Value = analyze_as(
        &official,
        srv,
        &json!({"text": "Lòng ngập tràn niềm vui ở Vũng Tàu"}),
    )
    .await;
    assert!(
        !a["topics"]
            .as_array()
            .unwrap()
            .contains(&json!("Ngập (kiểm thử)")),
        "{a}"
    );
    // The story's first post names its reposts; the repost names the first's source.
    assert_eq!(flood[1]["reposts"], 1, "{}", flood[1]);
    assert_eq!(
        flood[0]["first_source"], "Công cụ của Sở TT&TT",
        "{}",
        flood[0]
    );
    assert!(flood[1]["first_source"].is_null());

    the_board_counts_stories_once(srv, &admin, &official).await;
}

both_engines!(topics_sources_and_signed_posts);

/// A topic saved is matched against the posts already stored. The page's board for the
/// last day on it: two posts of one story (counted once, negative), its source, its
/// district, and the posts behind its bar.
async fn the_board_counts_stories_once(
    srv: &TestServer,
    admin: &reqwest::Client,
    official: &reqwest::Client,
) {
    // Only the test's story says "dắt bộ" (walking the motorbike through the water).
    let walking = json!({"topic": {"name": "Dắt bộ (kiểm thử)", "phrases": ["dắt bộ"]}});
    let (status, _) = srv
        .call_json(official, "social/topic_save", walking.clone())
        .await;
    assert_eq!(status, 403, "only administrators change the watchlist");
    let (status, t) = srv.call_json(admin, "social/topic_save", walking).await;
    assert_eq!(status, 200, "{t}");
    let topic = t["id"].as_i64().unwrap();
    let query = json!({"query": {"days": 1, "topic": topic, "unit": null}});
    let (status, _) = srv
        .call_json(&reqwest::Client::new(), "social/board", query.clone())
        .await;
    assert_eq!(status, 401, "officials only");
    let (status, b) = srv.call_json(official, "social/board", query).await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(
        (b["posts"].as_u64(), b["stories"].as_u64()),
        (Some(2), Some(1)),
        "{b}"
    );
    assert_eq!(b["tones"], json!([0, 0, 1]), "{b}");
    let timeline = b["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 24, "a day's board has hours");
    let bars: Vec<&Value> = timeline
        .iter()
        .filter(|t| t["tones"] != json!([0, 0, 0]))
        .collect();
    assert_eq!(bars.len(), 1, "the repost adds no bar: {bars:?}");
    let mine = b["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == topic)
        .unwrap();
    assert_eq!(mine["tones"], json!([0, 0, 1]), "{mine}");
    assert_eq!(b["sources"][0]["code"], "sotttt-tool", "{b}");
    assert_eq!(
        b["sources"][0]["tones"],
        json!([0, 0, 2]),
        "every post of a source"
    );
    assert_eq!(b["sources"][0]["first"], 1);
    assert!(
        b["by_unit"]
            .as_array()
            .unwrap()
            .contains(&json!(["747", 1])),
        "{}",
        b["by_unit"]
    );

    // The posts behind the bar: the story's first post, with its repost counted.
    let filter = json!({"filter": {"from": bars[0]["from"], "to": bars[0]["to"], "topic": topic}});
    let (status, posts) = srv.call_json(official, "social/posts", filter).await;
    assert_eq!(status, 200, "{posts}");
    let posts = posts.as_array().unwrap();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["url"], "https://example.vn/a");
    assert_eq!(posts[0]["reposts"], 1);

    // Bad filters name their field.
    for (query, field) in [
        (json!({"days": 2}), "days"),
        (json!({"days": 7, "unit": "999"}), "unit"),
    ] {
        let (status, e) = srv
            .call_json(official, "social/board", json!({"query": query}))
            .await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["detail"]["field"], field, "{e}");
    }
    let (status, e) = srv
        .call_json(
            official,
            "social/posts",
            json!({"filter": {"from": "today", "to": ""}}),
        )
        .await;
    assert_eq!(
        (status, e["detail"]["field"].as_str()),
        (422, Some("from")),
        "{e}"
    );

    // Redefined, a topic is matched again: the festival post is on it at once, with the
    // topic's district, and off it once the topic no longer has its phrase.
    let topic_in = |phrase: &str| json!({"topic": {"name": "Nghinh Ông (kiểm thử)", "phrases": [phrase], "unit": "751"}});
    let (status, t) = srv
        .call_json(admin, "social/topic_save", topic_in("nghinh ong"))
        .await;
    assert_eq!(
        (status, t["name"].as_str()),
        (200, Some("Nghinh Ông (kiểm thử)")),
        "{t}"
    );
    let festival = json!({"filter": {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z",
                                     "topic": t["id"]}});
    let (_, on) = srv
        .call_json(official, "social/posts", festival.clone())
        .await;
    assert_eq!(on.as_array().map(Vec::len), Some(1), "{on}");
    assert_eq!(on[0]["url"], "https://example.vn/c");
    assert_eq!(on[0]["units"], json!(["751"]), "the topic's district: {on}");
    srv.call_json(admin, "social/topic_save", topic_in("hội chợ"))
        .await;
    let (_, on) = srv.call_json(official, "social/posts", festival).await;
    assert_eq!(on, json!([]));
    let (status, _) = srv
        .call_json(admin, "social/topic_delete", json!({"id": t["id"]}))
        .await;
    assert_eq!(status, 200);
    let (status, a) = srv
        .call_json(
            official,
            "social/analyze",
            json!({"text": "Triều cường gây ngập"}),
        )
        .await;
    assert_eq!(status, 200, "{a}");
    assert!(
        a["topics"]
            .as_array()
            .unwrap()
            .contains(&json!("Ngập (kiểm thử)")),
        "{a}"
    );
}

/// Feeds served here, as news sites serve them; counts the requests and the 304s.
#[derive(Clone, Default)]
struct Feeds {
    rss_requests: Arc<AtomicUsize>,
    not_modified: Arc<AtomicUsize>,
}

async fn serve_feeds(feeds: Feeds) -> String {
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    use axum::routing::get;
    let rss = |axum::extract::State(f): axum::extract::State<Feeds>, h: HeaderMap| async move {
        f.rss_requests.fetch_add(1, Ordering::SeqCst);
        if h.get("if-none-match").and_then(|v| v.to_str().ok()) == Some("\"v1\"") {
            f.not_modified.fetch_add(1, Ordering::SeqCst);
            return StatusCode::NOT_MODIFIED.into_response();
        }
        (
            [("content-type", "application/rss+xml"), ("etag", "\"v1\"")],
            r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo tỉnh</title>
<item><title>Triều cường gây ngập nhiều tuyến đường ở Vũng Tàu</title><link>https://bao.example/1</link>
<guid>bao-1</guid><description><![CDATA[<p>Nước ngập sâu, người dân <b>rất vất vả</b>.</p>]]></description>
<pubDate>Wed, 04 Dec 2024 08:00:00 +0700</pubDate></item>
<item><title>Khai mạc hội chợ thương mại tại Bà Rịa</title><link>https://bao.example/2</link>
<guid>bao-2</guid><pubDate>Wed, 04 Dec 2024 09:00:00 +0700</pubDate></item>
</channel></rss>"#,
        )
            .into_response()
    };
    let atom = || async {
        (
            [("content-type", "application/atom+xml")],
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Cổng TTĐT</title>
<entry><title>Côn Đảo đón khách du lịch tăng mạnh, du khách rất hài lòng</title>
<link href="https://cong.example/e1"/><id>tag:cong.example,2024:e1</id>
<updated>2024-12-04T02:00:00Z</updated><summary>Dịch vụ tốt, cảnh đẹp.</summary></entry></feed>"#,
        )
    };
    let json = || async {
        (
            [("content-type", "application/feed+json")],
            r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Sở",
               "items": [{"id": "s-1", "url": "https://so.example/1", "title": "Lịch tiếp công dân tháng 12",
                          "content_text": "Sở thông báo lịch tiếp công dân.", "date_published": "2024-12-04T10:00:00+07:00"}]}"#,
        )
    };
    let app = axum::Router::new()
        .route("/rss", get(rss))
        .route("/atom", get(atom))
        .route("/json", get(json))
        .route(
            "/broken",
            get(|| async { "<html><body>Trang bảo trì</body></html>" }),
        )
        // A source that never answers.
        .route("/slow", get(std::future::pending::<&'static str>))
        .with_state(feeds);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Sources fetched on their schedule: RSS, Atom and JSON Feed read; a broken feed and a
/// silent one marked failing with why, and backed off; a feed fetched again asks with its
/// ETag and takes the 304.
async fn feeds_are_fetched_with_their_health(srv: &TestServer) {
    use server::modules::social::fetch;
    let feeds = Feeds::default();
    let base = serve_feeds(feeds.clone()).await;
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let r = admin
        .post(srv.url("/api/v1/social/topics"))
        .json(&json!({"name": "Ngập (kiểm thử)", "phrases": ["ngập", "triều cường"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    for (code, kind, path) in [
        ("bao", "rss", "/rss"),
        ("cong", "atom", "/atom"),
        ("so", "jsonfeed", "/json"),
        ("hong", "rss", "/broken"),
        ("cham", "rss", "/slow"),
    ] {
        let r = admin
            .post(srv.url("/api/v1/social/sources"))
            .json(&json!({"code": code, "kind": kind, "url": format!("{base}{path}"), "interval_s": 600}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    }
    let http = fetch::client();
    let now = chrono::Utc::now().timestamp_micros();
    let fetched = fetch::round(&srv.db, &http, now, Duration::from_secs(1), || now)
        .await
        .unwrap();
    assert_eq!(fetched, 5);

    let sources = || async {
        let list: Vec<Value> = get_json(&admin, srv, "/api/v1/social/sources").await;
        list.into_iter()
            .map(|s| (s["code"].as_str().unwrap().to_string(), s))
            .collect::<std::collections::HashMap<_, _>>()
    };
    let s = sources().await;
    for (code, posts) in [("bao", 2), ("cong", 1), ("so", 1)] {
        assert_eq!(s[code]["state"], "ok", "{}", s[code]);
        assert_eq!(s[code]["posts"], posts, "{}", s[code]);
    }
    assert_eq!(s["hong"]["state"], "failing");
    assert!(
        s["hong"]["last_error"].as_str().unwrap().contains("<html>"),
        "{}",
        s["hong"]
    );
    assert_eq!(s["cham"]["state"], "failing");
    assert!(
        s["cham"]["last_error"]
            .as_str()
            .unwrap()
            .contains("no answer"),
        "{}",
        s["cham"]
    );
    assert_eq!(s["cham"]["failures"], 1);

    let mut posts: Vec<Value> = Vec::new();
    for code in ["bao", "cong", "so", "hong", "cham"] {
        let page: Vec<Value> =
            get_json(&admin, srv, &format!("/api/v1/social/posts?source={code}")).await;
        posts.extend(page);
    }
    assert_eq!(posts.len(), 4);
    let flood = posts
        .iter()
        .find(|p| p["url"] == "https://bao.example/1")
        .unwrap();
    assert!(
        flood["topics"]
            .as_array()
            .unwrap()
            .contains(&json!("Ngập (kiểm thử)")),
        "{flood}"
    );
    assert_eq!(flood["sentiment"], "negative", "{flood}");
    assert_eq!(flood["published_at"], "2024-12-04T01:00:00Z");
    let tourism = posts
        .iter()
        .find(|p| p["url"] == "https://cong.example/e1")
        .unwrap();
    assert_eq!(tourism["sentiment"], "positive", "{tourism}");
    assert!(
        tourism["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u == "755"),
        "Côn Đảo: {tourism}"
    );

    // A minute later nothing is due: the feeds wait their interval, the failing ones their
    // backoff (twice the interval after one failure).
    let later = now + 60_000_000;
    assert_eq!(
        fetch::round(&srv.db, &http, later, Duration::from_secs(1), || later)
            .await
            .unwrap(),
        0
    );
    // Fetched again, the RSS feed is asked with its ETag and answers 304: nothing new.
    assert!(fetch::due_now(&srv.db, "bao", later).await.unwrap());
    assert_eq!(
        fetch::round(&srv.db, &http, later, Duration::from_secs(1), || later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(feeds.rss_requests.load(Ordering::SeqCst), 2);
    assert_eq!(feeds.not_modified.load(Ordering::SeqCst), 1);
    let s = sources().await;
    assert_eq!(
        (s["bao"]["state"].as_str(), s["bao"]["posts"].as_i64()),
        (Some("ok"), Some(2))
    );
    // The healthy feeds come back after their interval; the failing ones only after their
    // backoff.
    let backoff = now + 2 * 600 * 1_000_000;
    let n = fetch::round(
        &srv.db,
        &http,
        backoff - 1_000_000,
        Duration::from_secs(1),
        || backoff - 1_000_000,
    )
    .await
    .unwrap();
    assert_eq!(n, 3, "the three healthy feeds");
    let n = fetch::round(&srv.db, &http, backoff, Duration::from_secs(1), || backoff)
        .await
        .unwrap();
    assert_eq!(n, 2, "the broken and the silent feed are tried again");
    assert_eq!(sources().await["hong"]["failures"], 2);

    // An administrator's "fetch now" fetches that source whatever its schedule.
    let r = admin
        .post(srv.url("/api/v1/social/sources/so/fetch"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let so: Value = r.json().await.unwrap();
    assert_eq!(
        (so["state"].as_str(), so["posts"].as_i64()),
        (Some("ok"), Some(1)),
        "{so}"
    );
    let r = admin
        .post(srv.url("/api/v1/social/sources/nothing/fetch"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

both_engines!(feeds_are_fetched_with_their_health);

/// Creates a push source and answers its secret.
async fn push_source(admin: &reqwest::Client, srv: &TestServer, code: &str) -> String {
    let r = admin
        .post(srv.url("/api/v1/social/sources"))
        .json(&json!({"code": code, "kind": "push"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let s: Value = r.json().await.unwrap();
    s["secret"].as_str().unwrap().to_string()
}

/// A topic that usually has a post or two in an hour suddenly has fourteen, mostly
/// negative, from two sources: a crisis in the shared feed; the same number of neutral
/// posts is a spike; when the hours after are quiet again, the alert ends.
async fn spikes_and_crises_reach_the_alert_feed(srv: &TestServer) {
    use server::modules::social::spikes;
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let official = signed_in(srv, "official@demo.ioc.vn", "demo-official-2024").await;
    for (name, phrase) in [("Ngập (kiểm thử)", "ngập"), ("Lễ hội (kiểm thử)", "lễ hội")]
    {
        let r = admin
            .post(srv.url("/api/v1/social/topics"))
            .json(&json!({"name": name, "phrases": [phrase]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let secrets = [
        ("tool-a", push_source(&admin, srv, "tool-a").await),
        ("tool-b", push_source(&admin, srv, "tool-b").await),
    ];
    // Distinct stories (near-duplicates would be counted once): sentences of the gold set.
    let gold = server::modules::social::gold::parse(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/social/gold_vi.tsv"
        ))
        .unwrap(),
    )
    .unwrap();
    let negative: Vec<&str> = gold
        .iter()
        .filter(|g| g.label == app::modules::social::model::Sentiment::Negative)
        .map(|g| g.text.as_str())
        .collect();
    let neutral: Vec<&str> = gold
        .iter()
        .filter(|g| g.label != app::modules::social::model::Sentiment::Negative)
        .map(|g| g.text.as_str())
        .collect();
    let hour_us = 3_600_000_000i64;
    let now = chrono::Utc::now().timestamp_micros();
    let hour = now.div_euclid(hour_us) * hour_us;
    let at = |us: i64| {
        chrono::DateTime::from_timestamp_micros(us)
            .unwrap()
            .to_rfc3339()
    };
    let mut n = 0;
    let mut post = |topic: &str, text: &str, when: i64| {
        n += 1;
        json!({"url": format!("https://example.vn/{n}"), "title": format!("{topic} {n}"),
               "text": text, "published_at": at(when)})
    };
    // Eight weeks of the same hour: one or two posts on each topic.
    let mut usual = Vec::new();
    for w in 1..=8i64 {
        let when = hour - w * 7 * 24 * hour_us + 60_000_000;
        for i in 0..(1 + w % 2) as usize {
            usual.push(post(
                "Ngập",
                neutral[(w as usize * 2 + i) % neutral.len()],
                when,
            ));
            usual.push(post(
                "Lễ hội",
                neutral[(w as usize * 2 + i + 50) % neutral.len()],
                when,
            ));
        }
    }
    let ts = chrono::Utc::now().timestamp();
    let (status, r) = push(srv, "tool-a", &secrets[0].1, ts, &json!(usual)).await;
    assert_eq!(status, 201, "{r}");
    // This hour: fourteen flood stories, mostly negative, from two tools; fourteen neutral
    // festival stories from one.
    for (i, (code, secret)) in secrets.iter().enumerate() {
        let batch: Vec<Value> = (0..7)
            .map(|k| post("Ngập", negative[i * 7 + k], hour + 60_000_000))
            .collect();
        let (status, r) = push(srv, code, secret, ts, &json!(batch)).await;
        assert_eq!((status, r["stored"].as_u64()), (201, Some(7)), "{r}");
    }
    let festival: Vec<Value> = (0..14)
        .map(|k| post("Lễ hội", neutral[100 + k], hour + 60_000_000))
        .collect();
    let (status, _) = push(srv, "tool-a", &secrets[0].1, ts, &json!(festival)).await;
    assert_eq!(status, 201);

    spikes::check(&srv.db, now).await.unwrap();
    // The demo's own topics may have alerts of their own: this test's are "(kiểm thử)".
    let mine = |alerts: Vec<Value>| -> Vec<Value> {
        alerts
            .into_iter()
            .filter(|a| a["subject_name"].as_str().unwrap().ends_with("(kiểm thử)"))
            .collect()
    };
    let alerts = mine(srv.open_alerts(&official, "social").await);
    let kinds: Vec<(String, String)> = alerts
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().into(),
                a["subject_name"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("crisis".into(), "Ngập (kiểm thử)".into())),
        "{alerts:?}"
    );
    assert!(
        kinds.contains(&("spike".into(), "Lễ hội (kiểm thử)".into())),
        "{alerts:?}"
    );
    assert_eq!(alerts.len(), 2, "one alert per topic: {alerts:?}");
    let crisis = alerts.iter().find(|a| a["kind"] == "crisis").unwrap();
    assert_eq!(crisis["severity"], "critical");
    assert!(
        crisis["title_en"]
            .as_str()
            .unwrap()
            .contains("stories/hour"),
        "{crisis}"
    );

    // A topic deleted takes its open alert with it.
    let topics: Vec<Value> = get_json(&official, srv, "/api/v1/social/topics").await;
    let festival_id = topics
        .iter()
        .find(|t| t["name"] == "Lễ hội (kiểm thử)")
        .unwrap()["id"]
        .clone();
    let r = admin
        .delete(srv.url(&format!("/api/v1/social/topics/{festival_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let left = mine(srv.open_alerts(&official, "social").await);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0]["kind"], "crisis");

    // Two quiet hours later, the crisis has ended.
    spikes::check(&srv.db, now + 2 * hour_us).await.unwrap();
    assert!(mine(srv.open_alerts(&official, "social").await).is_empty());
}

both_engines!(spikes_and_crises_reach_the_alert_feed);
