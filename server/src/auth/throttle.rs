//! Sign-in protection: attempts limited per client address by the shared rate-limit layer
//! (`web::limits`, group `SignIn`: a burst, then one every two seconds, then 429 with
//! Retry-After), failures limited per account (counted in the database, so across copies:
//! see `auth::login`), and password hashing on blocking threads with a bound on how many
//! run at once, so that a flood of wrong passwords neither stalls the server nor guesses far.

use app::error::{AppError, AppResult};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Longest a sign-in waits for a hashing slot before it is turned away.
const QUEUE_WAIT: Duration = Duration::from_secs(5);

pub struct SignInGuard {
    hashing: Semaphore,
}

/// Failed sign-ins one account may have in [`FAILURE_WINDOW_SECS`] before it must wait
/// for the window to end (a success clears them).
pub const MAX_FAILURES: u32 = 10;
pub const FAILURE_WINDOW_SECS: i64 = 900;

impl Default for SignInGuard {
    fn default() -> Self {
        // Half the cores hash (at least one): the others keep answering everyone else.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            hashing: Semaphore::new((cores / 2).max(1)),
        }
    }
}

impl SignInGuard {
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
}
