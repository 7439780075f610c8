//! `/api/v1/cameras/…`: the registry (administrators register, officials read), and live
//! video proxied for signed-in officials. The server fetches a camera's playlists and
//! segments itself (with its credentials), rewrites every address in a playlist to a sealed,
//! short-lived address of its own ([`super::token`]), and streams segments through without
//! holding them whole. It fetches only from the hosts a camera registered, and follows no
//! redirect (which could lead elsewhere).

use super::hls::{self, Target};
use super::store::{self, Access, Row};
use super::token::{Sealed, Sealer};
use super::{events, snapshot};
use crate::auth::extract::Caller;
use crate::auth::internal;
use crate::state::AppState;
use crate::web::ApiResult;
use app::error::{AppError, Text};
use app::model::Role;
use app::modules::cameras::model::{CameraInput, EventRule, GroupInput};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use reqwest::Url;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long a sealed address lasts: a variant playlist is asked for again and again while
/// someone watches; a segment once, within seconds.
const PLAYLIST_TTL_S: i64 = 4 * 3600;
const MEDIA_TTL_S: i64 = 10 * 60;
/// The largest playlist read (they are text, a few kilobytes).
const MAX_PLAYLIST: usize = 2 * 1024 * 1024;

/// What the proxy keeps: the HTTP client (its connection pool) and the sealing key, read
/// once from the database.
pub struct Proxy {
    http: reqwest::Client,
    sealer: tokio::sync::OnceCell<Sealer>,
}

impl Proxy {
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        Self {
            http,
            sealer: tokio::sync::OnceCell::new(),
        }
    }

    async fn sealer(&self, db: &sea_orm::DatabaseConnection) -> Result<&Sealer, AppError> {
        self.sealer.get_or_try_init(|| Sealer::load(db)).await
    }
}

impl Default for Proxy {
    fn default() -> Self {
        Self::new()
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cameras", get(list).post(save))
        .route("/api/v1/cameras/views", get(views))
        .route("/api/v1/cameras/groups", get(groups).post(save_group))
        .route("/api/v1/cameras/events", get(list_events).post(post_event))
        .route("/api/v1/cameras/event-rules", get(get_rules).put(put_rules))
        .route("/api/v1/cameras/events/{id}/snapshot", get(event_snapshot))
        .route("/api/v1/cameras/{code}/live.m3u8", get(live))
        .route("/api/v1/cameras/{code}/media/{token}", get(media))
        .route("/api/v1/cameras/{code}/snapshot", get(still))
        .layer(Extension(Arc::new(Proxy::new())))
}

fn now_us() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// Signed-in officials and above: who they are, for the view log and the groups they
/// may watch.
fn official(caller: &Caller) -> Result<&app::model::SessionUser, AppError> {
    caller.user_with(Role::Official)
}

fn admin(caller: &Caller) -> Result<(), AppError> {
    caller.user_with(Role::Admin).map(|_| ())
}

async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    // A key sees what its department's people see.
    let access = reader(&caller)?;
    Ok(Json(store::list(&state.db, access).await?).into_response())
}

async fn groups(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let access = reader(&caller)?;
    Ok(Json(store::groups(&state.db, access).await?).into_response())
}

async fn save_group(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    admin(&caller)?;
    let input: GroupInput = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid(
            "body",
            Text::new(
                format!("không phải nhóm camera hợp lệ (code, name, position, departments): {e}"),
                format!("not a camera group (code, name, position, departments): {e}"),
            ),
        )
    })?;
    Ok(Json(store::save_group(&state.db, &input).await?).into_response())
}

async fn save(State(state): State<AppState>, caller: Caller, body: Bytes) -> ApiResult<Response> {
    admin(&caller)?;
    let input: CameraInput = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid(
            "body",
            Text::new(
                format!("không phải camera hợp lệ (code, name, lat, lon, unit, group, stream_url, snapshot_url, username, password …): {e}"),
                format!("not a camera (code, name, lat, lon, unit, group, stream_url, snapshot_url, username, password …): {e}"),
            ),
        )
    })?;
    let (camera, created) = store::save(&state.db, &input, now_us()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(camera)).into_response())
}

/// The caller's access for reading: a key with scope `read` as its department, else a
/// signed-in official.
fn reader(caller: &Caller) -> Result<Access<'_>, AppError> {
    match caller {
        Caller::Key(k) if k.has_scope("read") => Ok(Access::Department(k.department.as_deref())),
        c => Ok(Access::of_user(official(c)?)),
    }
}

/// An analytics event in Frigate's JSON (what it publishes on `frigate/events` or
/// `frigate/reviews`). A key with scope `ingest`, or an administrator.
async fn post_event(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    match &caller {
        Caller::Key(k) if k.has_scope("ingest") => {}
        c => admin(c)?,
    }
    let json: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid(
            "body",
            Text::new(format!("không phải JSON: {e}"), format!("not JSON: {e}")),
        )
    })?;
    let incoming = events::parse(&json)?;
    // Not Frigate's: a snapshot may come along, base64 in `snapshot`.
    // Checked and masked before anything is stored: a bad picture refuses the message.
    let picture = match json.get("snapshot").and_then(|v| v.as_str()) {
        Some(b64) => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| {
                    AppError::invalid("snapshot", app::tr!("không phải base64", "not base64"))
                })?;
            Some(snapshot::prepare(&state.db, &incoming.camera, bytes).await?)
        }
        None => None,
    };
    let now = now_us();
    match events::record(&state.db, &incoming, now).await? {
        Some(mut event) => {
            if let Some(jpeg) = picture {
                snapshot::put(&state.db, event.id, jpeg, now).await?;
                event.snapshot_url = Some(format!("/api/v1/cameras/events/{}/snapshot", event.id));
            }
            Ok((StatusCode::CREATED, Json(event)).into_response())
        }
        None => Ok((
            StatusCode::OK,
            Json(serde_json::json!({"ignored": "false_positive"})),
        )
            .into_response()),
    }
}

async fn list_events(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let access = reader(&caller)?;
    let limit = match q.get("limit") {
        None => 100,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| AppError::invalid("limit", app::tr!("từ 1 đến 1000", "1 to 1000")))?,
    };
    let camera = q.get("camera").map(String::as_str);
    Ok(Json(events::visible(&state.db, access, camera, limit).await?).into_response())
}

/// An event's snapshot (masked), for those who may watch its camera; logged as a view.
async fn event_snapshot(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let user = official(&caller)?;
    let code = events::camera_of(&state.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("event".into()))?;
    camera_of(&state, &code, Access::of_user(user)).await?;
    let jpeg = snapshot::get(&state.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("snapshot".into()))?;
    store::log_view(&state.db, &code, &user.email, "snapshot", now_us()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        jpeg,
    )
        .into_response())
}

async fn get_rules(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    reader(&caller)?;
    Ok(Json(events::rules(&state.db).await?).into_response())
}

async fn put_rules(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    admin(&caller)?;
    let rules: Vec<EventRule> = serde_json::from_slice(&body).map_err(|e| {
        AppError::invalid(
            "body",
            Text::new(
                format!("không phải danh sách quy tắc (kind, min_score, threshold, severity): {e}"),
                format!("not a list of rules (kind, min_score, threshold, severity): {e}"),
            ),
        )
    })?;
    events::save_rules(&state.db, &rules).await?;
    Ok(Json(events::rules(&state.db).await?).into_response())
}

async fn views(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    admin(&caller)?;
    let limit = match q.get("limit") {
        None => 200,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=5000).contains(n))
            .ok_or_else(|| AppError::invalid("limit", app::tr!("từ 1 đến 5000", "1 to 5000")))?,
    };
    let camera = q.get("camera").map(String::as_str);
    Ok(Json(store::views_of(&state.db, camera, limit).await?).into_response())
}

/// A camera the caller may watch; one of a group closed to them is not found.
async fn camera_of(state: &AppState, code: &str, access: Access<'_>) -> Result<Row, AppError> {
    store::visible(&state.db, code, access)
        .await?
        .ok_or_else(|| AppError::NotFound("camera".into()))
}

/// The camera does not answer as it should: said without its address.
fn unreachable(code: &str, why: impl std::fmt::Display) -> AppError {
    tracing::warn!(camera = code, "camera upstream failed: {why}");
    AppError::Unavailable(5)
}

/// A live playlist: `?stream=sub` for the grid's smaller stream. Logged as a view.
async fn live(
    State(state): State<AppState>,
    Extension(proxy): Extension<Arc<Proxy>>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let user = official(&caller)?;
    let cam = camera_of(&state, &code, Access::of_user(user)).await?;
    let sub = q.get("stream").is_some_and(|s| s == "sub");
    let upstream = cam
        .stream(sub)
        .and_then(|s| Url::parse(s).ok())
        .ok_or_else(|| AppError::NotFound("stream".into()))?;
    store::log_view(
        &state.db,
        &code,
        &user.email,
        if sub { "sub" } else { "main" },
        now_us(),
    )
    .await?;
    Ok(forward(&state, &proxy, &cam, upstream, None).await?)
}

/// What a sealed address stands for: a playlist (rewritten again) or media (streamed).
async fn media(
    State(state): State<AppState>,
    Extension(proxy): Extension<Arc<Proxy>>,
    caller: Caller,
    Path((code, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let user = official(&caller)?;
    let sealer = proxy.sealer(&state.db).await?;
    let Some(sealed) = sealer.open(&code, &token, chrono::Utc::now().timestamp()) else {
        return Err(AppError::Forbidden.into());
    };
    // Checked again for each segment: a group closed since stops its viewers at once.
    let cam = camera_of(&state, &code, Access::of_user(user)).await?;
    let url = Url::parse(&sealed.u).map_err(|_| AppError::Forbidden)?;
    // Only the hosts this camera registered: a playlist naming any other is not followed.
    if !cam.allows(&url) {
        tracing::warn!(camera = %code, "refused a media address off the camera's hosts");
        return Err(AppError::Forbidden.into());
    }
    let range = headers.get(header::RANGE).cloned();
    Ok(forward(&state, &proxy, &cam, url, range).await?)
}

/// The camera's still image now.
async fn still(
    State(state): State<AppState>,
    Extension(proxy): Extension<Arc<Proxy>>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let user = official(&caller)?;
    let cam = camera_of(&state, &code, Access::of_user(user)).await?;
    let url = cam
        .snapshot_url
        .as_deref()
        .and_then(|s| Url::parse(s).ok())
        .ok_or_else(|| AppError::NotFound("snapshot".into()))?;
    Ok(forward(&state, &proxy, &cam, url, None).await?)
}

/// Fetches `url` from the camera with its credentials: a playlist comes back rewritten,
/// anything else is streamed through as it arrives.
async fn forward(
    state: &AppState,
    proxy: &Proxy,
    cam: &Row,
    url: Url,
    range: Option<HeaderValue>,
) -> Result<Response, AppError> {
    let code = cam.camera.code.as_str();
    let mut req = proxy.http.get(url.clone());
    if let Some(user) = &cam.username {
        req = req.basic_auth(user, cam.password.as_ref());
    }
    if let Some(r) = range {
        req = req.header(header::RANGE, r);
    }
    let resp = req.send().await.map_err(|e| unreachable(code, e))?;
    let status = resp.status();
    if !(status == StatusCode::OK || status == StatusCode::PARTIAL_CONTENT) {
        return Err(unreachable(code, format!("status {status}")));
    }
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let looks_like_playlist = content_type.contains("mpegurl")
        || url.path().ends_with(".m3u8")
        || url.path().ends_with(".m3u");
    if looks_like_playlist {
        let body = read_limited(resp, MAX_PLAYLIST)
            .await
            .map_err(|e| unreachable(code, e))?;
        if !hls::is_playlist(&body) {
            return Err(unreachable(code, "not an HLS playlist"));
        }
        let text = String::from_utf8_lossy(&body);
        let sealer = proxy.sealer(&state.db).await?;
        let now = chrono::Utc::now().timestamp();
        let mut failed = None;
        let out = hls::rewrite(&text, &url, |target, kind| {
            let ttl = match kind {
                Target::Playlist => PLAYLIST_TTL_S,
                Target::Media => MEDIA_TTL_S,
            };
            let sealed = target.map(|u| Sealed {
                u: u.to_string(),
                e: now + ttl,
            });
            match sealed.map(|s| sealer.seal(code, &s)) {
                Some(Ok(token)) => format!("/api/v1/cameras/{code}/media/{token}"),
                Some(Err(e)) => {
                    failed = Some(e);
                    String::new()
                }
                None => format!("/api/v1/cameras/{code}/media/-"),
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        return Ok((
            [
                (header::CONTENT_TYPE, "application/vnd.apple.mpegurl"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            out,
        )
            .into_response());
    }
    // Streamed: the segment is passed on chunk by chunk, never held whole.
    let mut out = Response::builder().status(status);
    // Media as media: a camera that labels its segments as text would have them compressed
    // again on the way (and sniffed); anything not video, audio or an image goes as bytes.
    let media_type = [
        "video/",
        "audio/",
        "image/",
        "application/octet-stream",
        "application/mp4",
    ]
    .iter()
    .any(|t| content_type.starts_with(t));
    out = out.header(
        header::CONTENT_TYPE,
        if media_type {
            content_type.as_str()
        } else {
            "application/octet-stream"
        },
    );
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_RANGE,
        header::ACCEPT_RANGES,
    ] {
        if let Some(v) = resp.headers().get(&name) {
            out = out.header(name, v.clone());
        }
    }
    out.header(header::CACHE_CONTROL, "private, max-age=60")
        .body(Body::from_stream(resp.bytes_stream()))
        .map_err(internal)
}

/// The body, refused past `max` bytes (a "playlist" that never ends is not read forever).
async fn read_limited(mut resp: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
        if out.len() + chunk.len() > max {
            return Err(format!("playlist longer than {max} bytes"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
