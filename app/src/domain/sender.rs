//! A sender number as the protection sees it: why it paused itself, why it
//! waits, and the panel and 48-hour forecast the «Рассылки» page and the
//! number's settings show.
use super::dispatch::UnknownValue;
use super::ids::DispatchId;
use super::mailing_kind::MailingKind;
use super::sender_policy::{SendingPolicy, WarmupStage};
use serde::{Deserialize, Serialize};

/// Why a number stopped its mailings by itself (chats keep working). Stored
/// as a code (`senders.pause_reason`) and its data (`pause_data`, JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PauseReason {
    /// IntellectDialog answered 429 this many times in a row.
    RateLimited { times: u32 },
    /// IntellectDialog reports the number disconnected (WhatsApp Web logged out).
    ProviderDisconnected,
    /// IntellectDialog reports the number blocked.
    ProviderBlocked,
    /// The last `run` messages stayed "sent" without "delivered" for an hour.
    UndeliveredRun { run: u32 },
    /// `percent` % of an hour's `of` messages stayed "sent" for an hour.
    UndeliveredShare { percent: u32, of: u32 },
}

impl PauseReason {
    /// The stored form: the code and, when it carries data, a JSON object.
    pub fn to_columns(&self) -> (String, Option<String>) {
        super::tagged::to_columns(self)
    }

    pub fn from_columns(code: &str, data: Option<&str>) -> Result<Self, UnknownValue> {
        super::tagged::from_columns(code, data, "pause reason")
    }
}

/// Why a number is not sending right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SenderWait {
    /// The spacing since the last send.
    Interval,
    HourlyCap,
    DailyCap,
    /// Today's warm-up cap is used up.
    Warmup,
    /// Outside the send window.
    Window,
    Paused,
    /// IntellectDialog asked to wait (429).
    RateLimited,
}

/// A pause as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseView {
    pub reason: PauseReason,
    /// When, in the property's zone (`DD.MM.YYYY HH:MM`).
    pub since: String,
    /// IntellectDialog's own words, for support.
    pub detail: Option<String>,
}

/// Where a planned send ends up in the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastFate {
    /// Leaves on the day it is due.
    OnTime,
    /// The day's budget is short: it leaves on a later day, before its deadline.
    Spills,
    /// It cannot leave before its deadline: it will be skipped.
    MissesDeadline,
    /// Not inside the 48 hours (the budget or the pause holds it back).
    Later,
}

/// One hour of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastHour {
    /// The hour's start in the property's zone, `DD.MM HH:00`.
    pub label: String,
    /// Sends expected in this hour.
    pub planned: u32,
    /// Sends the number may make in this hour (0 outside the window or paused).
    pub capacity: u32,
}

/// One planned send in the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastItem {
    pub dispatch_id: DispatchId,
    pub kind: MailingKind,
    pub booking_number: String,
    pub guest_name: String,
    /// When it was due, and when it is expected to leave (property's zone).
    pub due_at: String,
    pub expected_at: Option<String>,
    pub deadline_at: Option<String>,
    pub fate: ForecastFate,
}

/// The next 48 hours of one number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub hours: Vec<ForecastHour>,
    pub items: Vec<ForecastItem>,
    /// Planned sends due in the 48 hours (items may be cut to the first few hundred).
    pub total: u32,
    pub spills: u32,
    pub misses: u32,
}

/// One number's panel: its budget today, its stage and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderPanel {
    pub provider_id: String,
    pub provider_name: String,
    /// The number, when the provider's name carries one (`+79001234567`).
    pub phone: Option<String>,
    pub policy: SendingPolicy,
    pub interval_secs: i64,
    pub sent_last_hour: u32,
    pub sent_today: u32,
    /// Today's cap after the warm-up (`None`: no cap).
    pub cap_today: Option<u32>,
    pub warmup: WarmupStage,
    pub paused: Option<PauseView>,
    pub window_open: bool,
    /// Why it is not sending now, if it is not.
    pub waiting: Option<SenderWait>,
    /// The next moment it may send (property's zone).
    pub next_free_at: Option<String>,
    pub time_zone: String,
    pub forecast: Forecast,
    /// An administrator of a subscribed property may change it.
    pub can_edit: bool,
}
