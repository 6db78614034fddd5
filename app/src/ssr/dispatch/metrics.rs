//! Counters of the scheduler, exposed in Prometheus' text format at `/metrics`.
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Metrics {
    pub sends: AtomicU64,
    pub failures: AtomicU64,
    pub skipped: AtomicU64,
    pub retries: AtomicU64,
    pub in_doubt: AtomicU64,
    pub throttle_waits: AtomicU64,
}

impl Metrics {
    pub fn add(counter: &AtomicU64, count: u64) {
        counter.fetch_add(count, Ordering::Relaxed);
    }

    /// The exposition text, with the queue depth read from the database.
    pub fn render(&self, queue_depth: i64, in_flight: i64) -> String {
        let counter = |name: &str, help: &str, value: &AtomicU64| {
            format!(
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
                value.load(Ordering::Relaxed)
            )
        };
        let gauge = |name: &str, help: &str, value: i64| {
            format!("# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n")
        };
        [
            gauge(
                "cc_dispatch_queue_depth",
                "Dispatches planned and not yet sent.",
                queue_depth,
            ),
            gauge(
                "cc_dispatch_in_flight",
                "Dispatches being sent (or in doubt).",
                in_flight,
            ),
            counter(
                "cc_dispatch_sends_total",
                "Messages sent by this instance.",
                &self.sends,
            ),
            counter(
                "cc_dispatch_failures_total",
                "Dispatches that failed for good.",
                &self.failures,
            ),
            counter(
                "cc_dispatch_skipped_total",
                "Dispatches skipped at send time.",
                &self.skipped,
            ),
            counter(
                "cc_dispatch_retries_total",
                "Attempts that will be retried.",
                &self.retries,
            ),
            counter(
                "cc_dispatch_in_doubt_total",
                "Sends whose outcome had to be looked up.",
                &self.in_doubt,
            ),
            counter(
                "cc_dispatch_throttle_waits_total",
                "Times a sender's spacing made due dispatches wait.",
                &self.throttle_waits,
            ),
        ]
        .concat()
    }
}
