//! Counters of the dispatch scheduler, exposed in Prometheus' text format at `/metrics`.
use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds (ms) of the send-latency histogram's buckets.
pub const LATENCY_BUCKETS_MS: [u64; 14] = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000,
];

/// How long each `POST messages` took, one count per bucket (plus one for
/// longer ones), as a Prometheus histogram.
#[derive(Debug, Default)]
pub struct LatencyHistogram {
    buckets: [AtomicU64; LATENCY_BUCKETS_MS.len() + 1],
    sum_ms: AtomicU64,
}

impl LatencyHistogram {
    pub fn observe(&self, elapsed: std::time::Duration) {
        let ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        let index = LATENCY_BUCKETS_MS
            .iter()
            .position(|bound| ms <= *bound)
            .unwrap_or(LATENCY_BUCKETS_MS.len());
        self.buckets[index].fetch_add(1, Ordering::Relaxed);
        self.sum_ms.fetch_add(ms, Ordering::Relaxed);
    }

    pub fn count(&self) -> u64 {
        self.buckets
            .iter()
            .map(|bucket| bucket.load(Ordering::Relaxed))
            .sum()
    }

    /// The bucket bound at or under which `share` (0–1) of the sends took;
    /// `None` before any send (or beyond the last bound).
    pub fn percentile_ms(&self, share: f64) -> Option<u64> {
        let wanted = (self.count() as f64 * share).ceil() as u64;
        let mut seen = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            seen += bucket.load(Ordering::Relaxed);
            if seen >= wanted.max(1) {
                return LATENCY_BUCKETS_MS.get(index).copied();
            }
        }
        None
    }

    fn render(&self, name: &str, help: &str) -> String {
        let mut text = format!("# HELP {name} {help}\n# TYPE {name} histogram\n");
        let mut cumulative = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            cumulative += bucket.load(Ordering::Relaxed);
            let bound = LATENCY_BUCKETS_MS.get(index).map_or_else(
                || "+Inf".to_owned(),
                |ms| format!("{}", *ms as f64 / 1000.0),
            );
            text.push_str(&format!("{name}_bucket{{le=\"{bound}\"}} {cumulative}\n"));
        }
        let sum = self.sum_ms.load(Ordering::Relaxed) as f64 / 1000.0;
        text.push_str(&format!("{name}_sum {sum}\n{name}_count {cumulative}\n"));
        text
    }
}

#[derive(Debug, Default)]
pub struct Metrics {
    pub sends: AtomicU64,
    pub failures: AtomicU64,
    pub skipped: AtomicU64,
    pub retries: AtomicU64,
    pub in_doubt: AtomicU64,
    /// In-doubt dispatches looked up by their key.
    pub lookups: AtomicU64,
    pub throttle_waits: AtomicU64,
    /// Per message: how long IntellectDialog took to answer `POST messages`.
    pub send_latency: LatencyHistogram,
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
                "cc_dispatch_lookups_total",
                "In-doubt dispatches looked up by their key at IntellectDialog.",
                &self.lookups,
            ),
            counter(
                "cc_dispatch_throttle_waits_total",
                "Times a sender's spacing made due dispatches wait.",
                &self.throttle_waits,
            ),
            self.send_latency.render(
                "cc_dispatch_send_seconds",
                "How long IntellectDialog took to answer each send.",
            ),
        ]
        .concat()
    }
}
