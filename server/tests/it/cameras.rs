//! Module 10 against a live HLS stream made by ffmpeg (Debian's; `./x test` installs it):
//! H.264 from `testsrc2`, served on localhost behind HTTP Basic credentials. The registry
//! never answers an upstream address or a credential; the proxied playlists name only the
//! server's sealed addresses; segments stream through; a playlist naming another host is
//! not followed; views are logged.

use super::common::{Engine, TestServer};
use axum::http::{header, StatusCode};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "cam-admin";
const PASSWORD: &str = "s3cret-pass";

/// ffmpeg writing a live HLS stream into a directory, killed when dropped.
struct Encoder {
    child: Child,
    dir: tempfile::TempDir,
}

impl Drop for Encoder {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Encoder {
    fn start() -> Encoder {
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new("ffmpeg")
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
            ])
            .arg("testsrc2=size=320x180:rate=25")
            .args([
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
            ])
            .args([
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-f",
                "hls",
                "-hls_time",
                "1",
            ])
            .args(["-hls_list_size", "6", "-hls_flags", "delete_segments"])
            .arg(dir.path().join("index.m3u8"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ffmpeg runs (Debian's package; ./x test installs it)");
        // A master playlist beside it: the live variant, and one on a host the camera
        // did not register.
        std::fs::write(
            dir.path().join("master.m3u8"),
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180\nindex.m3u8\n\
             #EXT-X-STREAM-INF:BANDWIDTH=100000\nhttp://127.0.0.1:9/elsewhere.m3u8\n",
        )
        .unwrap();
        let enc = Encoder { child, dir };
        // Live: wait until the playlist names two segments.
        let started = Instant::now();
        loop {
            let text =
                std::fs::read_to_string(enc.dir.path().join("index.m3u8")).unwrap_or_default();
            if text.matches(".ts").count() >= 2 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "ffmpeg made no stream"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        enc
    }
}

/// Serves `dir` over HTTP on a free port, only with the right Basic credentials.
async fn serve_camera(dir: std::path::PathBuf) -> String {
    use axum::middleware::{self, Next};
    use base64::Engine as _;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"))
    );
    let app = axum::Router::new()
        .fallback_service(tower_http::services::ServeDir::new(dir))
        .layer(middleware::from_fn(
            move |req: axum::extract::Request, next: Next| {
                let ok = req
                    .headers()
                    .get(header::AUTHORIZATION)
                    .is_some_and(|v| v.as_bytes() == expected.as_bytes());
                async move {
                    if ok {
                        next.run(req).await
                    } else {
                        axum::response::IntoResponse::into_response(StatusCode::UNAUTHORIZED)
                    }
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://{addr}")
}

async fn signed_in(srv: &TestServer, email: &str, password: &str) -> reqwest::Client {
    let c = srv.browser();
    assert_eq!(srv.login(&c, email, password).await, 200);
    c
}

async fn get(c: &reqwest::Client, srv: &TestServer, path: &str) -> reqwest::Response {
    c.get(srv.url(path)).send().await.unwrap()
}

/// The sealed addresses a proxied playlist names, in order.
fn addresses(playlist: &str) -> Vec<String> {
    playlist
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

async fn live_video_goes_through_the_server(srv: &TestServer) {
    let enc = Encoder::start();
    let upstream = serve_camera(enc.dir.path().to_path_buf()).await;
    let host = upstream.trim_start_matches("http://").to_string();
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let official = signed_in(srv, "official@demo.ioc.vn", "demo-official-2024").await;

    // Registered with the credentials inside the address: they are taken out and kept.
    let camera = json!({"code": "test-cam", "name": "Camera kiểm thử", "lat": 10.35, "lon": 107.08,
        "unit": "747", "group": "kiem-thu",
        "stream_url": format!("http://{USER}:{PASSWORD}@{host}/master.m3u8"),
        "snapshot_url": format!("{upstream}/none.jpg")});
    let r = official
        .post(srv.url("/api/v1/cameras"))
        .json(&camera)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "officials do not register cameras");
    let r = admin
        .post(srv.url("/api/v1/cameras"))
        .json(&camera)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let saved = r.text().await.unwrap();
    for secret in [host.as_str(), USER, PASSWORD, "master.m3u8"] {
        assert!(!saved.contains(secret), "{secret} in {saved}");
    }
    let listed = get(&official, srv, "/api/v1/cameras")
        .await
        .text()
        .await
        .unwrap();
    for secret in [host.as_str(), USER, PASSWORD, "master.m3u8"] {
        assert!(!listed.contains(secret), "{secret} in {listed}");
    }
    let cams: Vec<Value> = serde_json::from_str(&listed).unwrap();
    let cam = cams.iter().find(|c| c["code"] == "test-cam").unwrap();
    assert_eq!(cam["state"], "unknown");
    assert_eq!(cam["has_credentials"], true);
    let live = cam["live_url"].as_str().unwrap().to_string();

    // Bad registrations name their field.
    for (bad, field) in [
        (
            json!({"code": "x y", "name": "a", "lat": 10.4, "lon": 107.1}),
            "code",
        ),
        (
            json!({"code": "x", "name": "a", "lat": 21.0, "lon": 105.8}),
            "lat",
        ),
        (
            json!({"code": "x", "name": "a", "lat": 10.4, "lon": 107.1, "unit": "999"}),
            "unit",
        ),
        (
            json!({"code": "x", "name": "a", "lat": 10.4, "lon": 107.1, "stream_url": "rtsp://10.0.0.1/s"}),
            "stream_url",
        ),
    ] {
        let r = admin
            .post(srv.url("/api/v1/cameras"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["detail"]["field"], field, "{e}");
    }

    // The public gets nothing; an official gets the master playlist, rewritten.
    assert_eq!(get(&reqwest::Client::new(), srv, &live).await.status(), 401);
    let r = get(&official, srv, &live).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()[header::CONTENT_TYPE],
        "application/vnd.apple.mpegurl"
    );
    let master = r.text().await.unwrap();
    for secret in [
        host.as_str(),
        USER,
        PASSWORD,
        "index.m3u8",
        "elsewhere",
        "127.0.0.1",
    ] {
        assert!(!master.contains(secret), "{secret} in {master}");
    }
    let variants = addresses(&master);
    assert_eq!(variants.len(), 2, "{master}");
    assert!(variants
        .iter()
        .all(|v| v.starts_with("/api/v1/cameras/test-cam/media/")));

    // The live variant: its segments are the server's too, and stream through.
    let r = get(&official, srv, &variants[0]).await;
    assert_eq!(r.status(), 200);
    let media = r.text().await.unwrap();
    assert!(media.contains("#EXT-X-MEDIA-SEQUENCE:"), "{media}");
    assert!(!media.contains(".ts") && !media.contains(&host), "{media}");
    let segments = addresses(&media);
    assert!(segments.len() >= 2, "{media}");
    let r = get(&official, srv, &segments[0]).await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(
        bytes.len() > 1_000 && bytes[0] == 0x47,
        "an MPEG-TS segment: {} bytes",
        bytes.len()
    );
    // Video is not compressed again, whatever the client accepts (it would cost the CPU
    // streaming needs).
    let r = official
        .get(srv.url(&segments[0]))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .unwrap();
    assert!(
        r.headers().get(header::CONTENT_ENCODING).is_none(),
        "{:?}",
        r.headers()
    );
    assert_eq!(r.bytes().await.unwrap()[0], 0x47);
    // A range of it, as players ask for byte ranges.
    let r = official
        .get(srv.url(&segments[0]))
        .header(header::RANGE, "bytes=0-187")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.bytes().await.unwrap().len(), 188);

    // The variant on another host is not fetched; nor is a sealed address used for
    // another camera, or a made-up one, or by the public.
    assert_eq!(get(&official, srv, &variants[1]).await.status(), 403);
    let other = json!({"code": "test-cam-2", "name": "Camera 2", "lat": 10.36, "lon": 107.09,
        "stream_url": format!("{upstream}/index.m3u8"), "username": USER, "password": "wrong"});
    let r = admin
        .post(srv.url("/api/v1/cameras"))
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let token = segments[0].rsplit('/').next().unwrap();
    let r = get(
        &official,
        srv,
        &format!("/api/v1/cameras/test-cam-2/media/{token}"),
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = get(
        &official,
        srv,
        "/api/v1/cameras/test-cam/media/bm90LWEtdG9rZW4",
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        get(&reqwest::Client::new(), srv, &segments[0])
            .await
            .status(),
        401
    );
    // Wrong credentials upstream: the camera does not answer, said without its address.
    let r = get(&official, srv, "/api/v1/cameras/test-cam-2/live.m3u8").await;
    assert_eq!(r.status(), 503);
    assert!(!r.text().await.unwrap().contains(&host));

    // Each viewer's watching of a camera is logged once, not at every playlist refresh.
    get(&official, srv, &live).await;
    let r = get(&official, srv, "/api/v1/cameras/views").await;
    assert_eq!(r.status(), 403, "administrators read the log");
    let views: Vec<Value> = get(&admin, srv, "/api/v1/cameras/views")
        .await
        .json()
        .await
        .unwrap();
    let mine: Vec<&Value> = views.iter().filter(|v| v["camera"] == "test-cam").collect();
    assert_eq!(mine.len(), 1, "{views:?}");
    assert_eq!(mine[0]["viewer"], "official@demo.ioc.vn");
    assert_eq!(mine[0]["stream"], "main");
    drop(enc);
}

both_engines!(live_video_goes_through_the_server);

#[tokio::test]
async fn the_demo_has_cameras_without_streams() {
    let srv = TestServer::start(Engine::Sqlite).await.expect("sqlite");
    let official = signed_in(&srv, "official@demo.ioc.vn", "demo-official-2024").await;
    let cams: Vec<Value> = get(&official, &srv, "/api/v1/cameras")
        .await
        .json()
        .await
        .unwrap();
    assert!(cams.len() >= 12, "{cams:?}");
    assert!(
        cams.iter().all(|c| c["live_url"].is_null()),
        "a demo reaches no camera"
    );
    assert_eq!(cams[0]["group"], "ql51", "groups in their order");
    srv.finish().await;
}

/// Fake snapshot endpoints: a fine camera (a new picture each time), a frozen one (the same
/// picture), a dead one (errors, until it is mended), a slow one (past the timeout) and a
/// flaky one (every other check fails).
async fn serve_snapshots(mended: std::sync::Arc<std::sync::atomic::AtomicBool>) -> String {
    use axum::routing::get;
    use std::sync::atomic::{AtomicU64, Ordering};
    let n = std::sync::Arc::new(AtomicU64::new(0));
    let flaky = std::sync::Arc::new(AtomicU64::new(0));
    let app = axum::Router::new()
        .route(
            "/fine.jpg",
            get(move || {
                let n = n.fetch_add(1, Ordering::SeqCst);
                async move { format!("jpeg {n}") }
            }),
        )
        .route("/frozen.jpg", get(|| async { "the same picture" }))
        .route(
            "/dead.jpg",
            get(move || {
                let up = mended.load(Ordering::SeqCst);
                async move {
                    if up {
                        axum::response::IntoResponse::into_response(format!("{:?}", Instant::now()))
                    } else {
                        axum::response::IntoResponse::into_response(
                            StatusCode::INTERNAL_SERVER_ERROR,
                        )
                    }
                }
            }),
        )
        .route(
            "/slow.jpg",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/flaky.jpg",
            get(move || {
                let k = flaky.fetch_add(1, Ordering::SeqCst);
                async move {
                    if k % 2 == 1 {
                        axum::response::IntoResponse::into_response(StatusCode::BAD_GATEWAY)
                    } else {
                        axum::response::IntoResponse::into_response(format!("frame {k}"))
                    }
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://{addr}")
}

async fn the_probe_moves_states_without_flapping(srv: &TestServer) {
    use server::modules::cameras::health;
    use std::sync::atomic::Ordering;
    let mended = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let base = serve_snapshots(mended.clone()).await;
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let official = signed_in(srv, "official@demo.ioc.vn", "demo-official-2024").await;
    for name in ["fine", "frozen", "dead", "slow", "flaky"] {
        let c = json!({"code": format!("probe-{name}"), "name": format!("Probe {name}"),
            "lat": 10.4, "lon": 107.1, "snapshot_url": format!("{base}/{name}.jpg")});
        let r = admin
            .post(srv.url("/api/v1/cameras"))
            .json(&c)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let http = reqwest::Client::new();
    let mut now = chrono::Utc::now().timestamp_micros();
    let states = || async {
        let cams: Vec<Value> = get(&official, srv, "/api/v1/cameras")
            .await
            .json()
            .await
            .unwrap();
        let mut m = std::collections::BTreeMap::new();
        for c in cams
            .iter()
            .filter(|c| c["code"].as_str().unwrap().starts_with("probe-"))
        {
            m.insert(
                c["code"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("probe-")
                    .to_string(),
                c["state"].as_str().unwrap().to_string(),
            );
        }
        m
    };
    let mut round = || {
        now += health::INTERVAL_S * 1_000_000;
        let (db, http, at) = (srv.db.clone(), http.clone(), now);
        async move {
            health::round(&db, &http, at, Duration::from_millis(800))
                .await
                .unwrap()
        }
    };
    let show = |m: &std::collections::BTreeMap<String, String>| {
        m.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    round().await;
    assert_eq!(
        show(&states().await),
        "dead=unknown fine=online flaky=online frozen=online slow=unknown"
    );
    round().await;
    round().await;
    assert_eq!(
        show(&states().await),
        "dead=offline fine=online flaky=online frozen=frozen slow=offline"
    );
    for _ in 0..3 {
        round().await;
    }
    // The flaky camera never went offline: one lost check at a time is not an outage.
    assert_eq!(states().await["flaky"], "online");
    let alerts = srv.open_alerts(&official, "cameras").await;
    // The probe's own cameras (the demo's down ones have their alerts too).
    let mut open: Vec<String> = alerts
        .iter()
        .filter(|a| a["subject"].as_str().unwrap().starts_with("probe-"))
        .map(|a| {
            format!(
                "{}:{}",
                a["kind"].as_str().unwrap(),
                a["subject"].as_str().unwrap()
            )
        })
        .collect();
    open.sort();
    assert_eq!(
        open,
        [
            "frozen:probe-frozen",
            "offline:probe-dead",
            "offline:probe-slow"
        ]
    );
    // Nothing of the address in what officials read.
    assert!(!serde_json::to_string(&alerts)
        .unwrap()
        .contains("127.0.0.1"));

    // Mended: back online after two good checks, and its alert ends.
    mended.store(true, Ordering::SeqCst);
    round().await;
    assert_eq!(states().await["dead"], "offline");
    round().await;
    assert_eq!(states().await["dead"], "online");
    let open = srv.open_alerts(&official, "cameras").await;
    assert!(
        !open.iter().any(|a| a["subject"] == "probe-dead"),
        "{open:?}"
    );
}

both_engines!(the_probe_moves_states_without_flapping);

/// The wall's server functions: each official's layout kept apart and checked, uptime read
/// from the demo's state log, a camera's detail (views for administrators only), and
/// registering on the page for administrators only.
async fn the_wall_keeps_each_officials_layout(srv: &TestServer) {
    let official = signed_in(srv, "official@demo.ioc.vn", "demo-official-2024").await;
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let (status, wall) = srv.call_json(&official, "cameras/wall", json!({})).await;
    assert_eq!(status, 200, "{wall}");
    assert_eq!(wall["prefs"], json!({"layout": 4, "group": null}));
    assert_eq!(wall["groups"][0]["code"], "ql51");
    assert_eq!(wall["districts"].as_array().unwrap().len(), 8);
    let cams = wall["cameras"].as_array().unwrap();
    let at = |code: &str| cams.iter().position(|c| c["code"] == code).unwrap();
    // Down since two hours before the demo was seeded (this run's template, minutes ago),
    // after eight days online: about 22/24 of the day and 166/168 of the week.
    let down = &wall["uptime"][at("ql51-km35")];
    let (day, week) = (
        down["day"].as_f64().unwrap(),
        down["week"].as_f64().unwrap(),
    );
    assert!(day > 21.0 / 24.0 && day < 22.0 / 24.0 + 1e-3, "{down}");
    assert!(
        week > 165.0 / 168.0 && week < 166.0 / 168.0 + 1e-3,
        "{down}"
    );
    assert_eq!(wall["uptime"][at("vt-le-loi")]["week"], 1.0);
    assert_eq!(cams[at("ql51-km35")]["state"], "offline");

    let (status, saved) = srv
        .call_json(
            &official,
            "cameras/wall_save",
            json!({"prefs": {"layout": 9, "group": "bai-bien"}}),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    let (_, wall) = srv.call_json(&official, "cameras/wall", json!({})).await;
    assert_eq!(wall["prefs"], json!({"layout": 9, "group": "bai-bien"}));
    // Another official's wall is their own.
    let (_, other) = srv.call_json(&admin, "cameras/wall", json!({})).await;
    assert_eq!(other["prefs"]["layout"], 4);
    // A layout the wall does not have, or a group that does not exist, is named.
    for (prefs, field) in [
        (json!({"layout": 5, "group": null}), "layout"),
        (json!({"layout": 4, "group": "nowhere"}), "group"),
    ] {
        let (status, body) = srv
            .call_json(&official, "cameras/wall_save", json!({"prefs": prefs}))
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["detail"]["field"], field, "{body}");
    }
    let (_, wall) = srv.call_json(&official, "cameras/wall", json!({})).await;
    assert_eq!(wall["prefs"]["layout"], 9, "a refused save changes nothing");

    // The detail: changes newest first; the views only for an administrator.
    let (status, d) = srv
        .call_json(&official, "cameras/detail", json!({"code": "vt-nga-5"}))
        .await;
    assert_eq!(status, 200, "{d}");
    let states: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["online", "offline", "online"]);
    assert_eq!(d["views"], json!([]));
    let (status, _) = srv
        .call_json(&official, "cameras/detail", json!({"code": "no-such"}))
        .await;
    assert_eq!(status, 404);

    // Registering is for administrators; the answer carries no address or credential.
    let cam = json!({"camera": {"code": "page-cam", "name": "Từ trang", "lat": 10.4, "lon": 107.1,
        "stream_url": "http://u:p@10.9.9.9/live.m3u8", "group": "ql51"}});
    let (status, _) = srv.call_json(&official, "cameras/save", cam.clone()).await;
    assert_eq!(status, 403);
    let (status, saved) = srv.call_json(&admin, "cameras/save", cam).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["has_credentials"], true);
    assert!(!saved.to_string().contains("10.9.9.9"), "{saved}");
    let (status, _) = srv.call_json(&official, "cameras/views", json!({})).await;
    assert_eq!(status, 403);
    let (status, views) = srv.call_json(&admin, "cameras/views", json!({})).await;
    assert_eq!(status, 200, "{views}");
}

both_engines!(the_wall_keeps_each_officials_layout);

/// A group closed to some departments: their people and administrators watch its cameras;
/// for anyone else they do not exist (list, wall, detail, playlist, still).
async fn a_group_can_be_closed_to_other_departments(srv: &TestServer) {
    let admin = signed_in(srv, "admin@demo.ioc.vn", "demo-admin-2024").await;
    let official = signed_in(srv, "official@demo.ioc.vn", "demo-official-2024").await;
    let tourism = signed_in(srv, "steward@demo.ioc.vn", "demo-steward-2024").await;
    let health = signed_in(srv, "steward.health@demo.ioc.vn", "demo-health-2024").await;
    // A camera whose address refuses at once: past the permission check it answers 503.
    let cam = json!({"code": "beach-cam", "name": "Bãi Sau (thử)", "lat": 10.34, "lon": 107.1,
        "group": "bai-bien", "stream_url": "http://127.0.0.1:9/live.m3u8",
        "snapshot_url": "http://127.0.0.1:9/still.jpg"});
    let res = admin
        .post(srv.url("/api/v1/cameras"))
        .json(&cam)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);

    // Officials may not change groups; an unknown department is named.
    let group = |deps: Value| json!({"code": "bai-bien", "name": "Bãi biển", "departments": deps});
    let res = official
        .post(srv.url("/api/v1/cameras/groups"))
        .json(&group(json!(["SDL"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin
        .post(srv.url("/api/v1/cameras/groups"))
        .json(&group(json!(["SDL", "NO-SUCH"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["detail"]["field"], "departments", "{body}");
    let res = admin
        .post(srv.url("/api/v1/cameras/groups"))
        .json(&group(json!(["SDL"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["departments"], json!(["SDL"]));
    assert_eq!(saved["position"], 3, "the group keeps its place");

    let codes = |cams: &Value| -> Vec<String> {
        cams.as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_string())
            .collect()
    };
    for (who, sees) in [
        (&admin, true),
        (&tourism, true),
        (&official, false),
        (&health, false),
    ] {
        let list: Value = get(who, srv, "/api/v1/cameras").await.json().await.unwrap();
        let list = codes(&list);
        assert_eq!(list.contains(&"beach-cam".to_string()), sees, "{list:?}");
        assert_eq!(list.contains(&"bb-bai-sau".to_string()), sees, "{list:?}");
        assert!(
            list.contains(&"ql51-km20".to_string()),
            "open groups stay open"
        );
        let (_, wall) = srv.call_json(who, "cameras/wall", json!({})).await;
        assert_eq!(
            codes(&wall["cameras"]).contains(&"beach-cam".to_string()),
            sees
        );
        let groups: Vec<String> = wall["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["code"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(groups.contains(&"bai-bien".to_string()), sees, "{groups:?}");
        let (status, _) = srv
            .call_json(who, "cameras/detail", json!({"code": "beach-cam"}))
            .await;
        assert_eq!(status, if sees { 200 } else { 404 });
        for path in ["live.m3u8", "snapshot"] {
            let res = get(who, srv, &format!("/api/v1/cameras/beach-cam/{path}")).await;
            let want = if sees {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(res.status(), want, "{path}");
        }
    }
    // Opened again, every official sees it.
    let res = admin
        .post(srv.url("/api/v1/cameras/groups"))
        .json(&group(json!([])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = get(&official, srv, "/api/v1/cameras")
        .await
        .json()
        .await
        .unwrap();
    assert!(codes(&list).contains(&"beach-cam".to_string()));
}

both_engines!(a_group_can_be_closed_to_other_departments);
