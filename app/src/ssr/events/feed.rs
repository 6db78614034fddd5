//! One property's feed: the only reader of its event sequence on this
//! instance while any of its streams is open. Woken by appends (this
//! instance's, or another's through `NOTIFY`) and every poll interval, it
//! reads what is new once and broadcasts it to the property's streams; it
//! also does the per-property chores the streams used to repeat (failing
//! replies cut off mid-send, reconciling with IntellectDialog). It ends when
//! its last stream has gone.
use crate::domain::PropertyId;
use crate::ssr::db::{chats, integrations};
use crate::ssr::AppState;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// Events read per query.
pub const READ_BATCH: i64 = 500;
/// Batches kept for streams that fall behind (they re-read the rest).
const BACKLOG: usize = 64;
/// How often the property's chores run while it is watched.
pub const CHORES_EVERY: Duration = Duration::from_secs(15);

/// One event: its number, its JSON, and the dialog's current assignee.
pub type EventRow = (i64, String, Option<String>);

/// The events after `after`, in order, as one read found them.
#[derive(Debug)]
pub struct Batch {
    pub after: i64,
    pub rows: Vec<EventRow>,
}

/// A running feed, as the hub keeps it.
#[derive(Debug)]
pub struct Feed {
    pub(super) wake: Arc<Notify>,
    pub(super) sender: broadcast::Sender<Arc<Batch>>,
}

impl Feed {
    /// Starts the feed of `property_id`, with its first subscriber.
    pub(super) fn start(
        state: &AppState,
        property_id: PropertyId,
    ) -> (Self, broadcast::Receiver<Arc<Batch>>) {
        let (sender, receiver) = broadcast::channel(BACKLOG);
        let wake = Arc::new(Notify::new());
        let feed = Self {
            wake: wake.clone(),
            sender: sender.clone(),
        };
        tokio::spawn(run(state.clone(), property_id, wake, sender));
        (feed, receiver)
    }
}

async fn run(
    state: AppState,
    property_id: PropertyId,
    wake: Arc<Notify>,
    sender: broadcast::Sender<Arc<Batch>>,
) {
    // However the feed ends (even by a panic), the hub forgets it, so the
    // next stream starts a new one.
    let _retire = Retire {
        state: state.clone(),
        property_id,
        wake: wake.clone(),
    };
    let poll = Duration::from_secs(state.settings.chat.poll_secs);
    let mut cursor = loop {
        match chats::last_seq(&state.db, property_id).await {
            Ok(seq) => break seq,
            Err(error) => {
                tracing::warn!(%error, %property_id, "chat feed: reading the sequence");
                tokio::select! {
                    () = tokio::time::sleep(poll) => {}
                    () = state.stopping.cancelled() => return,
                }
            }
        }
    };
    // Where the feed starts: a stream that caught up to an earlier point
    // sees that it is behind and reads the rest itself.
    let _ = sender.send(Arc::new(Batch {
        after: cursor,
        rows: Vec::new(),
    }));
    let mut chores = tokio::time::interval(CHORES_EVERY);
    chores.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut chores_running: Option<tokio::task::JoinHandle<()>> = None;
    loop {
        tokio::select! {
            () = wake.notified() => {}
            // Even without a wake-up (a lost notification from another instance).
            () = tokio::time::sleep(poll) => {}
            // Beside the feed, one round at a time: a slow IntellectDialog
            // never holds up the live events.
            _ = chores.tick() => {
                if chores_running.as_ref().is_none_or(|round| round.is_finished()) {
                    let state = state.clone();
                    chores_running = Some(tokio::spawn(async move { do_chores(&state, property_id).await }));
                }
                continue;
            }
            () = state.stopping.cancelled() => return,
        }
        if sender.receiver_count() == 0 && state.chat_hub.retire_if_unwatched(property_id) {
            tracing::debug!(%property_id, "chat feed ended: nobody watches");
            return;
        }
        cursor = publish(&state, property_id, cursor, &sender).await;
    }
}

/// Takes a finished feed out of the hub (unless a newer one replaced it).
struct Retire {
    state: AppState,
    property_id: PropertyId,
    wake: Arc<Notify>,
}

impl Drop for Retire {
    fn drop(&mut self) {
        self.state.chat_hub.forget(self.property_id, &self.wake);
    }
}

/// Reads and broadcasts what came after `cursor`; returns the new cursor.
async fn publish(
    state: &AppState,
    property_id: PropertyId,
    mut cursor: i64,
    sender: &broadcast::Sender<Arc<Batch>>,
) -> i64 {
    loop {
        let rows = match chats::events_after(&state.db, property_id, cursor, READ_BATCH).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, %property_id, "chat feed: reading new events");
                return cursor;
            }
        };
        let Some(last) = rows.last().map(|row| row.0) else {
            return cursor;
        };
        let full = rows.len() as i64 == READ_BATCH;
        // No stream listening is not an error: the next look ends the feed.
        let _ = sender.send(Arc::new(Batch {
            after: cursor,
            rows,
        }));
        cursor = last;
        if !full {
            return cursor;
        }
    }
}

/// Replies cut off mid-send become failed; IntellectDialog is asked for
/// messages whose webhook never came (at most every 15 s per property,
/// across instances).
async fn do_chores(state: &AppState, property_id: PropertyId) {
    let now = crate::ssr::clock::now_ms();
    if let Err(error) = crate::ssr::chat::thread::fail_stale_replies(state, property_id, now).await
    {
        tracing::warn!(%error, %property_id, "chat feed: failing replies cut off mid-send");
    }
    // Chats work with a checked key, switched on or not.
    let row = match integrations::find(&state.db, property_id).await {
        Ok(row) => row,
        Err(error) => {
            tracing::warn!(%error, %property_id, "chat feed: reading the integration");
            return;
        }
    };
    let Ok(client) = crate::ssr::integration::client_for(state, &row) else {
        return;
    };
    if let Err(error) = crate::ssr::chat::sync::reconcile(state, property_id, &client, now).await {
        tracing::warn!(%error, %property_id, "chat feed: reconciling with IntellectDialog");
    }
}
