//! Fetching feed sources on their schedule: conditional requests (ETag, Last-Modified),
//! a timeout and a size limit, exponential backoff on errors, and each source's health.
//! Safe with several copies of the server: a copy fetches a source only after moving its
//! `next_fetch_at` forward from the value it read (compare-and-set), so one copy does.

use super::feed;
use super::store::{self, stmt, Matcher, NewPost, MAX_BODY, MAX_TITLE};
use crate::auth::internal;
use app::error::{AppError, AppResult};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::time::Duration;

/// The longest a fetch may take, and the largest feed read.
pub const TIMEOUT: Duration = Duration::from_secs(20);
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Items kept from one fetch (the newest): a feed of tens of thousands would hold the
/// database's writer for long.
pub const MAX_ITEMS: usize = 500;
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

const DUE_COLUMNS: &str =
    "id, url, interval_s, etag, last_modified, failures, next_fetch_at FROM social_source";

fn due_of(r: &sea_orm::QueryResult) -> AppResult<Due> {
    Ok(Due {
        id: r.try_get_by_index(0).map_err(internal)?,
        url: r.try_get_by_index(1).map_err(internal)?,
        interval_s: r.try_get_by_index(2).map_err(internal)?,
        etag: r.try_get_by_index(3).map_err(internal)?,
        last_modified: r.try_get_by_index(4).map_err(internal)?,
        failures: r.try_get_by_index(5).map_err(internal)?,
        next_fetch_at: r.try_get_by_index(6).map_err(internal)?,
    })
}

/// Takes a source for this copy by moving its next fetch from the value read: another
/// copy that read the same value finds it moved and leaves it. Returns whether it took it.
async fn claim(db: &DatabaseConnection, s: &Due, now: i64) -> AppResult<bool> {
    Ok(db
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
        == 1)
}

/// Fetches every source due at `now` once, each within `timeout`; returns how many were
/// fetched. `clock` tells the time as each fetch starts (a round of slow sources takes a
/// while).
pub async fn round(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    now: i64,
    timeout: Duration,
    clock: impl Fn() -> i64,
) -> AppResult<usize> {
    let due = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT {DUE_COLUMNS} WHERE kind <> 'push' AND active = 1 AND url IS NOT NULL \
                 AND next_fetch_at <= $1 ORDER BY next_fetch_at LIMIT 50"
            ),
            vec![now.into()],
        ))
        .await
        .map_err(internal)?;
    let mut done = 0;
    for r in &due {
        let s = due_of(r)?;
        let at = clock().max(now);
        if claim(db, &s, at).await? {
            fetch_one(db, http, &s, at, timeout).await?;
            done += 1;
        }
    }
    Ok(done)
}

/// Fetches one feed source now, whatever its schedule (an administrator's "fetch now").
/// Returns false if there is no such feed source.
pub async fn fetch_code(db: &DatabaseConnection, code: &str) -> AppResult<bool> {
    let row = db
        .query_one_raw(stmt(
            db,
            &format!("SELECT {DUE_COLUMNS} WHERE code = $1 AND kind <> 'push' AND url IS NOT NULL"),
            vec![code.into()],
        ))
        .await
        .map_err(internal)?;
    let Some(r) = row else { return Ok(false) };
    let s = due_of(&r)?;
    let now = chrono::Utc::now().timestamp_micros();
    if claim(db, &s, now).await? {
        fetch_one(db, &client(), &s, now, TIMEOUT).await?;
    }
    Ok(true)
}

/// Fetches a feed source now (an administrator asks) and answers it as it is after.
pub async fn fetch_now(
    db: &DatabaseConnection,
    code: &str,
) -> AppResult<app::modules::social::model::Source> {
    if !fetch_code(db, code).await? {
        return Err(AppError::NotFound("source".into()));
    }
    super::sources::list(db)
        .await?
        .into_iter()
        .find(|s| s.code == code)
        .ok_or_else(|| AppError::NotFound("source".into()))
}

/// Fetches one claimed source, stores its new posts and records how it went.
async fn fetch_one(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    s: &Due,
    now: i64,
    timeout: Duration,
) -> AppResult<()> {
    let outcome = match fetch(
        http,
        &s.url,
        s.etag.as_deref(),
        s.last_modified.as_deref(),
        timeout,
    )
    .await
    {
        Ok(Fetched::NotModified) => Ok((s.etag.clone(), s.last_modified.clone())),
        Ok(Fetched::Items {
            items,
            etag,
            last_modified,
        }) => match store_items(db, s.id, items, now).await {
            Ok(()) => Ok((etag, last_modified)),
            // The source stays failing with why (the details in the log) instead of
            // looking healthy while nothing it sends is kept.
            Err(e) => {
                tracing::warn!(source = s.id, "storing a feed's posts failed: {e}");
                Err("its posts could not be stored (see the server log)".to_string())
            }
        },
        Err(e) => Err(e),
    };
    match outcome {
        Ok((etag, last_modified)) => {
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

/// A feed's items as posts: links that are not http(s) and items without an id dropped,
/// the newest [`MAX_ITEMS`] kept, texts cleaned.
async fn store_items(
    db: &DatabaseConnection,
    source: i64,
    items: Vec<feed::Item>,
    now: i64,
) -> AppResult<()> {
    let mut posts: Vec<NewPost> = items
        .into_iter()
        .filter(|i| {
            (i.url.starts_with("https://") || i.url.starts_with("http://"))
                && http::Uri::try_from(i.url.as_str()).is_ok()
                && i.url.len() <= 2_000
        })
        .map(|i| NewPost {
            guid: store::guid_key(&i.guid),
            url: i.url,
            title: store::clean(&i.title, MAX_TITLE),
            body: store::clean(&i.text, MAX_BODY),
            author: i.author.map(|a| store::clean(&a, 200)),
            // A feed's future dates are clocks gone wrong: at most now.
            published_at: i.published_at.unwrap_or(now).min(now),
        })
        .collect();
    posts.sort_by_key(|p| std::cmp::Reverse(p.published_at));
    posts.truncate(MAX_ITEMS);
    if posts.is_empty() {
        return Ok(());
    }
    let matcher = Matcher::load(db).await?;
    store::store_posts(db, source, posts, &matcher, now).await?;
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
        let clock = || chrono::Utc::now().timestamp_micros();
        if let Err(e) = round(&db, &http, now, TIMEOUT, clock).await {
            tracing::warn!("social feeds: {e}");
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}
