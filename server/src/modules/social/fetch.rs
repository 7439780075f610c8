//! Fetching feed sources on their schedule: conditional requests (ETag, Last-Modified),
//! a timeout and a size limit, exponential backoff on errors, and each source's health.
//! Safe with several copies of the server: a copy fetches a source only after moving its
//! `next_fetch_at` forward from the value it read (compare-and-set), so one copy does.

use super::feed;
use super::store::{self, stmt, Matcher, NewPost, MAX_BODY, MAX_TITLE};
use crate::auth::internal;
use app::error::AppResult;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::time::Duration;

/// The longest a fetch may take, and the largest feed read.
pub const TIMEOUT: Duration = Duration::from_secs(20);
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Backoff after failures: the interval doubled per failure in a row, at most this.
const MAX_BACKOFF_US: i64 = 6 * 3_600_000_000;

/// A source due for fetching, as read.
struct Due {
    id: i64,
    url: String,
    interval_s: i64,
    etag: Option<String>,
    last_modified: Option<String>,
    failures: i64,
    next_fetch_at: i64,
}

/// What one fetch found.
#[derive(Debug, PartialEq)]
pub enum Fetched {
    /// 304: nothing new.
    NotModified,
    Items {
        items: Vec<feed::Item>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// The module's HTTP client (time limits are set per request).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("IOC/", env!("CARGO_PKG_VERSION"), " (feed reader)"))
        .build()
        .unwrap_or_default()
}

/// One conditional GET of a feed within `timeout`, read up to [`MAX_BYTES`]; the error
/// says what failed.
pub async fn fetch(
    http: &reqwest::Client,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    timeout: Duration,
) -> Result<Fetched, String> {
    let mut req = http.get(url).timeout(timeout).header(
        "accept",
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5",
    );
    if let Some(e) = etag {
        req = req.header("if-none-match", e);
    }
    if let Some(m) = last_modified {
        req = req.header("if-modified-since", m);
    }
    let mut res = req.send().await.map_err(|e| {
        if e.is_timeout() {
            format!("no answer within {} s", timeout.as_secs())
        } else {
            format!("request failed: {e}")
        }
    })?;
    if res.status() == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !res.status().is_success() {
        return Err(format!("HTTP {}", res.status().as_u16()));
    }
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let mut body = Vec::new();
    while let Some(chunk) = res
        .chunk()
        .await
        .map_err(|e| format!("reading the feed failed: {e}"))?
    {
        if body.len() + chunk.len() > MAX_BYTES {
            return Err(format!(
                "the feed is larger than {} MB",
                MAX_BYTES / 1024 / 1024
            ));
        }
        body.extend_from_slice(&chunk);
    }
    let items = feed::parse(&body)?;
    Ok(Fetched::Items {
        items,
        etag,
        last_modified,
    })
}

/// Fetches every due source once, each within `timeout`; returns how many were fetched.
pub async fn round(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    now: i64,
    timeout: Duration,
) -> AppResult<usize> {
    let due = db
        .query_all_raw(stmt(
            db,
            "SELECT id, url, interval_s, etag, last_modified, failures, next_fetch_at \
             FROM social_source WHERE kind <> 'push' AND active = 1 AND url IS NOT NULL \
             AND next_fetch_at <= $1 ORDER BY next_fetch_at LIMIT 50",
            vec![now.into()],
        ))
        .await
        .map_err(internal)?;
    let mut done = 0;
    for r in &due {
        let s = Due {
            id: r.try_get_by_index(0).map_err(internal)?,
            url: r.try_get_by_index(1).map_err(internal)?,
            interval_s: r.try_get_by_index(2).map_err(internal)?,
            etag: r.try_get_by_index(3).map_err(internal)?,
            last_modified: r.try_get_by_index(4).map_err(internal)?,
            failures: r.try_get_by_index(5).map_err(internal)?,
            next_fetch_at: r.try_get_by_index(6).map_err(internal)?,
        };
        // The claim: another copy that read the same value finds it moved and skips.
        let claimed = db
            .execute_raw(stmt(
                db,
                "UPDATE social_source SET next_fetch_at = $1 WHERE id = $2 AND next_fetch_at = $3",
                vec![
                    (now + s.interval_s * 1_000_000).into(),
                    s.id.into(),
                    s.next_fetch_at.into(),
                ],
            ))
            .await
            .map_err(internal)?
            .rows_affected()
            == 1;
        if !claimed {
            continue;
        }
        fetch_one(db, http, &s, now, timeout).await?;
        done += 1;
    }
    Ok(done)
}

/// Fetches one claimed source, stores its new posts and records how it went.
async fn fetch_one(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    s: &Due,
    now: i64,
    timeout: Duration,
) -> AppResult<()> {
    let outcome = fetch(
        http,
        &s.url,
        s.etag.as_deref(),
        s.last_modified.as_deref(),
        timeout,
    )
    .await;
    match outcome {
        Ok(fetched) => {
            let (etag, last_modified) = match fetched {
                Fetched::NotModified => (s.etag.clone(), s.last_modified.clone()),
                Fetched::Items {
                    items,
                    etag,
                    last_modified,
                } => {
                    let posts: Vec<NewPost> = items
                        .into_iter()
                        .filter(|i| !i.url.is_empty() || !i.guid.is_empty())
                        .map(|i| NewPost {
                            guid: store::guid_key(&i.guid),
                            url: i.url,
                            title: i.title.chars().take(MAX_TITLE).collect(),
                            body: i.text.chars().take(MAX_BODY).collect(),
                            author: i.author.map(|a| a.chars().take(200).collect()),
                            // A feed's future dates are clocks gone wrong: at most now.
                            published_at: i.published_at.unwrap_or(now).min(now),
                        })
                        .collect();
                    if !posts.is_empty() {
                        let matcher = Matcher::load(db).await?;
                        store::store_posts(db, s.id, posts, &matcher, now).await?;
                    }
                    (etag, last_modified)
                }
            };
            db.execute_raw(stmt(
                db,
                "UPDATE social_source SET state = 'ok', failures = 0, last_error = NULL, \
                 last_fetch_at = $1, last_ok_at = $1, etag = $2, last_modified = $3 WHERE id = $4",
                vec![now.into(), etag.into(), last_modified.into(), s.id.into()],
            ))
            .await
            .map_err(internal)?;
        }
        Err(error) => {
            let failures = s.failures + 1;
            let backoff = (s.interval_s * 1_000_000)
                .saturating_mul(1i64 << failures.min(16))
                .min(MAX_BACKOFF_US);
            tracing::info!(source = s.id, %error, failures, "feed fetch failed");
            db.execute_raw(stmt(
                db,
                "UPDATE social_source SET state = 'failing', failures = $1, last_error = $2, \
                 last_fetch_at = $3, next_fetch_at = $4 WHERE id = $5",
                vec![
                    failures.into(),
                    error.chars().take(500).collect::<String>().into(),
                    now.into(),
                    (now + backoff).into(),
                    s.id.into(),
                ],
            ))
            .await
            .map_err(internal)?;
        }
    }
    Ok(())
}

/// Makes a source due now (an administrator's "fetch now", and the tests).
pub async fn due_now<C: ConnectionTrait>(db: &C, code: &str, now: i64) -> AppResult<bool> {
    Ok(db
        .execute_raw(stmt(
            db,
            "UPDATE social_source SET next_fetch_at = $1 WHERE code = $2 AND kind <> 'push'",
            vec![now.into(), code.into()],
        ))
        .await
        .map_err(internal)?
        .rows_affected()
        == 1)
}

/// The worker: a round every five seconds.
pub async fn run_forever(db: DatabaseConnection) {
    let http = client();
    loop {
        let now = chrono::Utc::now().timestamp_micros();
        if let Err(e) = round(&db, &http, now, TIMEOUT).await {
            tracing::warn!("social feeds: {e}");
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

/// One round now, with this module's client (the tests, and `POST …/sources/{code}/fetch`).
pub async fn round_now(db: &DatabaseConnection) -> AppResult<usize> {
    round(
        db,
        &client(),
        chrono::Utc::now().timestamp_micros(),
        TIMEOUT,
    )
    .await
}
