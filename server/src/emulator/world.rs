//! The emulator's state: organisations with their providers, employees,
//! persons, chats, messages, stop list and webhook, plus faults and what was
//! recorded for the controls (see [`super::records`]).
use super::records::{AccountRequestRecord, RequestRecord, SentMessage, WebhookRecord};
use app::ssr::intellectdialog::model::{
    Chat, Employee, Message, Provider, StopListEntry, WebhookSubscription,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;
use time::OffsetDateTime;

/// A department of an organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Department {
    pub id: String,
    pub name: String,
}

/// A contact (a guest, or the person behind an employee).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub surname: Option<String>,
    pub phone: String,
}

/// A message as the emulator keeps it.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub message: Message,
    pub read: bool,
}

/// One organisation (an IntellectDialog account) and everything in it.
#[derive(Debug, Clone)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub zone: String,
    /// Every key that authenticates as this organisation.
    pub keys: Vec<String>,
    /// «Фильтр» → «Задержка отправки»: the least time between two sends.
    pub send_delay: Duration,
    /// When the next message may leave, given the send delay.
    pub next_send_at: Option<OffsetDateTime>,
    pub departments: Vec<Department>,
    pub providers: Vec<Provider>,
    pub employees: Vec<Employee>,
    pub persons: Vec<Person>,
    pub chats: Vec<Chat>,
    pub messages: Vec<StoredMessage>,
    pub stop_list: Vec<StopListEntry>,
    pub webhook: Option<WebhookSubscription>,
    /// Chat id → the employee or department it was transferred to.
    pub assignments: HashMap<String, String>,
    pub created_at: String,
    /// Phone → index in `persons`, and (person, provider) → index in `chats`,
    /// so a send stays O(1) however many guests the organisation has.
    pub person_index: HashMap<String, usize>,
    pub chat_index: HashMap<(String, String), usize>,
    /// Message id → index in `messages` (tens of thousands in a benchmark).
    pub message_index: HashMap<String, usize>,
}

impl Organisation {
    /// Stores a person, indexed by phone.
    pub fn add_person(&mut self, person: Person) {
        self.person_index
            .insert(person.phone.clone(), self.persons.len());
        self.persons.push(person);
    }

    /// Stores a message, indexed by its id.
    pub fn add_message(&mut self, stored: StoredMessage) {
        self.message_index
            .insert(stored.message.id.clone(), self.messages.len());
        self.messages.push(stored);
    }

    /// The message with this id.
    pub fn message_mut(&mut self, id: &str) -> Option<&mut StoredMessage> {
        let index = *self.message_index.get(id)?;
        self.messages.get_mut(index)
    }

    /// Stores a chat, indexed by its person and provider.
    pub fn add_chat(&mut self, chat: Chat) {
        if let (Some(person), Some(provider)) = (&chat.person_id, &chat.provider_id) {
            self.chat_index
                .insert((person.clone(), provider.clone()), self.chats.len());
        }
        self.chats.push(chat);
    }

    /// An organisation with one key and nothing in it yet (no send delay).
    pub fn new(id: String, name: &str, key: &str, created_at: String) -> Self {
        Self {
            id,
            name: name.to_owned(),
            zone: "Europe/Moscow".to_owned(),
            keys: vec![key.to_owned()],
            send_delay: Duration::ZERO,
            next_send_at: None,
            departments: Vec::new(),
            providers: Vec::new(),
            employees: Vec::new(),
            persons: Vec::new(),
            chats: Vec::new(),
            person_index: HashMap::new(),
            chat_index: HashMap::new(),
            message_index: HashMap::new(),
            messages: Vec::new(),
            stop_list: Vec::new(),
            webhook: None,
            assignments: HashMap::new(),
            created_at,
        }
    }
}

/// Faults injected into the API (not the controls).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added to every answer.
    pub latency_ms: u64,
    /// Share of requests answered 500, from 0.0 to 1.0.
    pub error_rate: f64,
    /// When set, every request is answered 429 with this `Retry-After`.
    pub rate_limit_retry_after: Option<u64>,
    /// Never answer in time (the request hangs for two minutes).
    pub timeout: bool,
    /// Start answering, then break the connection.
    pub drop_connections: bool,
    /// Answer every request 503.
    pub outage: bool,
    /// `POST messages` stores the message as a success would, then fails so.
    pub after_accept: Option<AfterAccept>,
    /// Share of accepted sends `after_accept` hits, from 0.0 to 1.0 (unset: all).
    pub after_accept_rate: Option<f64>,
}

/// How an accepted and stored send fails to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub enum AfterAccept {
    /// Answer 500.
    #[serde(rename = "error")]
    ServerError,
    /// Hold the answer longer than any client waits.
    #[serde(rename = "hang")]
    Hang,
    /// Start answering, then break the connection.
    #[serde(rename = "drop")]
    Disconnect,
}

impl TryFrom<String> for AfterAccept {
    type Error = String;

    /// Names the field in the refusal, as the other controls do.
    fn try_from(value: String) -> Result<Self, String> {
        match value.as_str() {
            "error" => Ok(Self::ServerError),
            "hang" => Ok(Self::Hang),
            "drop" => Ok(Self::Disconnect),
            _ => Err(format!(
                "after_accept must be \"error\", \"hang\" or \"drop\", not {value:?}"
            )),
        }
    }
}

/// How fast outgoing messages move through their statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusTimings {
    /// From leaving to the `sent` report.
    pub sent_after_ms: u64,
    /// From leaving to `delivered`.
    pub delivered_after_ms: u64,
    /// From `delivered` to `read`.
    pub read_after_ms: u64,
}

impl Default for StatusTimings {
    fn default() -> Self {
        Self {
            sent_after_ms: 0,
            delivered_after_ms: 2_000,
            read_after_ms: 5_000,
        }
    }
}

/// What WhatsApp does to one provider's messages (`PUT /control/providers/{id}`;
/// its `status`, disconnected or blocked, lives on the provider itself).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderHealth {
    /// Accepted but never delivered: WhatsApp filters the number.
    pub filtered: bool,
}

/// Everything the emulator knows.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub organisations: Vec<Organisation>,
    pub faults: Faults,
    pub timings: StatusTimings,
    pub sent: Vec<SentMessage>,
    pub requests: Vec<RequestRecord>,
    pub webhooks: Vec<WebhookRecord>,
    pub account_requests: Vec<AccountRequestRecord>,
    /// Providers that cannot deliver: id → what WhatsApp does to them.
    pub provider_health: HashMap<String, ProviderHealth>,
    /// A time set by `PUT /control/clock` that sends are stamped with instead
    /// of the real one, so a test walking a virtual clock reads virtual times.
    pub clock: Option<OffsetDateTime>,
}

impl World {
    /// The time sends are stamped with.
    pub fn now(&self) -> OffsetDateTime {
        self.clock.unwrap_or_else(OffsetDateTime::now_utc)
    }
}

impl World {
    /// The organisation a key authenticates, if any.
    pub fn organisation_for_key(&self, key: &str) -> Option<usize> {
        self.organisations
            .iter()
            .position(|organisation| organisation.keys.iter().any(|known| known == key))
    }

    pub fn organisation_by_id(&self, id: &str) -> Option<usize> {
        self.organisations
            .iter()
            .position(|organisation| organisation.id == id)
    }
}

/// A new random id, in the UUID form the real ids seem to have.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The API's timestamp format, `YYYY-MM-DD HH:MM:SS` (UTC in the emulator).
pub fn api_time(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    at.format(&format).unwrap_or_default()
}

/// RFC 3339 with milliseconds, for the control API's precise times.
pub fn precise_time(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    at.format(&format).unwrap_or_default()
}

/// The current time in the API's format.
pub fn now_api_time() -> String {
    api_time(OffsetDateTime::now_utc())
}
