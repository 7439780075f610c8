//! One rate-limit layer for every module: a `governor` keyed limiter (GCRA) per route
//! group, keyed by the client's address (the trusted-proxy rule of `client_addr`), with
//! bounded memory, answering `429` with `Retry-After`. Kept per server copy: behind a load
//! balancer with N copies a client gets at most N times a quota, which is what a limit
//! against floods needs. Business rules that every copy must share (reports per hour,
//! failed sign-ins per account) are counted in the database instead (`web::quota`).

use crate::state::AppState;
use app::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::RwLock;
use std::time::Duration;

/// The route groups, each with its own quota per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Sign-in attempts.
    SignIn,
    /// Public reads that cost a query (open data, records, Open311, stations).
    PublicRead,
    /// Public writes (citizen reports).
    PublicWrite,
    /// Uploads (photos).
    Upload,
}

/// Keys a limiter remembers before it forgets the idle ones: memory stays bounded
/// however many addresses it sees.
pub const MAX_KEYS: usize = 100_000;

/// Quotas: a burst, then one request every `period`. `None`: no limit for that group.
#[derive(Debug, Clone, Copy)]
pub struct Quotas {
    pub sign_in: Option<Quota>,
    pub public_read: Option<Quota>,
    pub public_write: Option<Quota>,
    pub upload: Option<Quota>,
}

/// `burst` at once, refilled evenly over a minute; 0 turns the limit off.
pub fn per_minute(burst: u32) -> Option<Quota> {
    let n = NonZeroU32::new(burst)?;
    Some(Quota::per_minute(n))
}

/// `burst` at once, then one every `period`.
pub fn burst_then(burst: u32, period: Duration) -> Option<Quota> {
    Some(Quota::with_period(period)?.allow_burst(NonZeroU32::new(burst)?))
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            // A shared office address gets 30 quick attempts, then one every 2 s.
            sign_in: burst_then(30, Duration::from_secs(2)),
            public_read: per_minute(600),
            public_write: per_minute(30),
            upload: per_minute(60),
        }
    }
}

struct Keyed {
    quota: Option<Quota>,
    /// Replaced by an empty one when even the idle-trimmed map passes [`MAX_KEYS`]: under
    /// a flood from that many addresses, per-address state is worth less than bounded memory.
    map: RwLock<DefaultKeyedRateLimiter<String>>,
}

impl Keyed {
    fn new(quota: Option<Quota>) -> Self {
        let q = quota.unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN));
        Keyed {
            quota,
            map: RwLock::new(RateLimiter::keyed(q)),
        }
    }

    fn check(&self, key: &str) -> Result<(), u64> {
        let Some(quota) = self.quota else {
            return Ok(());
        };
        if self.map.read().is_ok_and(|l| l.len() > MAX_KEYS) {
            if let Ok(mut l) = self.map.write() {
                l.retain_recent();
                if l.len() > MAX_KEYS {
                    *l = RateLimiter::keyed(quota);
                }
                l.shrink_to_fit();
            }
        }
        let Ok(limiter) = self.map.read() else {
            return Ok(());
        };
        limiter.check_key(&key.to_string()).map_err(|not_until| {
            not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1)
        })
    }
}

/// The limiters of one server copy.
pub struct Limits {
    sign_in: Keyed,
    public_read: Keyed,
    public_write: Keyed,
    upload: Keyed,
}

impl Default for Limits {
    fn default() -> Self {
        Self::new(Quotas::default())
    }
}

impl Limits {
    pub fn new(q: Quotas) -> Self {
        Limits {
            sign_in: Keyed::new(q.sign_in),
            public_read: Keyed::new(q.public_read),
            public_write: Keyed::new(q.public_write),
            upload: Keyed::new(q.upload),
        }
    }

    fn group(&self, group: Group) -> &Keyed {
        match group {
            Group::SignIn => &self.sign_in,
            Group::PublicRead => &self.public_read,
            Group::PublicWrite => &self.public_write,
            Group::Upload => &self.upload,
        }
    }

    /// Takes one request of the group for this client, or says in how many seconds one is
    /// free. A request whose address is unknown is not limited here.
    pub fn check(&self, group: Group, client: Option<&str>) -> Result<(), AppError> {
        match client {
            Some(c) => self.group(group).check(c).map_err(AppError::RateLimited),
            None => Ok(()),
        }
    }

    /// Clients the group's limiter remembers now (for tests of the bound).
    pub fn remembered(&self, group: Group) -> usize {
        self.group(group).map.read().map_or(0, |l| l.len())
    }
}

/// The layer: `route_layer(from_fn_with_state((state, Group::PublicRead), limit))`.
pub async fn limit(
    State((state, group)): State<(AppState, Group)>,
    req: Request,
    next: Next,
) -> Response {
    let client = crate::client_addr(&req, state.settings.trust_proxy);
    match state.limits.check(group, client.as_deref()) {
        Ok(()) => next.run(req).await,
        Err(e) => crate::web::ApiError(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_limited_others_go_on_and_memory_stays_bounded() {
        let limits = Limits::new(Quotas {
            public_write: burst_then(2, Duration::from_secs(60)),
            ..Quotas::default()
        });
        let write = |c: &str| limits.check(Group::PublicWrite, Some(c));
        assert!(write("10.0.0.2").is_ok());
        assert!(write("10.0.0.2").is_ok());
        match write("10.0.0.2") {
            Err(AppError::RateLimited(s)) => assert!((1..=60).contains(&s), "{s}"),
            other => panic!("{other:?}"),
        }
        // Another client, and the same client in another group, go on.
        assert!(write("10.0.0.3").is_ok());
        assert!(limits.check(Group::PublicRead, Some("10.0.0.2")).is_ok());
        for i in 0..(MAX_KEYS as u32 + 10) {
            let _ = write(&format!("addr-{i}"));
        }
        // Every key here is recent, so trimming idle ones frees nothing: the map starts
        // anew once it passes the bound.
        let n = limits.remembered(Group::PublicWrite);
        assert!(n <= MAX_KEYS + 1, "{n}");
    }

    #[test]
    fn a_quota_of_zero_is_no_limit() {
        let limits = Limits::new(Quotas {
            public_read: per_minute(0),
            ..Quotas::default()
        });
        for _ in 0..1_000 {
            assert!(limits.check(Group::PublicRead, Some("a")).is_ok());
        }
    }
}
