//! Sign-in protection: attempts limited per client address (a burst, then one every two
//! seconds, then 429 with Retry-After), failures limited per account (counted in the
//! database, so across copies: see `auth::login`), and password hashing on blocking
//! threads with a bound on how many run at once, so that a flood of wrong passwords
//! neither stalls the server nor guesses far.

use app::error::{AppError, AppResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Keys a limiter remembers before it forgets the idle ones: memory stays bounded
/// however many addresses or names it sees.
const MAX_KEYS: usize = 100_000;
/// Longest a sign-in waits for a hashing slot before it is turned away.
const QUEUE_WAIT: Duration = Duration::from_secs(5);

pub struct SignInGuard {
    quota: Quota,
    /// Replaced by an empty one when even the idle-trimmed map passes [`MAX_KEYS`]: under a
    /// flood from that many addresses, per-address state is worth less than bounded memory.
    by_address: std::sync::RwLock<DefaultKeyedRateLimiter<String>>,
    hashing: Semaphore,
}

/// Failed sign-ins one account may have in [`FAILURE_WINDOW_SECS`] before it must wait
/// for the window to end (a success clears them).
pub const MAX_FAILURES: u32 = 10;
pub const FAILURE_WINDOW_SECS: i64 = 900;

fn quota(burst: u32, one_per: Duration) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(one_per)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl Default for SignInGuard {
    fn default() -> Self {
        // A shared office address gets 30 quick attempts, then one every 2 s.
        Self::new(quota(30, Duration::from_secs(2)))
    }
}

impl SignInGuard {
    pub fn new(per_address: Quota) -> Self {
        // Half the cores hash (at least one): the others keep answering everyone else.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            quota: per_address,
            by_address: std::sync::RwLock::new(RateLimiter::keyed(per_address)),
            hashing: Semaphore::new((cores / 2).max(1)),
        }
    }

    /// Takes one attempt for this address, or says how long to wait.
    pub fn admit(&self, address: Option<&str>) -> AppResult<()> {
        let Some(address) = address else {
            return Ok(());
        };
        let over = self.by_address.read().is_ok_and(|l| l.len() > MAX_KEYS);
        if over {
            if let Ok(mut l) = self.by_address.write() {
                l.retain_recent();
                if l.len() > MAX_KEYS {
                    *l = RateLimiter::keyed(self.quota);
                }
                l.shrink_to_fit();
            }
        }
        let limiter = self.by_address.read().map_err(super::internal)?;
        limiter
            .check_key(&address.to_string())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                AppError::RateLimited(wait.as_secs().max(1))
            })
    }

    /// Runs a password hash or check on a blocking thread, at most a few at once.
    pub async fn hash<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.hashing.acquire())
            .await
            .map_err(|_| AppError::RateLimited(5))?
            .map_err(super::internal)?;
        let out = tokio::task::spawn_blocking(work)
            .await
            .map_err(super::internal)?;
        drop(permit);
        Ok(out)
    }

    /// Addresses remembered now (for tests of the bound).
    pub fn remembered(&self) -> usize {
        self.by_address.read().map_or(0, |l| l.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_limited_others_go_on_and_memory_stays_bounded() {
        let g = SignInGuard::new(quota(2, Duration::from_secs(60)));
        g.admit(Some("10.0.0.2")).unwrap();
        g.admit(Some("10.0.0.2")).unwrap();
        match g.admit(Some("10.0.0.2")) {
            Err(AppError::RateLimited(s)) => assert!((1..=60).contains(&s), "{s}"),
            other => panic!("{other:?}"),
        }
        g.admit(Some("10.0.0.3")).unwrap();
        for i in 0..(MAX_KEYS as u32 + 10) {
            let _ = g.admit(Some(&format!("addr-{i}")));
        }
        // Every key here is recent, so trimming idle ones frees nothing: the map starts
        // anew once it passes the bound.
        assert!(g.remembered() <= MAX_KEYS + 1, "{}", g.remembered());
    }
}
