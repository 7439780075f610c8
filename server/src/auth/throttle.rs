//! Sign-in protection: attempts limited per client address and per account (a few at
//! once, then one a minute, then 429 with Retry-After), and password hashing on blocking
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
    by_address: DefaultKeyedRateLimiter<String>,
    by_account: DefaultKeyedRateLimiter<String>,
    hashing: Semaphore,
}

fn quota(burst: u32, one_per: Duration) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(one_per)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl Default for SignInGuard {
    fn default() -> Self {
        // A shared office address gets 30 quick attempts, then one every 2 s; one account
        // gets 10, then one a minute.
        Self::new(
            quota(30, Duration::from_secs(2)),
            quota(10, Duration::from_secs(60)),
        )
    }
}

impl SignInGuard {
    pub fn new(per_address: Quota, per_account: Quota) -> Self {
        // Half the cores hash (at least one): the others keep answering everyone else.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            by_address: RateLimiter::keyed(per_address),
            by_account: RateLimiter::keyed(per_account),
            hashing: Semaphore::new((cores / 2).max(1)),
        }
    }

    /// Takes one attempt for this address and account, or says how long to wait.
    pub fn admit(&self, address: Option<&str>, account: &str) -> AppResult<()> {
        let now = DefaultClock::default().now();
        for (limiter, key) in [
            (&self.by_address, address.map(|a| format!("addr:{a}"))),
            (&self.by_account, Some(account.to_lowercase())),
        ] {
            let Some(key) = key else { continue };
            if limiter.len() > MAX_KEYS {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
            if let Err(not_until) = limiter.check_key(&key) {
                let wait = not_until.wait_time_from(now).as_secs().max(1);
                return Err(AppError::RateLimited(wait));
            }
        }
        Ok(())
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

    /// Keys remembered now (for tests of the bound).
    pub fn remembered(&self) -> usize {
        self.by_address.len() + self.by_account.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_slows_then_is_refused_while_others_go_on() {
        let g = SignInGuard::new(
            quota(100, Duration::from_secs(1)),
            quota(3, Duration::from_secs(60)),
        );
        for _ in 0..3 {
            g.admit(Some("10.0.0.1"), "a@b.vn").unwrap();
        }
        match g.admit(Some("10.0.0.1"), "A@b.vn") {
            Err(AppError::RateLimited(s)) => assert!((1..=60).contains(&s), "{s}"),
            other => panic!("{other:?}"),
        }
        g.admit(Some("10.0.0.1"), "other@b.vn").unwrap();
    }

    #[test]
    fn an_address_is_limited_and_memory_stays_bounded() {
        let g = SignInGuard::new(
            quota(2, Duration::from_secs(60)),
            quota(1000, Duration::from_secs(1)),
        );
        g.admit(Some("10.0.0.2"), "x@b.vn").unwrap();
        g.admit(Some("10.0.0.2"), "y@b.vn").unwrap();
        assert!(matches!(
            g.admit(Some("10.0.0.2"), "z@b.vn"),
            Err(AppError::RateLimited(_))
        ));
        g.admit(Some("10.0.0.3"), "z@b.vn").unwrap();
        for i in 0..(MAX_KEYS as u32 + 10) {
            let _ = g.admit(Some(&format!("addr-{i}")), "many@b.vn");
        }
        // Two limiters, each trimmed back once it passes the bound.
        assert!(g.remembered() <= 2 * (MAX_KEYS + 1), "{}", g.remembered());
    }
}
