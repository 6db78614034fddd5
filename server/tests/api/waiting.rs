//! `eventually`: tests wait for a condition with a deadline, never for a fixed time.
use std::future::Future;
use std::time::Duration;

/// How often a condition is asked again.
const POLL: Duration = Duration::from_millis(25);

/// Asks `check` until it yields a value and returns it; panics naming `what`
/// was awaited once `deadline` has passed (each `check` is asked at least once).
pub async fn eventually<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = tokio::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "waited {deadline:?} in vain for {what}"
        );
        tokio::time::sleep(POLL).await;
    }
}
