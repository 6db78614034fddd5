//! The scheduler's loop: each tick recovers in-doubt dispatches, then claims
//! what is due per sender (moving its throttle) and sends it. Outcomes are
//! recorded only under the claim's own lease; a claim whose messages all
//! stayed home gives the number's slot back.
use super::clock::Clock;
use super::plan::local_day;
use crate::ssr::db::dispatch_outcomes::{self, Held, Outcome};
use crate::ssr::db::dispatches::{self, Claim, ClaimTerms, DueSender};
use crate::ssr::metrics::Metrics;
use crate::ssr::AppState;
use rand::Rng;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

/// How long a claim is ours at least (longer when API calls may take longer).
pub const LEASE_MS: i64 = 60_000;
/// How long a number that must wait is not asked again (at most).
const WAIT_HINT_MS: i64 = 60_000;
/// Batches of a number without spacing in flight at once.
const LANES: usize = 3;
/// Dispatches claimed at once from a sender without spacing (interval 0).
pub(super) const BATCH: i64 = 256;

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TickReport {
    pub claimed: usize,
    pub sent: usize,
    pub throttled: usize,
    pub recovered: usize,
    /// Planned dispatches skipped because their deadline passed.
    pub expired: usize,
    /// Numbers whose property's subscription does not pay for sending now.
    pub held: usize,
}

/// One scheduler per server instance.
pub struct Dispatcher {
    pub(super) state: AppState,
    pub(super) clock: Arc<dyn Clock>,
    instance: String,
    claims: AtomicU64,
    /// When the delivery of recent messages was last looked at (unix ms).
    pub(super) delivery_watch: AtomicI64,
    /// How long one API call may take, and so how long a lease must last.
    pub(super) timeout_ms: i64,
    lease_ms: i64,
    pub metrics: Arc<Metrics>,
    /// Cancelled when the server stops: no new claim after the one in flight.
    stop: tokio_util::sync::CancellationToken,
}

impl Dispatcher {
    pub fn new(state: AppState, clock: Arc<dyn Clock>, metrics: Arc<Metrics>) -> Self {
        let instance = format!("{:08x}", rand::thread_rng().gen::<u32>());
        let timeout_ms = state.settings.intellectdialog.timeout_secs as i64 * 1000;
        let lease_ms = LEASE_MS.max(timeout_ms * 2 + 10_000);
        Self {
            state,
            clock,
            instance,
            claims: AtomicU64::new(0),
            delivery_watch: AtomicI64::new(0),
            timeout_ms,
            lease_ms,
            metrics,
            stop: tokio_util::sync::CancellationToken::new(),
        }
    }

    fn owner(&self) -> String {
        format!(
            "{}:{}",
            self.instance,
            self.claims.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// One round: recover, then claim and send per sender until nothing is due.
    pub async fn tick(&self) -> sqlx::Result<TickReport> {
        let mut report = TickReport::default();
        let now = self.clock.now_ms();
        let owner = self.owner();
        let lease_until = now + self.lease_ms;
        let in_doubt =
            dispatches::take_in_doubt(&self.state.db, &owner, now, lease_until, BATCH).await?;
        report.recovered = in_doubt.len();
        if !in_doubt.is_empty() {
            let outcomes = self.run_all(in_doubt, true).await;
            self.record(&outcomes).await?;
        }
        report.expired = dispatches::expire_overdue(&self.state.db, now, BATCH).await? as usize;
        for sender in dispatches::due_senders(&self.state.db, now).await? {
            // A lapsed subscription holds the number's dispatches (their
            // deadlines still expire them): read each tick, so a change
            // takes effect at once on every instance.
            if !sender.may_send(&local_day(now, &sender.time_zone)) {
                report.held += 1;
                continue;
            }
            self.drain_in_lanes(&sender, &mut report).await?;
        }
        self.watch_deliveries(now).await?;
        Ok(report)
    }

    /// A number without spacing (interval 0) is drained by several lanes at
    /// once, so one batch sends while another is claimed or recorded (each
    /// claim holds the number's lock only for its own transaction); a spaced
    /// number sends one message at a time anyway.
    async fn drain_in_lanes(
        &self,
        sender: &DueSender,
        report: &mut TickReport,
    ) -> sqlx::Result<()> {
        if sender.send_interval_secs > 0 {
            return self.drain(sender, report).await;
        }
        let lanes = (0..LANES).map(|_| async {
            let mut lane = TickReport::default();
            self.drain(sender, &mut lane).await.map(|()| lane)
        });
        for lane in futures_util::future::join_all(lanes).await {
            let lane = lane?;
            report.claimed += lane.claimed;
            report.sent += lane.sent;
            report.throttled += lane.throttled;
        }
        Ok(())
    }

    /// Claims and sends one sender's due dispatches until it is throttled or
    /// nothing is due.
    async fn drain(&self, sender: &DueSender, report: &mut TickReport) -> sqlx::Result<()> {
        let key = (sender.property_id, sender.provider_id.clone());
        while !self.stop.is_cancelled() {
            let now = self.clock.now_ms();
            if self
                .state
                .sender_waits
                .until(&key)
                .is_some_and(|until| until > now)
            {
                report.throttled += 1;
                return Ok(());
            }
            let (claimed, previous_slot, slot) = match self.claim(sender, now).await? {
                Claim::Throttled { why, until } => {
                    report.throttled += 1;
                    Metrics::add(&self.metrics.throttle_waits, 1);
                    tracing::trace!(?why, "sender waits");
                    // Asked again at the latest in a minute: a changed policy
                    // or a resume on another instance takes effect by then.
                    let until = until.unwrap_or(i64::MAX).min(now + WAIT_HINT_MS);
                    self.state.sender_waits.set(key, until);
                    return Ok(());
                }
                Claim::Claimed { dispatches, .. } if dispatches.is_empty() => return Ok(()),
                Claim::Claimed {
                    dispatches,
                    previous_slot,
                    slot,
                } => (dispatches, previous_slot, slot),
            };
            let count = claimed.len();
            report.claimed += count;
            let outcomes = self.run_all(claimed, false).await;
            report.sent += outcomes
                .iter()
                .filter(|(_, outcome)| matches!(outcome, Outcome::Sent { .. }))
                .count();
            self.wait_if_asked(sender, &outcomes, now).await?;
            self.record(&outcomes).await?;
            self.watch_answers(sender, &outcomes).await?;
            // A claim whose messages all stayed home (skipped, re-planned,
            // refused) does not use up the number's slot.
            if !outcomes.iter().any(|(_, outcome)| outcome.may_have_left()) {
                let db = &self.state.db;
                dispatch_outcomes::release_slot(db, sender, previous_slot, slot, count as i64)
                    .await?;
            }
        }
        Ok(())
    }

    /// IntellectDialog asked the whole number to wait (429): no send from it
    /// before then.
    async fn wait_if_asked(
        &self,
        sender: &DueSender,
        outcomes: &[(Held, Outcome)],
        now: i64,
    ) -> sqlx::Result<()> {
        let until = outcomes
            .iter()
            .filter_map(|(_, outcome)| match outcome {
                Outcome::Retry {
                    at,
                    sender_wait: true,
                    ..
                } => Some(*at),
                _ => None,
            })
            .max();
        match until {
            Some(at) if at > now => {
                let (property_id, provider) = (sender.property_id, &sender.provider_id);
                dispatch_outcomes::push_sender(&self.state.db, property_id, provider, at).await
            }
            _ => Ok(()),
        }
    }

    #[tracing::instrument(skip_all, fields(count = outcomes.len()))]
    async fn record(&self, outcomes: &[(Held, Outcome)]) -> sqlx::Result<()> {
        dispatch_outcomes::record(&self.state.db, outcomes, self.clock.now_ms()).await
    }

    #[tracing::instrument(skip_all, fields(property_id = %sender.property_id, provider_id = %sender.provider_id))]
    async fn claim(&self, sender: &DueSender, now: i64) -> sqlx::Result<Claim> {
        let interval = sender.send_interval_secs.max(0) * 1000;
        let limit = if interval == 0 { BATCH } else { 1 };
        let today = local_day(now, &sender.time_zone);
        let owner = self.owner();
        let terms = ClaimTerms {
            owner: &owner,
            now,
            lease_until: now + self.lease_ms,
            limit,
            today: &today,
        };
        dispatches::claim(&self.state.db, sender, &terms, |count, policy| {
            now + interval * count as i64 + extra_delay(interval, policy.jitter_percent)
        })
        .await
    }

    /// Ticks until `stop` is cancelled; the batch in flight always completes,
    /// so a send that started is recorded before the process exits.
    pub async fn run(mut self, stop: tokio_util::sync::CancellationToken) {
        self.stop = stop.clone();
        while !stop.is_cancelled() {
            match self.tick().await {
                Ok(report) if report.claimed > 0 || report.recovered > 0 => {
                    tracing::debug!(?report, "dispatch tick")
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "dispatch tick failed; retrying"),
            }
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
            }
        }
        tracing::info!("dispatch scheduler stopped");
    }
}

/// A random extra delay of up to `percent` % of the interval (never negative),
/// so no two gaps between sends look machine-made.
pub fn extra_delay(interval_ms: i64, percent: u32) -> i64 {
    let most = interval_ms * i64::from(percent.min(100)) / 100;
    if most <= 0 {
        0
    } else {
        rand::thread_rng().gen_range(0..=most)
    }
}
