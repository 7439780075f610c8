//! `/api/v1/social/…`: the analyser (anyone), topics and sources (administrators manage,
//! officials read), posts pushed by a department's tool (signed with its source's secret)
//! and read by officials or keys with scope `read`.

use super::sources;
use super::store::{self, Matcher, NewPost, PostQuery, MAX_BODY, MAX_TITLE};
use crate::auth::extract::Caller;
use crate::state::AppState;
use crate::web::ApiResult;
use app::error::{AppError, Text};
use app::model::Role;
use app::modules::social::model::{AnalyzeInput, PostInput, Sentiment, SourceInput, TopicInput};
use app::tr;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/social/analyze", post(analyze_text))
        .route("/api/v1/social/topics", get(list_topics).post(save_topic))
        .route("/api/v1/social/topics/{id}", delete(delete_topic))
        .route(
            "/api/v1/social/sources",
            get(list_sources).post(save_source),
        )
        .route("/api/v1/social/sources/{code}/fetch", post(fetch_source))
        .route("/api/v1/social/posts", get(list_posts).post(push_posts))
}

fn now_us() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

fn admin(caller: &Caller) -> Result<(), AppError> {
    caller.user_with(Role::Admin).map(|_| ())
}

/// Signed-in officials (and above), or a key with scope `read`.
fn reader(caller: &Caller) -> Result<(), AppError> {
    match caller {
        Caller::User(u) if u.role.allows(Role::Official) => Ok(()),
        Caller::Key(k) if k.has_scope("read") => Ok(()),
        Caller::Public => Err(AppError::Unauthorized),
        _ => Err(AppError::Forbidden),
    }
}

fn json_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    field: &str,
    what: Text,
) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::invalid(
            field,
            Text::new(format!("{}: {e}", what.vi), format!("{}: {e}", what.en)),
        )
    })
}

/// Anyone may check what the analyser makes of a text. Signed-in officials also see the
/// watchlist topics and districts it matches (the watchlists are not public).
async fn analyze_text(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let input: AnalyzeInput = json_body(
        &body,
        "text",
        tr!("cần {{\"text\": \"…\"}}", "expected {{\"text\": \"…\"}}"),
    )?;
    super::analyze::check(&input.text)?;
    let matcher = if reader(&caller).is_ok() {
        Matcher::load(&state.db).await?
    } else {
        Matcher::new(Vec::new(), &[])
    };
    Ok(Json(matcher.analyze(&input.text)).into_response())
}

async fn list_topics(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    reader(&caller)?;
    Ok(Json(store::topics(&state.db).await?).into_response())
}

async fn save_topic(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    admin(&caller)?;
    let t: TopicInput = json_body(
        &body,
        "body",
        tr!(
            "không phải chủ đề hợp lệ (name, phrases, exclude, unit, sector)",
            "not a topic (name, phrases, exclude, unit, sector)"
        ),
    )?;
    let (topic, created) = store::save_topic_and_match(&state.db, &t, now_us()).await?;
    let status = if created {
        http::StatusCode::CREATED
    } else {
        http::StatusCode::OK
    };
    Ok((status, Json(topic)).into_response())
}

async fn delete_topic(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    admin(&caller)?;
    store::delete_topic(&state.db, id).await?;
    Ok(http::StatusCode::NO_CONTENT.into_response())
}

async fn list_sources(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    reader(&caller)?;
    Ok(Json(sources::list(&state.db).await?).into_response())
}

async fn save_source(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    admin(&caller)?;
    let s: SourceInput = json_body(
        &body,
        "body",
        tr!(
            "không phải nguồn tin hợp lệ (code, name, kind, url, interval_s, active)",
            "not a source (code, name, kind, url, interval_s, active)"
        ),
    )?;
    let (source, created) = sources::save(&state.db, &s, now_us()).await?;
    let status = if created {
        http::StatusCode::CREATED
    } else {
        http::StatusCode::OK
    };
    Ok((status, Json(source)).into_response())
}

/// Fetches a feed source now (administrators) and answers it as it is after.
async fn fetch_source(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    admin(&caller)?;
    Ok(Json(super::fetch::fetch_now(&state.db, &code).await?).into_response())
}

/// A time parameter: a date (the province's midnight) or an RFC 3339 time.
fn time_param(field: &str, v: &str) -> Result<i64, AppError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Ok(t.timestamp_micros());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        return Ok(midnight.and_utc().timestamp_micros() - 7 * store::HOUR_US);
    }
    Err(AppError::invalid(
        field,
        tr!(
            "'{v}' không phải ngày (2024-06-01) hay thời điểm RFC 3339",
            "'{v}' is not a date (2024-06-01) or an RFC 3339 time"
        ),
    ))
}

async fn list_posts(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    reader(&caller)?;
    let nonempty = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut pq = PostQuery {
        limit: 100,
        ..Default::default()
    };
    pq.topic = nonempty("topic").map(str::to_string);
    pq.unit = nonempty("unit").map(str::to_string);
    pq.source = nonempty("source").map(str::to_string);
    if let Some(v) = nonempty("since") {
        pq.since = Some(time_param("since", v)?);
    }
    if let Some(v) = nonempty("sentiment") {
        pq.sentiment = Some(Sentiment::parse(v).ok_or_else(|| {
            AppError::invalid(
                "sentiment",
                tr!(
                    "một trong positive, neutral, negative",
                    "one of positive, neutral, negative"
                ),
            )
        })?);
    }
    if let Some(v) = nonempty("limit") {
        pq.limit = v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| AppError::invalid("limit", tr!("từ 1 đến 1000", "1 to 1000")))?;
    }
    Ok(Json(store::posts(&state.db, &pq).await?).into_response())
}

/// Posts a department's tool sends: signed with its push source's secret.
/// `X-IOC-Source: <code>`, `X-IOC-Timestamp: <unix seconds>`, `X-IOC-Signature:
/// sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`. One post or a list of up to 500;
/// all are checked before any is stored.
async fn push_posts(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let (Some(code), Some(timestamp), Some(signature)) = (
        header("x-ioc-source"),
        header("x-ioc-timestamp"),
        header("x-ioc-signature"),
    ) else {
        return Err(AppError::Unauthorized.into());
    };
    let Some((source, secret)) = sources::push_secret(&state.db, code).await? else {
        return Err(AppError::Unauthorized.into());
    };
    if !sources::verify(&secret, timestamp, &body, signature) {
        return Err(AppError::Unauthorized.into());
    }
    let now = now_us();
    let fresh = timestamp
        .parse::<i64>()
        .is_ok_and(|t| (now / 1_000_000).abs_diff(t) <= sources::MAX_SKEW_S as u64);
    if !fresh {
        return Err(AppError::invalid(
            "X-IOC-Timestamp",
            tr!(
                "dấu thời gian lệch quá {} giây so với máy chủ",
                "the timestamp is more than {} seconds from the server's clock",
                sources::MAX_SKEW_S
            ),
        )
        .into());
    }
    let value: serde_json::Value = json_body(&body, "body", tr!("không phải JSON", "not JSON"))?;
    let items = match value {
        serde_json::Value::Array(a) => a,
        one => vec![one],
    };
    if items.is_empty() || items.len() > 500 {
        return Err(AppError::invalid(
            "body",
            tr!("gửi 1 đến 500 bài một lần", "send 1 to 500 posts at a time"),
        )
        .into());
    }
    let mut posts = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        posts.push(new_post(i, item, now)?);
    }
    let received = posts.len();
    let matcher = Matcher::load(&state.db).await?;
    let stored = store::store_posts(&state.db, source, posts, &matcher, now).await?;
    Ok((
        http::StatusCode::CREATED,
        Json(serde_json::json!({"received": received, "stored": stored})),
    )
        .into_response())
}

/// One pushed post, checked; errors name `[i].field`.
fn new_post(i: usize, item: serde_json::Value, now: i64) -> Result<NewPost, AppError> {
    let p: PostInput = serde_json::from_value(item).map_err(|e| {
        AppError::invalid(
            format!("[{i}]"),
            Text::new(
                format!(
                    "không phải bài hợp lệ (url, title, text, author, published_at, guid): {e}"
                ),
                format!("not a post (url, title, text, author, published_at, guid): {e}"),
            ),
        )
    })?;
    let url_ok = http::Uri::try_from(p.url.as_str())
        .is_ok_and(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some());
    if !url_ok || p.url.len() > 2_000 {
        return Err(AppError::invalid(
            format!("[{i}].url"),
            tr!("không phải địa chỉ http(s)", "not an http(s) address"),
        ));
    }
    if p.title.trim().is_empty() && p.text.trim().is_empty() {
        return Err(AppError::invalid(
            format!("[{i}].text"),
            tr!(
                "bài không có tiêu đề lẫn nội dung",
                "the post has neither title nor text"
            ),
        ));
    }
    let published_at = match p.published_at.as_deref() {
        None => now,
        Some(v) => chrono::DateTime::parse_from_rfc3339(v)
            .map(|t| t.timestamp_micros())
            .map_err(|_| {
                AppError::invalid(
                    format!("[{i}].published_at"),
                    tr!(
                        "'{v}' không phải thời điểm RFC 3339",
                        "'{v}' is not an RFC 3339 time"
                    ),
                )
            })?,
    };
    let guid = p
        .guid
        .clone()
        .filter(|g| !g.trim().is_empty())
        .unwrap_or_else(|| p.url.clone());
    Ok(NewPost {
        guid: store::guid_key(&guid),
        url: p.url,
        title: store::clean(&p.title, MAX_TITLE),
        body: store::clean(&p.text, MAX_BODY),
        author: p.author.map(|a| store::clean(&a, 200)),
        published_at: published_at.min(now + 3_600_000_000),
    })
}
