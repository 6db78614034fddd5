//! Sending (or looking up) one claimed batch concurrently: one client and
//! one stop-list read per property, each dispatch re-checked before it goes.
use super::worker::Dispatcher;
use super::{recover, send};
use crate::domain::PropertyId;
use crate::domain::{RetryReason, SkipReason};
use crate::ssr::db::claimed::ClaimedDispatch;
use crate::ssr::db::dispatch_outcomes::{Held, Outcome};
use crate::ssr::intellectdialog::Client;
use crate::ssr::metrics::Metrics;
use futures_util::StreamExt;
use std::collections::{HashMap, HashSet};

/// Sends in flight at once per tick.
const CONCURRENCY: usize = 64;

impl Dispatcher {
    /// Sends (or, `recovering`, looks up) a batch concurrently.
    pub(super) async fn run_all(
        &self,
        batch: Vec<ClaimedDispatch>,
        recovering: bool,
    ) -> Vec<(Held, Outcome)> {
        let mut clients: HashMap<PropertyId, Option<Client>> = HashMap::new();
        let mut stop_lists: HashMap<PropertyId, HashSet<String>> = HashMap::new();
        for claimed in &batch {
            if let std::collections::hash_map::Entry::Vacant(entry) =
                clients.entry(claimed.property_id)
            {
                let client = send::client(&self.state, claimed);
                if let (Some(client), false) = (&client, recovering) {
                    stop_lists.insert(claimed.property_id, recover::stop_list(client).await);
                }
                entry.insert(client);
            }
        }
        let (clients, stop_lists) = (&clients, &stop_lists);
        let outcomes: Vec<(Held, Outcome)> = futures_util::stream::iter(batch)
            .map(|claimed| async move {
                let client = clients.get(&claimed.property_id).cloned().flatten();
                let stop_list = stop_lists.get(&claimed.property_id);
                let outcome = self.run_one(&claimed, client, stop_list, recovering).await;
                let owner = claimed.lease_owner.clone().unwrap_or_default();
                ((claimed.id, owner), outcome)
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

    #[tracing::instrument(skip_all, fields(dispatch_id = %claimed.id, property_id = %claimed.property_id, recovering))]
    async fn run_one(
        &self,
        claimed: &ClaimedDispatch,
        client: Option<Client>,
        stop_list: Option<&HashSet<String>>,
        recovering: bool,
    ) -> Outcome {
        let now = self.clock.now_ms();
        let Some(client) = client else {
            let at = now + send::backoff(claimed.attempts);
            let reason = RetryReason::KeyUnreadable;
            // An in-doubt message may have left: it stays in doubt until it can be looked up.
            return if recovering {
                Outcome::InDoubt {
                    at,
                    reason,
                    detail: None,
                }
            } else {
                Outcome::Retry {
                    at,
                    reason,
                    detail: None,
                    sender_wait: false,
                }
            };
        };
        if recovering {
            tracing::info!("looking up an in-doubt dispatch");
            Metrics::add(&self.metrics.lookups, 1);
            return recover::recover(&client, claimed, now, crate::ssr::clock::now_ms()).await;
        }
        let settings = match send::recheck(claimed, now) {
            Ok(settings) => settings,
            Err(outcome) => return outcome,
        };
        let phone = claimed.guest_phone.as_deref();
        if let (Some(stop_list), Some(phone)) = (stop_list, phone) {
            if stop_list.contains(phone) {
                return Outcome::Skipped {
                    reason: SkipReason::StopList,
                };
            }
        }
        // A send must end (or time out) before the lease does, or another
        // instance could take the dispatch over while it is in flight.
        if now + self.timeout_ms + 5_000 > claimed.lease_expires_at.unwrap_or(0) {
            let reason = RetryReason::LeaseShort;
            return Outcome::Retry {
                at: now,
                reason,
                detail: None,
                sender_wait: false,
            };
        }
        let text = send::message_text(claimed, settings);
        let started = std::time::Instant::now();
        let outcome = send::send(&client, claimed, text, now).await;
        self.metrics.send_latency.observe(started.elapsed());
        tracing::debug!(outcome = ?outcome, "dispatch sent");
        outcome
    }
}
