//! Service mailings as the «Рассылки» list shows them (F10).
use serde::{Deserialize, Serialize};

/// The three service mailings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailingKind {
    Welcome,
    Feedback,
    NonGuaranteed,
}

impl MailingKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "welcome" => Some(Self::Welcome),
            "feedback" => Some(Self::Feedback),
            "non_guaranteed" => Some(Self::NonGuaranteed),
            _ => None,
        }
    }
}

impl MailingKind {
    pub const ALL: [Self; 3] = [Self::Welcome, Self::Feedback, Self::NonGuaranteed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::Feedback => "feedback",
            Self::NonGuaranteed => "non_guaranteed",
        }
    }
}

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
}

/// One dispatch in a mailing's queue or a booking's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchView {
    pub kind: MailingKind,
    pub booking_number: String,
    pub guest_name: String,
    pub state: String,
    /// Times in the property's zone, `DD.MM.YYYY HH:MM`.
    pub due_at: Option<String>,
    /// When it should leave given the sender's spacing (planned ones).
    pub estimated_at: Option<String>,
    pub sent_at: Option<String>,
    pub attempts: i64,
    pub reason: Option<String>,
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
