//! Wakes the SSE streams of a property when its event sequence grew.
//!
//! The sequence itself lives in the database; the hub only says "look
//! again", so a missed or lagging wake-up costs latency, never an event.
//! Streams also look every few seconds, which is how instances sharing one
//! PostgreSQL database see each other's events.
use tokio::sync::broadcast;

/// One per server process.
#[derive(Clone, Debug)]
pub struct ChatHub {
    sender: broadcast::Sender<i64>,
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
    pub fn wake(&self, property_id: i64) {
        // No subscriber is not an error: nobody is watching.
        let _ = self.sender.send(property_id);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.sender.subscribe()
    }
}
