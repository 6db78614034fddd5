//! Service mailings as the «Рассылки» list shows them (F10).
use super::dispatch::DispatchState;
use super::dispatch_reason::DispatchReason;
use super::ids::DispatchId;
pub use super::mailing_kind::MailingKind;
use serde::{Deserialize, Serialize};

/// The only delivery method of service mailings today.
pub const WHATSAPP_WEB: &str = "whatsapp_web";

/// How many of a mailing's dispatches are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub planned: i64,
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub failed: i64,
}

/// One mailing in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingView {
    pub kind: MailingKind,
    pub active: bool,
    pub delivery_method: String,
    /// When it was last switched on, in the property's zone.
    pub activated_at: Option<String>,
    pub counters: Counters,
    pub can_edit: bool,
    /// What the property's subscription is missing: while anything is, the
    /// mailing is held (nothing leaves) and cannot be changed.
    pub subscription_missing: Vec<crate::domain::SubscriptionPart>,
}

/// One dispatch in a mailing's queue or a booking's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchView {
    pub id: DispatchId,
    pub kind: MailingKind,
    pub booking_number: String,
    pub guest_name: String,
    pub state: DispatchState,
    /// Times in the property's zone, `DD.MM.YYYY HH:MM`.
    pub due_at: Option<String>,
    /// When it should leave given the sender's spacing (planned ones).
    pub estimated_at: Option<String>,
    pub sent_at: Option<String>,
    pub attempts: i64,
    pub reason: Option<DispatchReason>,
    /// The instant the reason speaks of (a deadline), in the property's zone.
    pub reason_at: Option<String>,
    /// The technical detail behind the reason (IntellectDialog's answer),
    /// for support: shown as it is, in a details line.
    pub detail: Option<String>,
}

/// The sending number: its next free slot and today's sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderView {
    pub provider_name: String,
    pub next_free_at: Option<String>,
    pub today_count: i64,
    pub interval_secs: i64,
}

/// A mailing's page: settings, queue and sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingDetail {
    pub mailing: MailingView,
    pub settings: super::mailing_settings::MailingSettings,
    pub time_zone: String,
    pub queue: Vec<DispatchView>,
    pub sender: Option<SenderView>,
    /// The booking the live preview renders, with dates as Russian and
    /// English guests read them.
    pub sample: super::template::TemplateValues,
    pub sample_en: super::template::TemplateValues,
}

/// What switching a mailing on would do: guests messaged at once, and in
/// the next 24 hours after that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwitchPreview {
    pub now: u32,
    pub next_day: u32,
}
