//! An open `/events/chats` stream read event by event, each wait bounded by a
//! deadline (never a fixed time).
use crate::chat_helpers::{parse_sse, SseEvent};
use crate::helpers::TestApp;
use std::time::Duration;

/// How long any one expected event may take.
const EVENT_DEADLINE: Duration = Duration::from_secs(10);

/// How a stream resumes.
pub enum Resume {
    Fresh,
    LastEventId(i64),
    After(i64),
}

pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
    /// Every event read so far, in order.
    pub seen: Vec<SseEvent>,
}

impl EventStream {
    /// Opens the stream as `browser` and waits for its first (`unread`) event,
    /// which the server sends once it is following the sequence.
    pub async fn open(browser: &TestApp, resume: Resume) -> Self {
        let mut url = format!("{}/events/chats", browser.address);
        let mut request = browser.client.get(&url);
        match resume {
            Resume::Fresh => {}
            Resume::LastEventId(seq) => {
                request = request.header("Last-Event-ID", seq.to_string());
            }
            Resume::After(seq) => {
                url.push_str(&format!("?after={seq}"));
                request = browser.client.get(&url);
            }
        }
        let response = request.send().await.expect("the stream opens");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let mut stream = Self {
            response,
            buffer: String::new(),
            seen: Vec::new(),
        };
        let first = stream.next().await;
        assert_eq!(first.event, "unread", "the stream starts with the counts");
        stream
    }

    /// The next event; panics when none comes within the deadline.
    pub async fn next(&mut self) -> SseEvent {
        let deadline = tokio::time::Instant::now() + EVENT_DEADLINE;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_sse(&block).into_iter().next() {
                    self.seen.push(event.clone());
                    return event;
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .unwrap_or_else(|_| {
                    panic!("no event within {EVENT_DEADLINE:?}; seen {:?}", self.seen)
                })
                .expect("the stream stays open")
                .expect("the stream does not end");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reads until a `chat` event whose message has `text`; returns its id.
    pub async fn until_message(&mut self, text: &str) -> i64 {
        loop {
            let event = self.next().await;
            if event.event == "chat" && event.json()["message"]["text"] == text {
                return id_of(&event);
            }
        }
    }

    /// The ids of the `chat` events read so far.
    pub fn chat_ids(&self) -> Vec<i64> {
        self.seen
            .iter()
            .filter(|event| event.event == "chat")
            .map(id_of)
            .collect()
    }
}

/// An event's sequence number.
pub fn id_of(event: &SseEvent) -> i64 {
    event
        .id
        .as_deref()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an event without a number: {event:?}"))
}
