//! One property's feed: the only reader of its event sequence on this
//! instance while any of its streams is open. Woken by appends (this
//! instance's, or another's through `NOTIFY`) and every poll interval, it
//! reads what is new once and broadcasts it to the property's streams. It
//! ends when its last stream has gone. (The property's chores while it is
//! watched run beside it: `chat::chores`.)
use super::ChatHub;
use crate::domain::PropertyId;
use crate::ssr::db::chats;
use std::sync::Arc;
use tokio::sync::{broadcast, Notify};

/// Events read per query.
pub const READ_BATCH: i64 = 500;
/// Batches kept for streams that fall behind (they re-read the rest).
const BACKLOG: usize = 64;

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
        hub: ChatHub,
        property_id: PropertyId,
    ) -> (Self, broadcast::Receiver<Arc<Batch>>) {
        let (sender, receiver) = broadcast::channel(BACKLOG);
        let wake = Arc::new(Notify::new());
        let feed = Self {
            wake: wake.clone(),
            sender: sender.clone(),
        };
        tokio::spawn(run(hub, property_id, wake, sender));
        (feed, receiver)
    }
}

async fn run(
    hub: ChatHub,
    property_id: PropertyId,
    wake: Arc<Notify>,
    sender: broadcast::Sender<Arc<Batch>>,
) {
    // However the feed ends (even by a panic), the hub forgets it, so the
    // next stream starts a new one.
    let _retire = Retire {
        hub: hub.clone(),
        property_id,
        wake: wake.clone(),
    };
    let mut cursor = loop {
        match chats::last_seq(&hub.db, property_id).await {
            Ok(seq) => break seq,
            Err(error) => {
                tracing::warn!(%error, %property_id, "chat feed: reading the sequence");
                tokio::select! {
                    () = tokio::time::sleep(hub.poll) => {}
                    () = hub.stopping.cancelled() => return,
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
    loop {
        tokio::select! {
            () = wake.notified() => {}
            // Even without a wake-up (a lost notification from another instance).
            () = tokio::time::sleep(hub.poll) => {}
            () = hub.stopping.cancelled() => return,
        }
        if sender.receiver_count() == 0 && hub.retire_if_unwatched(property_id) {
            tracing::debug!(%property_id, "chat feed ended: nobody watches");
            return;
        }
        cursor = publish(&hub.db, property_id, cursor, &sender).await;
    }
}

/// Takes a finished feed out of the hub (unless a newer one replaced it).
struct Retire {
    hub: ChatHub,
    property_id: PropertyId,
    wake: Arc<Notify>,
}

impl Drop for Retire {
    fn drop(&mut self) {
        self.hub.forget(self.property_id, &self.wake);
    }
}

/// Reads and broadcasts what came after `cursor`; returns the new cursor.
async fn publish(
    db: &crate::ssr::db::Db,
    property_id: PropertyId,
    mut cursor: i64,
    sender: &broadcast::Sender<Arc<Batch>>,
) -> i64 {
    loop {
        let rows = match chats::events_after(db, property_id, cursor, READ_BATCH).await {
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
