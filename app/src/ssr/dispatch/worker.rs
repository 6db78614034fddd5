//! The scheduler's loop: each tick recovers in-doubt dispatches, then claims
//! what is due per sender (moving its throttle) and sends it.
use super::clock::Clock;
use super::metrics::Metrics;
use super::plan::{local_day, reason};
use super::send;
use crate::ssr::db::dispatches::{
    self, Claim, ClaimTerms, ClaimedDispatch, DueSender, Held, Outcome,
};
use crate::ssr::intellectdialog::Client;
use crate::ssr::AppState;
use futures_util::StreamExt;
use rand::Rng;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How long a claim is ours at least (longer when API calls may take longer).
pub const LEASE_MS: i64 = 60_000;
/// Dispatches claimed at once from a sender without spacing (interval 0).
const BATCH: i64 = 256;
/// Sends in flight at once per tick.
const CONCURRENCY: usize = 64;

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TickReport {
    pub claimed: usize,
    pub sent: usize,
    pub throttled: usize,
    pub recovered: usize,
}

/// One scheduler per server instance.
pub struct Dispatcher {
    state: AppState,
    clock: Arc<dyn Clock>,
    instance: String,
    claims: AtomicU64,
    /// How long one API call may take, and so how long a lease must last.
    timeout_ms: i64,
    lease_ms: i64,
    pub metrics: Arc<Metrics>,
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
            timeout_ms,
            lease_ms,
            metrics,
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
        let in_doubt = dispatches::take_in_doubt(
            &self.state.db,
            &self.owner(),
            now,
            now + self.lease_ms,
            BATCH,
        )
        .await?;
        report.recovered = in_doubt.len();
        if !in_doubt.is_empty() {
            let outcomes = self.run_all(in_doubt, true).await;
            dispatches::record(&self.state.db, &outcomes, self.clock.now_ms()).await?;
        }
        for sender in dispatches::due_senders(&self.state.db, now).await? {
            loop {
                let now = self.clock.now_ms();
                match self.claim(&sender, now).await? {
                    Claim::Throttled { .. } => {
                        report.throttled += 1;
                        Metrics::add(&self.metrics.throttle_waits, 1);
                        break;
                    }
                    Claim::Claimed {
                        dispatches: claimed,
                        ..
                    } if claimed.is_empty() => break,
                    Claim::Claimed {
                        dispatches: claimed,
                        previous_slot,
                        slot,
                    } => {
                        let count = claimed.len();
                        report.claimed += count;
                        let outcomes = self.run_all(claimed, false).await;
                        report.sent += outcomes
                            .iter()
                            .filter(|(_, outcome)| matches!(outcome, Outcome::Sent { .. }))
                            .count();
                        for (_, outcome) in &outcomes {
                            if let Outcome::Retry {
                                at,
                                sender_wait: true,
                                ..
                            } = outcome
                            {
                                if at > &now {
                                    dispatches::push_sender(
                                        &self.state.db,
                                        sender.property_id,
                                        &sender.provider_id,
                                        *at,
                                    )
                                    .await?;
                                }
                            }
                        }
                        dispatches::record(&self.state.db, &outcomes, self.clock.now_ms()).await?;
                        // A claim whose messages all stayed home (skipped, re-planned,
                        // refused) does not use up the number's slot.
                        let may_have_left = outcomes.iter().any(|(_, outcome)| {
                            matches!(outcome, Outcome::Sent { .. } | Outcome::InDoubt { .. })
                        });
                        if !may_have_left {
                            dispatches::release_slot(
                                &self.state.db,
                                &sender,
                                previous_slot,
                                slot,
                                count as i64,
                            )
                            .await?;
                        }
                    }
                }
            }
        }
        Ok(report)
    }

    async fn claim(&self, sender: &DueSender, now: i64) -> sqlx::Result<Claim> {
        let interval = sender.send_interval_secs.max(0) * 1000;
        let limit = if interval == 0 { BATCH } else { 1 };
        let jitter = if interval == 0 {
            0
        } else {
            rand::thread_rng().gen_range(0..=(interval / 20).min(15_000))
        };
        let today = local_day(now, &sender.time_zone);
        let owner = self.owner();
        let terms = ClaimTerms {
            owner: &owner,
            now,
            lease_until: now + self.lease_ms,
            limit,
            today: &today,
        };
        dispatches::claim(&self.state.db, sender, &terms, |count| {
            now + interval * count as i64 + jitter
        })
        .await
    }

    /// Sends (or, `recovering`, looks up) a batch concurrently.
    async fn run_all(&self, batch: Vec<ClaimedDispatch>, recovering: bool) -> Vec<(Held, Outcome)> {
        let mut clients: HashMap<i64, Option<Client>> = HashMap::new();
        let mut stop_lists: HashMap<i64, HashSet<String>> = HashMap::new();
        for claimed in &batch {
            if let std::collections::hash_map::Entry::Vacant(entry) =
                clients.entry(claimed.property_id)
            {
                let client = send::client(&self.state, claimed);
                if let (Some(client), false) = (&client, recovering) {
                    stop_lists.insert(claimed.property_id, send::stop_list(client).await);
                }
                entry.insert(client);
            }
        }
        let clients = &clients;
        let stop_lists = &stop_lists;
        let outcomes: Vec<(Held, Outcome)> = futures_util::stream::iter(batch)
            .map(|claimed| async move {
                let outcome = self
                    .run_one(
                        &claimed,
                        clients.get(&claimed.property_id).cloned().flatten(),
                        stop_lists.get(&claimed.property_id),
                        recovering,
                    )
                    .await;
                (
                    (claimed.id, claimed.lease_owner.clone().unwrap_or_default()),
                    outcome,
                )
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for (_, outcome) in &outcomes {
            let counter = match outcome {
                Outcome::Sent { .. } => &self.metrics.sends,
                Outcome::Failed { .. } => &self.metrics.failures,
                Outcome::Skipped { .. } => &self.metrics.skipped,
                Outcome::Retry { .. } | Outcome::Replanned { .. } => &self.metrics.retries,
                Outcome::InDoubt { .. } => &self.metrics.in_doubt,
            };
            Metrics::add(counter, 1);
        }
        outcomes
    }

    async fn run_one(
        &self,
        claimed: &ClaimedDispatch,
        client: Option<Client>,
        stop_list: Option<&HashSet<String>>,
        recovering: bool,
    ) -> Outcome {
        let now = self.clock.now_ms();
        let Some(client) = client else {
            let reason = "the stored API key cannot be read".to_owned();
            let at = now + send::backoff(claimed.attempts);
            // An in-doubt message may have left: it stays in doubt until it can be looked up.
            return if recovering {
                Outcome::InDoubt { at, reason }
            } else {
                Outcome::Retry {
                    at,
                    reason,
                    sender_wait: false,
                }
            };
        };
        if recovering {
            tracing::info!(dispatch_id = claimed.id, "looking up an in-doubt dispatch");
            return send::recover(&client, claimed, now, crate::ssr::clock::now_ms()).await;
        }
        let settings = match send::recheck(claimed, now) {
            Ok(settings) => settings,
            Err(outcome) => return outcome,
        };
        if let (Some(stop_list), Some(phone)) = (stop_list, claimed.guest_phone.as_deref()) {
            if stop_list.contains(phone) {
                return Outcome::Skipped {
                    reason: reason::STOP_LIST.to_owned(),
                };
            }
        }
        // A send must end (or time out) before the lease does, or another
        // instance could take the dispatch over while it is in flight.
        if now + self.timeout_ms + 5_000 > claimed.lease_expires_at.unwrap_or(0) {
            return Outcome::Retry {
                at: now,
                reason: "the claim's lease ran short".to_owned(),
                sender_wait: false,
            };
        }
        let text = send::message_text(claimed, &settings);
        let outcome = send::send(&client, claimed, text, now).await;
        tracing::debug!(dispatch_id = claimed.id, outcome = ?outcome, "dispatch sent");
        outcome
    }

    /// Ticks until `stop` says so; an in-flight tick always completes, so a
    /// send that started is recorded before the process exits.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            match self.tick().await {
                Ok(report) if report.claimed > 0 || report.recovered > 0 => {
                    tracing::debug!(?report, "dispatch tick")
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "dispatch tick failed; retrying"),
            }
            tokio::select! {
                _ = stop.changed() => break,
                () = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
            }
            if *stop.borrow() {
                break;
            }
        }
        tracing::info!("dispatch scheduler stopped");
    }
}
