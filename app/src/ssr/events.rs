//! Wakes the SSE streams of a property when its event sequence grew.
//!
//! The sequence itself lives in the database; the hub only says "look
//! again", so a missed or lagging wake-up costs latency, never an event.
//! With PostgreSQL, `LISTEN chat_events` wakes it for other instances'
//! events too; streams also look every few seconds in case a notification
//! was lost.
use crate::domain::PropertyId;
use tokio::sync::broadcast;

/// One per server process.
#[derive(Clone, Debug)]
pub struct ChatHub {
    sender: broadcast::Sender<PropertyId>,
}

impl Default for ChatHub {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(1024).0,
        }
    }
}

impl ChatHub {
    /// The property's sequence grew.
    pub fn wake(&self, property_id: PropertyId) {
        // No subscriber is not an error: nobody is watching.
        let _ = self.sender.send(property_id);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<PropertyId> {
        self.sender.subscribe()
    }
}

/// With PostgreSQL, wakes this instance's streams when another instance
/// (or this one) appended chat events: `NOTIFY chat_events, '<property id>'`
/// is sent with every append. Reconnects after a lost connection; the
/// streams' periodic look covers the gap.
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
