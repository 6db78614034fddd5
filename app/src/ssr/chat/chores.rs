//! The chores of every property somebody watches on this instance, every
//! 15 s: replies cut off mid-send become failed, and IntellectDialog is asked
//! for messages whose webhook never came (at most every 15 s per property,
//! across instances). One round per property at a time, beside the live
//! feed, so a slow IntellectDialog never holds up the events.
use crate::domain::PropertyId;
use crate::ssr::db::integrations;
use crate::ssr::AppState;
use std::collections::HashMap;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often the chores of a watched property run.
pub const CHORES_EVERY: Duration = Duration::from_secs(15);

/// Runs the chores until `stop` (a supervised background task).
pub async fn run(state: AppState, stop: CancellationToken) -> anyhow::Result<()> {
    let mut rounds: HashMap<PropertyId, JoinHandle<()>> = HashMap::new();
    let mut every = tokio::time::interval(CHORES_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = stop.cancelled() => return Ok(()),
        }
        rounds.retain(|_, round| !round.is_finished());
        for property_id in state.chat_hub.watched() {
            if rounds.contains_key(&property_id) {
                continue;
            }
            let state = state.clone();
            let round = tokio::spawn(async move { round_of(&state, property_id).await });
            rounds.insert(property_id, round);
        }
    }
}

/// One property's round.
async fn round_of(state: &AppState, property_id: PropertyId) {
    let now = crate::ssr::clock::now_ms();
    if let Err(error) = super::thread::fail_stale_replies(state, property_id, now).await {
        tracing::warn!(%error, %property_id, "chat chores: failing replies cut off mid-send");
    }
    // Chats work with a checked key, switched on or not.
    let row = match integrations::find(&state.db, property_id).await {
        Ok(row) => row,
        Err(error) => {
            tracing::warn!(%error, %property_id, "chat chores: reading the integration");
            return;
        }
    };
    let Ok(client) = crate::ssr::integration::client_for(state, &row) else {
        return;
    };
    if let Err(error) = super::sync::reconcile(state, property_id, &client, now).await {
        tracing::warn!(%error, %property_id, "chat chores: reconciling with IntellectDialog");
    }
}
