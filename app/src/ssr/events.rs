//! The chat event streams of this instance: one feed per property reads the
//! property's event sequence and fans each new batch out to every stream of
//! that property (never a database poll per stream), and the caps on how
//! many streams a session, a property and the server may hold.
//!
//! The sequence itself lives in the database; a wake-up only says "look
//! again", so a missed or lagging one costs latency, never an event. With
//! PostgreSQL, `LISTEN chat_events` wakes the feeds for other instances'
//! events too; feeds also look every `APP_CHAT__POLL_SECS` in case a
//! notification was lost.
pub mod admission;
pub mod feed;

use crate::domain::PropertyId;
use crate::ssr::db::Db;
use admission::{Admission, StreamRefusal, StreamTicket};
use feed::{Batch, Feed};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// One per server process.
#[derive(Clone, Debug)]
pub struct ChatHub {
    feeds: Arc<Mutex<HashMap<PropertyId, Feed>>>,
    admission: Arc<Admission>,
    db: Db,
    poll: Duration,
    /// Cancelled when the server shuts down: every feed ends.
    stopping: CancellationToken,
}

impl ChatHub {
    pub fn new(
        settings: &crate::ssr::config::ChatSettings,
        db: Db,
        stopping: CancellationToken,
    ) -> Self {
        Self {
            feeds: Arc::default(),
            admission: Arc::new(Admission::new(settings)),
            db,
            poll: Duration::from_secs(settings.poll_secs),
            stopping,
        }
    }

    /// The property's sequence grew: its feed (if anyone watches) looks again.
    pub fn wake(&self, property_id: PropertyId) {
        if let Some(feed) = self.lock().get(&property_id) {
            feed.wake.notify_one();
        }
    }

    /// Counts a new stream against the caps, or says which one it would break.
    pub fn admit(
        &self,
        session: &str,
        property_id: PropertyId,
    ) -> Result<StreamTicket, StreamRefusal> {
        self.admission.admit(session, property_id)
    }

    /// The batches of `property_id`'s new events from now on, starting its
    /// feed if this is its first stream.
    pub fn subscribe(&self, property_id: PropertyId) -> broadcast::Receiver<Arc<Batch>> {
        let mut feeds = self.lock();
        if let Some(feed) = feeds.get(&property_id) {
            return feed.sender.subscribe();
        }
        let (feed, receiver) = Feed::start(self.clone(), property_id);
        feeds.insert(property_id, feed);
        receiver
    }

    /// Forgets a feed nobody listens to any more (under the lock, so a stream
    /// subscribing meanwhile is never left with a dead feed); true when gone.
    pub(crate) fn retire_if_unwatched(&self, property_id: PropertyId) -> bool {
        let mut feeds = self.lock();
        let unwatched = feeds
            .get(&property_id)
            .is_none_or(|feed| feed.sender.receiver_count() == 0);
        if unwatched {
            feeds.remove(&property_id);
        }
        unwatched
    }

    /// Forgets the feed whose wake-up is `wake`, if it is still the
    /// property's (a feed that ended, however it ended).
    pub(crate) fn forget(&self, property_id: PropertyId, wake: &Arc<tokio::sync::Notify>) {
        let mut feeds = self.lock();
        if feeds
            .get(&property_id)
            .is_some_and(|feed| Arc::ptr_eq(&feed.wake, wake))
        {
            feeds.remove(&property_id);
        }
    }

    /// Properties with a running feed (`/metrics`).
    pub fn feeds(&self) -> usize {
        self.lock().len()
    }

    /// The properties somebody watches on this instance: their chores run
    /// (`chat::chores`).
    pub fn watched(&self) -> Vec<PropertyId> {
        self.lock().keys().copied().collect()
    }

    /// Streams open on this instance (`/metrics`).
    pub fn streams(&self) -> usize {
        self.admission.open()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PropertyId, Feed>> {
        self.feeds.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// With PostgreSQL, wakes this instance's feeds when another instance (or
/// this one) appended chat events: `NOTIFY chat_events, '<property id>'` is
/// sent with every append. Reconnects after a lost connection; the feeds'
/// periodic look covers the gap.
pub async fn listen(db: crate::ssr::db::Db, hub: ChatHub) {
    let crate::ssr::db::Db::Postgres(pool) = db else {
        return;
    };
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen("chat_events").await {
                    tracing::warn!(%error, "chat events: LISTEN failed");
                } else {
                    loop {
                        match listener.recv().await {
                            Ok(notification) => match notification.payload().parse::<i64>() {
                                Ok(property_id) => hub.wake(PropertyId(property_id)),
                                Err(_) => tracing::warn!("chat events: an unreadable notification"),
                            },
                            Err(error) => {
                                tracing::warn!(%error, "chat events: the listening connection broke");
                                break;
                            }
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "chat events: cannot listen"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}
