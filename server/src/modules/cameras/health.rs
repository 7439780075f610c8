//! The cameras' probe. Each check fetches the camera's snapshot (or, without one, its
//! playlist) within a timeout, and compares it with the last: the same image hash, or a
//! live playlist whose media sequence does not advance, is a frozen picture. States move
//! with hysteresis so that one lost check does not flap them: offline after
//! [`FAILS_TO_OFFLINE`] failed checks in a row, back online after [`OKS_TO_ONLINE`] good
//! ones, frozen after [`SAME_TO_FROZEN`] unchanged ones. Each change is logged (uptime is
//! counted from the log); an offline camera raises an alert in the shared feed, cleared
//! when it is back.

use super::store::{self, stmt, Row};
use crate::auth::internal;
use app::error::AppResult;
use app::model::Severity;
use app::modules::cameras::model::CameraState;
use reqwest::Url;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use sha2::Digest;
use std::time::Duration;

pub const FAILS_TO_OFFLINE: i64 = 3;
pub const OKS_TO_ONLINE: i64 = 2;
pub const SAME_TO_FROZEN: i64 = 3;
/// Seconds between checks of a camera.
pub const INTERVAL_S: i64 = 30;
/// A check waits this long at most.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What one check saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// It answered: a fingerprint of what it showed (image hash, or media sequence).
    Answered(String),
    /// It did not answer as it should (said why, without the address).
    Failed(String),
}

/// The counters a check moves, and the state they lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    pub fails: i64,
    pub oks: i64,
    pub same: i64,
}

/// The next state and counters from the current ones and what a check saw. Pure, so the
/// hysteresis is tested on its own.
pub fn step(
    state: CameraState,
    c: Counters,
    last: Option<&str>,
    seen: &Seen,
) -> (CameraState, Counters) {
    match seen {
        Seen::Failed(_) => {
            let c = Counters {
                fails: c.fails + 1,
                oks: 0,
                same: c.same,
            };
            let next = if c.fails >= FAILS_TO_OFFLINE {
                CameraState::Offline
            } else {
                state
            };
            (next, c)
        }
        Seen::Answered(print) => {
            let same = if last == Some(print.as_str()) {
                c.same + 1
            } else {
                0
            };
            let c = Counters {
                fails: 0,
                oks: c.oks + 1,
                same,
            };
            let next = if same + 1 >= SAME_TO_FROZEN {
                CameraState::Frozen
            } else if state == CameraState::Offline && c.oks < OKS_TO_ONLINE {
                CameraState::Offline
            } else {
                CameraState::Online
            };
            (next, c)
        }
    }
}

/// One check of a camera: its snapshot, else its stream's playlist.
pub async fn check(http: &reqwest::Client, cam: &Row, timeout: Duration) -> Seen {
    let target = cam
        .snapshot_url
        .as_deref()
        .or(cam.stream(false))
        .and_then(|s| Url::parse(s).ok());
    let Some(url) = target else {
        return Seen::Failed("no address to check".into());
    };
    let fetch = async {
        let mut req = http.get(url.clone());
        if let Some(user) = &cam.username {
            req = req.basic_auth(user, cam.password.as_ref());
        }
        let resp = req.send().await.map_err(|e| short(&e))?;
        if !resp.status().is_success() {
            return Err(format!("HTTP {}", resp.status().as_u16()));
        }
        let body = resp.bytes().await.map_err(|e| short(&e))?;
        if body.is_empty() {
            return Err("empty answer".into());
        }
        Ok(body)
    };
    let body = match tokio::time::timeout(timeout, fetch).await {
        Err(_) => return Seen::Failed(format!("no answer within {} s", timeout.as_secs())),
        Ok(Err(e)) => return Seen::Failed(e),
        Ok(Ok(b)) => b,
    };
    if super::hls::is_playlist(&body) {
        // A live playlist that does not move on is a frozen stream: its media sequence
        // and last segment are its fingerprint.
        let text = String::from_utf8_lossy(&body);
        let seq = text
            .lines()
            .find_map(|l| l.strip_prefix("#EXT-X-MEDIA-SEQUENCE:"))
            .unwrap_or("")
            .trim()
            .to_string();
        let last = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .unwrap_or("")
            .to_string();
        return Seen::Answered(format!("seq:{seq}:{last}"));
    }
    Seen::Answered(hex::encode(sha2::Sha256::digest(&body)))
}

/// An error as the log and the page show it: what failed, never the address.
fn short(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection refused or unreachable".into()
    } else {
        "request failed".into()
    }
}

/// Checks every camera that is due at `now` (microseconds) and that this copy claims.
pub async fn round(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    now: i64,
    timeout: Duration,
) -> AppResult<()> {
    let due = db
        .query_all_raw(stmt(
            db,
            "SELECT code, next_check_at FROM camera WHERE next_check_at <= $1 \
             AND (stream_url IS NOT NULL OR snapshot_url IS NOT NULL) ORDER BY next_check_at LIMIT 200",
            vec![now.into()],
        ))
        .await
        .map_err(internal)?;
    let mut claimed = Vec::new();
    for r in &due {
        let code: String = r.try_get_by_index(0).map_err(internal)?;
        let was: i64 = r.try_get_by_index(1).map_err(internal)?;
        // The claim: only the copy that moves it from what it read checks it.
        let moved = db
            .execute_raw(stmt(
                db,
                "UPDATE camera SET next_check_at = $1 WHERE code = $2 AND next_check_at = $3",
                vec![
                    (now + INTERVAL_S * 1_000_000).into(),
                    code.clone().into(),
                    was.into(),
                ],
            ))
            .await
            .map_err(internal)?
            .rows_affected()
            == 1;
        if moved {
            if let Some(cam) = store::get(db, &code).await? {
                claimed.push(cam);
            }
        }
    }
    // Checked side by side: a dead camera's timeout does not hold up the others.
    use futures_util::StreamExt;
    let seen: Vec<(String, Seen)> = futures_util::stream::iter(claimed)
        .map(|cam| async move {
            let seen = check(http, &cam, timeout).await;
            (cam.camera.code, seen)
        })
        .buffer_unordered(16)
        .collect()
        .await;
    for (code, seen) in &seen {
        record(db, code, seen, now).await?;
    }
    Ok(())
}

/// Moves a camera's counters and state by what a check saw.
pub async fn record(db: &DatabaseConnection, code: &str, seen: &Seen, now: i64) -> AppResult<()> {
    let Some(r) = db
        .query_one_raw(stmt(
            db,
            "SELECT state, fails, oks, same, last_hash, name FROM camera WHERE code = $1",
            vec![code.into()],
        ))
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let state = CameraState::parse(&r.try_get_by_index::<String>(0).map_err(internal)?)
        .unwrap_or(CameraState::Unknown);
    let counters = Counters {
        fails: r.try_get_by_index(1).map_err(internal)?,
        oks: r.try_get_by_index(2).map_err(internal)?,
        same: r.try_get_by_index(3).map_err(internal)?,
    };
    let last: Option<String> = r.try_get_by_index(4).map_err(internal)?;
    let name: String = r.try_get_by_index(5).map_err(internal)?;
    let (next, c) = step(state, counters, last.as_deref(), seen);
    let (hash, error) = match seen {
        Seen::Answered(p) => (Some(p.clone()), None),
        Seen::Failed(e) => (last, Some(e.clone())),
    };
    // Guarded by the state read: a concurrent record (another copy) wins, this one waits
    // for the next check.
    let moved = db
        .execute_raw(stmt(
            db,
            "UPDATE camera SET state = $1, since = CASE WHEN state = $1 THEN since ELSE $2 END, \
             checked_at = $2, fails = $3, oks = $4, same = $5, last_hash = $6, last_error = $7 \
             WHERE code = $8 AND state = $9",
            vec![
                next.as_str().into(),
                now.into(),
                c.fails.into(),
                c.oks.into(),
                c.same.into(),
                hash.into(),
                error.clone().into(),
                code.into(),
                state.as_str().into(),
            ],
        ))
        .await
        .map_err(internal)?
        .rows_affected()
        == 1;
    if !moved || next == state {
        return Ok(());
    }
    db.execute_raw(stmt(
        db,
        "INSERT INTO camera_state_log (camera, state, at) VALUES ($1, $2, $3)",
        vec![code.into(), next.as_str().into(), now.into()],
    ))
    .await
    .map_err(internal)?;
    let at = chrono::DateTime::from_timestamp_micros(now).unwrap_or_default();
    match next {
        CameraState::Offline => {
            crate::alerts::raise(
                db,
                crate::alerts::Raise {
                    module: "cameras",
                    kind: "offline",
                    subject: code,
                    subject_name: &name,
                    department: None,
                    severity: Severity::Warning,
                    title_vi: format!("Camera mất tín hiệu: {name}"),
                    title_en: format!("Camera offline: {name}"),
                    value: error.unwrap_or_default(),
                    observed_at: at,
                },
            )
            .await?;
        }
        CameraState::Frozen => {
            crate::alerts::raise(
                db,
                crate::alerts::Raise {
                    module: "cameras",
                    kind: "frozen",
                    subject: code,
                    subject_name: &name,
                    department: None,
                    severity: Severity::Warning,
                    title_vi: format!("Camera đứng hình: {name}"),
                    title_en: format!("Camera frozen: {name}"),
                    value: format!("{SAME_TO_FROZEN}+"),
                    observed_at: at,
                },
            )
            .await?;
        }
        CameraState::Online | CameraState::Unknown => {}
    }
    if next != CameraState::Offline {
        crate::alerts::clear(db, "cameras", "offline", code).await?;
    }
    if next != CameraState::Frozen {
        crate::alerts::clear(db, "cameras", "frozen", code).await?;
    }
    Ok(())
}

/// The probe's worker: a round every few seconds, forever.
pub async fn run_forever(db: DatabaseConnection) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(TIMEOUT)
        .build()
        .unwrap_or_default();
    loop {
        let now = chrono::Utc::now().timestamp_micros();
        if let Err(e) = round(&db, &http, now, TIMEOUT).await {
            tracing::warn!("camera probe round failed: {e:?}");
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(seen: &[Seen]) -> Vec<CameraState> {
        let (mut state, mut c, mut last) = (
            CameraState::Unknown,
            Counters {
                fails: 0,
                oks: 0,
                same: 0,
            },
            None::<String>,
        );
        seen.iter()
            .map(|s| {
                (state, c) = step(state, c, last.as_deref(), s);
                if let Seen::Answered(p) = s {
                    last = Some(p.clone());
                }
                state
            })
            .collect()
    }

    fn ok(p: &str) -> Seen {
        Seen::Answered(p.into())
    }

    fn fail() -> Seen {
        Seen::Failed("x".into())
    }

    #[test]
    fn one_lost_check_does_not_flap_the_state() {
        use CameraState::*;
        assert_eq!(
            run(&[ok("a"), fail(), ok("b"), fail(), fail(), ok("c")]),
            [Online, Online, Online, Online, Online, Online]
        );
        // Three failures in a row: offline; back only after two good checks.
        assert_eq!(
            run(&[ok("a"), fail(), fail(), fail(), ok("b"), ok("c"), ok("d")]),
            [Online, Online, Online, Offline, Offline, Online, Online]
        );
    }

    #[test]
    fn the_same_picture_three_times_is_frozen_until_it_moves() {
        use CameraState::*;
        assert_eq!(
            run(&[ok("a"), ok("a"), ok("a"), ok("a"), ok("b")]),
            [Online, Online, Frozen, Frozen, Online]
        );
    }
}
