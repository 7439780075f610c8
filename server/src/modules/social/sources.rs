//! Sources of posts: feeds (RSS, Atom, JSON Feed) fetched on a schedule, and push sources
//! whose tools send posts signed with a secret of their own (HMAC-SHA256 over the
//! timestamp and the body, as webhooks are signed).

use super::store::{rfc3339, stmt};
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::modules::social::model::{Source, SourceInput, SourceKind};
use app::tr;
use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, QueryResult};
use sha2::Sha256;

/// How far a push's timestamp may be from the server's clock, in seconds: a captured
/// request cannot be replayed later than this.
pub const MAX_SKEW_S: i64 = 300;

const COLUMNS: &str = "id, code, name, kind, url, interval_s, active, state, last_fetch_at, \
    last_ok_at, failures, last_error, posts";

fn source_of(r: &QueryResult) -> AppResult<Source> {
    let kind: String = r.try_get_by_index(3).map_err(internal)?;
    let opt_time = |i: usize| -> AppResult<Option<String>> {
        Ok(r.try_get_by_index::<Option<i64>>(i)
            .map_err(internal)?
            .map(rfc3339))
    };
    Ok(Source {
        id: r.try_get_by_index(0).map_err(internal)?,
        code: r.try_get_by_index(1).map_err(internal)?,
        name: r.try_get_by_index(2).map_err(internal)?,
        kind: SourceKind::parse(&kind).unwrap_or(SourceKind::Rss),
        url: r.try_get_by_index(4).map_err(internal)?,
        interval_s: r.try_get_by_index(5).map_err(internal)?,
        active: r.try_get_by_index::<i64>(6).map_err(internal)? != 0,
        state: r.try_get_by_index(7).map_err(internal)?,
        last_fetch_at: opt_time(8)?,
        last_ok_at: opt_time(9)?,
        failures: r.try_get_by_index(10).map_err(internal)?,
        last_error: r.try_get_by_index(11).map_err(internal)?,
        posts: r.try_get_by_index(12).map_err(internal)?,
        secret: None,
    })
}

pub async fn list<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Source>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!("SELECT {COLUMNS} FROM social_source ORDER BY code"),
            vec![],
        ))
        .await
        .map_err(internal)?;
    rows.iter().map(source_of).collect()
}

/// The limits a source must keep; the error names the field.
fn check(s: &SourceInput) -> AppResult<()> {
    let code_ok = !s.code.is_empty()
        && s.code.len() <= 50
        && s.code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !code_ok {
        return Err(AppError::invalid(
            "code",
            tr!(
                "mã nguồn cần 1–50 ký tự: chữ, số, '-', '_'",
                "a source's code takes 1–50 letters, digits, '-' or '_'"
            ),
        ));
    }
    if s.name.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(AppError::invalid(
            "name",
            tr!(
                "tên tối đa 200 ký tự",
                "a name takes at most 200 characters"
            ),
        ));
    }
    match (s.kind, s.url.as_deref()) {
        (SourceKind::Push, Some(_)) => {
            return Err(AppError::invalid(
                "url",
                tr!(
                    "nguồn đẩy (push) không có địa chỉ: công cụ của đơn vị gửi bài tới IOC",
                    "a push source has no address: the department's tool sends posts to the IOC"
                ),
            ))
        }
        (SourceKind::Push, None) => {}
        (_, None) => {
            return Err(AppError::invalid(
                "url",
                tr!(
                    "cần địa chỉ của nguồn tin",
                    "the feed's address is required"
                ),
            ))
        }
        (_, Some(u)) => {
            let ok = http::Uri::try_from(u).is_ok_and(|uri| {
                matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some()
            });
            if !ok || u.len() > 2_000 {
                return Err(AppError::invalid(
                    "url",
                    tr!(
                        "'{u}' không phải địa chỉ http(s) hợp lệ",
                        "'{u}' is not a valid http(s) address"
                    ),
                ));
            }
        }
    }
    if let Some(i) = s.interval_s {
        if !(60..=86_400).contains(&i) {
            return Err(AppError::invalid(
                "interval_s",
                tr!(
                    "chu kỳ lấy tin từ 60 đến 86.400 giây",
                    "the interval takes 60 to 86,400 seconds"
                ),
            ));
        }
    }
    Ok(())
}

/// A new signing secret: 32 random bytes, hex.
fn new_secret() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Creates a source, or redefines the one with the same code (its kind stays). A new
/// push source's answer carries its secret, the only time it is shown. Returns the
/// source and whether it is new.
pub async fn save<C: ConnectionTrait>(
    db: &C,
    s: &SourceInput,
    now: i64,
) -> AppResult<(Source, bool)> {
    check(s)?;
    let existing = db
        .query_one_raw(stmt(
            db,
            "SELECT kind FROM social_source WHERE code = $1",
            vec![s.code.clone().into()],
        ))
        .await
        .map_err(internal)?;
    if let Some(r) = &existing {
        let kind: String = r.try_get_by_index(0).map_err(internal)?;
        if kind != s.kind.as_str() {
            return Err(AppError::invalid(
                "kind",
                tr!(
                    "nguồn '{}' là loại {kind}; không đổi được loại",
                    "source '{}' is of kind {kind}; its kind cannot change",
                    s.code
                ),
            ));
        }
    }
    let name = s
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| {
            s.url
                .as_deref()
                .and_then(|u| http::Uri::try_from(u).ok())
                .and_then(|u| u.host().map(str::to_string))
        })
        .unwrap_or_else(|| s.code.clone());
    let secret = (existing.is_none() && s.kind == SourceKind::Push).then(new_secret);
    let interval = s.interval_s.unwrap_or(900);
    let active = i64::from(s.active.unwrap_or(true));
    let row = db
        .query_one_raw(stmt(
            db,
            &format!(
                "INSERT INTO social_source (code, name, kind, url, interval_s, active, secret, \
                 next_fetch_at, failures, state, posts, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 'unknown', 0, $8, $8) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, url = excluded.url, \
                 interval_s = excluded.interval_s, active = excluded.active, \
                 next_fetch_at = excluded.next_fetch_at, updated_at = excluded.updated_at \
                 RETURNING {COLUMNS}"
            ),
            vec![
                s.code.clone().into(),
                name.trim().to_string().into(),
                s.kind.as_str().into(),
                s.url.clone().into(),
                interval.into(),
                active.into(),
                secret.clone().into(),
                now.into(),
            ],
        ))
        .await
        .map_err(internal)?
        .ok_or_else(|| internal("no row back from the source's upsert"))?;
    let mut source = source_of(&row)?;
    source.secret = secret;
    Ok((source, existing.is_none()))
}

/// The push source a request names, with its secret; `None` if there is none such, it is
/// not a push source, or it is switched off.
pub async fn push_secret<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> AppResult<Option<(i64, String)>> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT id, secret FROM social_source WHERE code = $1 AND kind = 'push' AND active = 1",
            vec![code.into()],
        ))
        .await
        .map_err(internal)?;
    match row {
        Some(r) => Ok(r
            .try_get_by_index::<Option<String>>(1)
            .map_err(internal)?
            .map(|s| (r.try_get_by_index::<i64>(0).unwrap_or_default(), s))),
        None => Ok(None),
    }
}

/// The MAC of a push: HMAC-SHA256, keyed by the source's secret, of `{timestamp}.{body}`.
fn mac(secret: &str, timestamp: &str, body: &[u8]) -> Option<Hmac<Sha256>> {
    // HMAC takes a key of any length: this never fails.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(mac)
}

/// The signature a push carries: `sha256=` and the MAC in hex.
pub fn signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    mac(secret, timestamp, body)
        .map(|m| format!("sha256={}", hex::encode(m.finalize().into_bytes())))
        .unwrap_or_default()
}

/// Whether `given` is the push's signature, compared in constant time.
pub fn verify(secret: &str, timestamp: &str, body: &[u8], given: &str) -> bool {
    let Some(bytes) = given
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    mac(secret, timestamp, body).is_some_and(|m| m.verify_slice(&bytes).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_any_change_breaks_them() {
        let sig = signature("s3cret", "1733300000", b"{\"url\":\"x\"}");
        assert!(verify("s3cret", "1733300000", b"{\"url\":\"x\"}", &sig));
        assert!(!verify("s3cret", "1733300001", b"{\"url\":\"x\"}", &sig));
        assert!(!verify("s3cret", "1733300000", b"{\"url\":\"y\"}", &sig));
        assert!(!verify("other", "1733300000", b"{\"url\":\"x\"}", &sig));
        assert!(!verify(
            "s3cret",
            "1733300000",
            b"{\"url\":\"x\"}",
            "sha256=zz"
        ));
        assert!(!verify(
            "s3cret",
            "1733300000",
            b"{\"url\":\"x\"}",
            &sig[7..]
        ));
    }
}
