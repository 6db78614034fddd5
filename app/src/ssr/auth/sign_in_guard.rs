//! What keeps a flood of sign-in attempts from taking the server down.
//!
//! Every attempt is counted per client address and overall (GCRA limiters
//! from `governor`), before the per-e-mail limit and before any password
//! work. Password hashes (argon2, 19 MiB and tens of milliseconds each) run
//! at most one per core at once, with a short queue behind them; an attempt
//! that finds the queue full is refused at once. Refusals say when to retry.
use super::password::verify_password;
use crate::ssr::config::SignInSettings;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// An attempt refused before any password work, and when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub retry_after_secs: u64,
}

/// One per server process.
pub struct SignInGuard {
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    overall: DefaultDirectRateLimiter,
    /// Hashes running now (one per core).
    running: Arc<Semaphore>,
    /// Hashes running or waiting (the cores plus the queue).
    admitted: Arc<Semaphore>,
}

impl std::fmt::Debug for SignInGuard {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SignInGuard")
            .field("running", &self.running.available_permits())
            .field("admitted", &self.admitted.available_permits())
            .finish()
    }
}

/// The answer when every password check is taken.
const BUSY: Refused = Refused {
    retry_after_secs: 1,
};

/// An attempt's place in the password-checking queue.
pub struct HashPlace {
    place: tokio::sync::OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

impl HashPlace {
    /// Whether `password` matches `hash`, once a core is free. A hash that
    /// started runs to its end even if the request goes away, and holds its
    /// place until then.
    pub async fn verify(self, password: String, hash: String) -> Result<bool, Refused> {
        let core = self.running.acquire_owned().await.map_err(|_| BUSY)?;
        let place = self.place;
        let hashed = tokio::task::spawn_blocking(move || {
            let matches = verify_password(&password, &hash);
            drop((core, place));
            matches
        });
        hashed.await.map_err(|error| {
            tracing::error!(%error, "password verification task failed");
            BUSY
        })
    }
}

/// The address a client's limit counts: IPv4 as it is, IPv6 by its /64.
fn network_of(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(address) => {
            let segments = address.segments();
            IpAddr::from([
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            ])
        }
    }
}

fn at_least_one(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).unwrap_or(NonZeroU32::MIN)
}

impl SignInGuard {
    pub fn new(settings: &SignInSettings) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let per_client = Quota::per_minute(at_least_one(settings.per_client_per_minute));
        let overall = Quota::per_second(at_least_one(settings.overall_per_second))
            .allow_burst(at_least_one(settings.overall_per_second.saturating_mul(2)));
        Self {
            per_client: DefaultKeyedRateLimiter::keyed(per_client),
            overall: DefaultDirectRateLimiter::direct(overall),
            running: Arc::new(Semaphore::new(cores)),
            admitted: Arc::new(Semaphore::new(cores + settings.hash_queue as usize)),
        }
    }

    /// Counts an attempt from `client` (unknown when the server does not see
    /// the peer): refused when everyone together, or that client, is over
    /// the limit. The overall limit is asked first, so a flood from ever new
    /// addresses adds no more per-client entries than it is allowed
    /// attempts; an IPv6 client counts by its /64 (one machine owns a /64).
    pub fn admit(&self, client: Option<IpAddr>) -> Result<(), Refused> {
        let now = DefaultClock::default().now();
        let wait = |not_until: governor::NotUntil<_>| Refused {
            retry_after_secs: not_until.wait_time_from(now).as_secs().max(1),
        };
        self.overall.check().map_err(wait)?;
        match client.map(network_of) {
            Some(client) => self.per_client.check_key(&client).map_err(wait),
            None => Ok(()),
        }
    }

    /// A place in the password-checking queue, or a refusal when the cores
    /// and the queue are all taken (taken before the attempt is counted
    /// against the e-mail, so a busy answer never locks anyone out).
    pub fn place(&self) -> Result<HashPlace, Refused> {
        let place = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| BUSY)?;
        Ok(HashPlace {
            place,
            running: self.running.clone(),
        })
    }

    /// Forgets client addresses whose limits have fully recovered (run now and then).
    pub fn forget_idle_clients(&self) {
        self.per_client.retain_recent();
        self.per_client.shrink_to_fit();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail by panicking")]
mod tests {
    use super::*;

    fn settings(per_client: u32, overall: u32, queue: u32) -> SignInSettings {
        SignInSettings {
            max_failures: 5,
            window_minutes: 15,
            per_client_per_minute: per_client,
            overall_per_second: overall,
            hash_queue: queue,
        }
    }

    #[test]
    fn one_address_is_limited_without_limiting_another() {
        let guard = SignInGuard::new(&settings(3, 1_000, 4));
        let (one, two) = ("10.0.0.1".parse().ok(), "10.0.0.2".parse().ok());
        for _ in 0..3 {
            assert!(guard.admit(one).is_ok());
        }
        let refused = guard.admit(one).unwrap_err();
        assert!(refused.retry_after_secs >= 1);
        assert!(guard.admit(two).is_ok());
    }

    #[test]
    fn an_ipv6_client_counts_by_its_network() {
        let guard = SignInGuard::new(&settings(2, 1_000, 4));
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_network: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other_network: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(guard.admit(Some(one)).is_ok());
        assert!(guard.admit(Some(same_network)).is_ok());
        assert!(guard.admit(Some(one)).is_err());
        assert!(guard.admit(Some(other_network)).is_ok());
    }

    #[test]
    fn everyone_together_is_limited_too() {
        let guard = SignInGuard::new(&settings(1_000, 2, 4));
        let admitted = (0..20u8)
            .filter(|last| guard.admit(Some(IpAddr::from([10, 0, 1, *last]))).is_ok())
            .count();
        assert_eq!(admitted, 4, "the burst is twice the rate");
    }

    #[tokio::test]
    async fn beyond_the_cores_and_the_queue_an_attempt_is_refused_at_once() {
        let guard = Arc::new(SignInGuard::new(&settings(1_000, 1_000, 0)));
        let hash = super::super::password::hash_password("secret").unwrap();
        let cores = guard.running.available_permits();
        // Hold every place, as hashes in flight would.
        let held = guard
            .admitted
            .clone()
            .acquire_many_owned(cores as u32)
            .await;
        assert!(matches!(
            guard.place(),
            Err(Refused {
                retry_after_secs: 1
            })
        ));
        drop(held);
        let place = guard.place().expect("a place");
        assert_eq!(place.verify("secret".into(), hash).await, Ok(true));
    }
}
