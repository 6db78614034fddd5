//! The live chat feed of a browser tab: one SSE connection to
//! `/events/chats`, the unread count of each dialog the user may see, the
//! events for the open chats page, and the sound and browser notification of
//! a new guest message while the tab is not in front.
//!
//! The connection resumes where it stopped: the browser's own reconnect sends
//! `Last-Event-ID`; after a refusal the feed reconnects itself with `?after=`.
use crate::domain::chat::{ChatEvent, ChatEventKind};
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;
use std::collections::BTreeMap;
use std::time::Duration;

/// Events kept for a chats page that is not open (it reloads on opening).
const INBOX_LIMIT: usize = 1_000;
/// The first wait before reconnecting after a refusal, and the longest.
const FIRST_RETRY_SECS: u64 = 2;
const LAST_RETRY_SECS: u64 = 60;

thread_local! {
    /// The tab's open connection, if any (browser only; the server never
    /// opens one, and a JS object cannot cross threads there).
    static SOURCE: std::cell::RefCell<Option<web_sys::EventSource>> =
        const { std::cell::RefCell::new(None) };
}

fn has_source() -> bool {
    SOURCE.with(|source| source.borrow().is_some())
}

/// Marks the page's `<body>` with the stream's state (`data-chat-stream`:
/// `connected`, `reconnecting` or `offline`) and the last event seen
/// (`data-chat-seq`), so a test or a host page can wait on them.
fn mark_body(name: &str, value: &str) {
    if let Some(body) = document().body() {
        let _ = body.set_attribute(name, value);
    }
}

fn set_source(next: Option<web_sys::EventSource>) {
    SOURCE.with(|source| {
        if let Some(previous) = source.replace(next) {
            previous.close();
        }
    });
}

/// Shared by the tab bar (badge), the chats page and the host bridge.
#[derive(Clone, Copy)]
pub struct ChatFeed {
    /// Unread guest messages per visible dialog.
    pub unread: RwSignal<BTreeMap<String, i64>>,
    /// Grows with every event; the chats page then takes them from the inbox.
    pub arrived: RwSignal<u64>,
    inbox: StoredValue<Vec<ChatEvent>>,
    /// The stream is connected.
    pub online: RwSignal<bool>,
    /// It was, at least once (so a lost connection can be told).
    pub connected_once: RwSignal<bool>,
    last_seq: StoredValue<Option<i64>>,
    started: StoredValue<bool>,
    /// Seconds before trying again after a refusal; doubles up to a minute.
    retry_after: StoredValue<u64>,
    /// The notification title, in the user's language.
    pub notice_title: StoredValue<String>,
}

impl ChatFeed {
    pub fn new() -> Self {
        Self {
            unread: RwSignal::new(BTreeMap::new()),
            arrived: RwSignal::new(0),
            inbox: StoredValue::new(Vec::new()),
            online: RwSignal::new(false),
            connected_once: RwSignal::new(false),
            last_seq: StoredValue::new(None),
            started: StoredValue::new(false),
            retry_after: StoredValue::new(FIRST_RETRY_SECS),
            notice_title: StoredValue::new(String::new()),
        }
    }

    /// Unread guest messages in all visible dialogs.
    pub fn total(&self) -> i64 {
        self.unread.with(|unread| unread.values().sum())
    }

    /// The events that arrived since the last call.
    pub fn take(&self) -> Vec<ChatEvent> {
        self.inbox
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Opens the connection once per tab; call it from an effect (the
    /// browser only).
    pub fn start(self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        connect(self);
        // Offline: drop the connection at once (the browser may keep a dead
        // one for minutes); online again: resume from the last event seen.
        let _ = window_event_listener(leptos::ev::offline, move |_| {
            set_source(None);
            self.online.set(false);
            mark_body("data-chat-stream", "offline");
        });
        let _ = window_event_listener(leptos::ev::online, move |_| {
            if !has_source() {
                connect(self);
            }
        });
    }

    fn receive(self, event: ChatEvent) {
        self.last_seq.set_value(Some(event.seq));
        mark_body("data-chat-seq", &event.seq.to_string());
        self.unread.update(|unread| {
            unread.insert(event.chat.chat_id.clone(), event.chat.unread);
        });
        let from_guest = event.kind == ChatEventKind::Message
            && event
                .message
                .as_ref()
                .is_some_and(|message| message.incoming);
        if from_guest {
            self.notify(&event);
        }
        self.inbox.update_value(|inbox| {
            inbox.push(event);
            if inbox.len() > INBOX_LIMIT {
                inbox.remove(0);
            }
        });
        self.arrived.update(|count| *count += 1);
    }

    /// A sound and a browser notification while the tab is not in front.
    fn notify(self, event: &ChatEvent) {
        let document = document();
        let in_front = !document.hidden() && document.has_focus().unwrap_or(true);
        if in_front {
            return;
        }
        beep();
        let granted =
            web_sys::Notification::permission() == web_sys::NotificationPermission::Granted;
        if granted {
            let options = web_sys::NotificationOptions::new();
            let text = event
                .message
                .as_ref()
                .map(|message| message.text.clone())
                .unwrap_or_default();
            options.set_body(&format!("{}: {}", event.chat.title, text));
            options.set_tag(&event.chat.chat_id);
            let title = self.notice_title.get_value();
            let _ = web_sys::Notification::new_with_options(&title, &options);
        }
    }
}

impl Default for ChatFeed {
    fn default() -> Self {
        Self::new()
    }
}

/// The feed, when the app provided one.
pub fn use_chat_feed() -> Option<ChatFeed> {
    use_context::<ChatFeed>()
}

fn connect(feed: ChatFeed) {
    let url = match feed.last_seq.get_value() {
        Some(seq) => format!("/events/chats?after={seq}"),
        None => "/events/chats".to_owned(),
    };
    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    let on_chat =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            let Some(data) = message.data().as_string() else {
                return;
            };
            match serde_json::from_str::<ChatEvent>(&data) {
                Ok(event) => feed.receive(event),
                Err(error) => leptos::logging::warn!("unreadable chat event: {error}"),
            }
        });
    let on_unread =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            if let Ok(seq) = message.last_event_id().parse::<i64>() {
                feed.last_seq.set_value(Some(seq));
            }
            let Some(data) = message.data().as_string() else {
                return;
            };
            if let Ok(unread) = serde_json::from_str::<BTreeMap<String, i64>>(&data) {
                feed.unread.set(unread);
            }
            feed.online.set(true);
            feed.connected_once.set(true);
            mark_body("data-chat-stream", "connected");
        });
    let on_error = {
        let source = source.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            feed.online.set(false);
            mark_body("data-chat-stream", "reconnecting");
            // CONNECTING: the browser retries by itself, with Last-Event-ID.
            // CLOSED (refused): try again later, unless offline (then the
            // `online` event reconnects).
            if source.ready_state() == web_sys::EventSource::CLOSED {
                if SOURCE.with(|current| current.borrow().as_ref() == Some(&source)) {
                    SOURCE.with(|current| current.replace(None));
                }
                let wait = feed.retry_after.get_value();
                feed.retry_after.set_value((wait * 2).min(LAST_RETRY_SECS));
                set_timeout(
                    move || {
                        if !has_source() && window().navigator().on_line() {
                            connect(feed);
                        }
                    },
                    Duration::from_secs(wait),
                );
            }
        })
    };
    let _ = source.add_event_listener_with_callback("chat", on_chat.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref());
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    set_source(Some(source));
    // A few closures per connection; connections are rare.
    on_chat.forget();
    on_unread.forget();
    on_error.forget();
}

/// A short two-tone chime, made on the spot (no sound file to fetch).
fn beep() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let now = context.current_time();
    for (index, frequency) in [880.0_f32, 1_320.0].into_iter().enumerate() {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        oscillator.frequency().set_value(frequency);
        let start = now + index as f64 * 0.12;
        gain.gain().set_value(0.0);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.2, start + 0.01);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.0, start + 0.11);
        let _ = oscillator.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = oscillator.start_with_when(start);
        let _ = oscillator.stop_with_when(start + 0.12);
    }
}
