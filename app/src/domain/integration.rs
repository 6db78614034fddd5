//! The IntellectDialog integration as the UI sees it (F4–F6, F9).
use super::Subscription;
use serde::{Deserialize, Serialize};

/// The least interval between two service messages from one number.
pub const MIN_SEND_INTERVAL_SECS: i64 = 60;
/// The largest interval accepted (one hour).
pub const MAX_SEND_INTERVAL_SECS: i64 = 3600;
/// The longest API key accepted.
pub const API_KEY_MAX_LEN: usize = 200;

/// What kind of channel a provider is, as far as mailings care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// A WhatsApp Web account: the mailings' channel.
    WhatsappWeb,
    /// Another channel (Telegram, WhatsApp Business API, …): not for mailings.
    Other,
    /// A type IntellectDialog did not name in a way we know: an
    /// administrator may choose it after a warning.
    Unknown,
}

/// A provider (sender number) of the organisation, for the «Провайдер» drop-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderOption {
    pub id: String,
    pub name: String,
    pub type_name: Option<String>,
    /// Only WhatsApp Web providers may send the service mailings today (an
    /// unknown type, once an administrator confirmed it, too).
    pub usable_for_mailings: bool,
    pub kind: ProviderKind,
    /// The number, when the provider's name carries one (E.164).
    pub phone: Option<String>,
}

/// One change of the integration, for the audit block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Unix milliseconds.
    pub at: i64,
    pub who: Option<String>,
    pub action: String,
    pub detail: String,
}

/// The property's integration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationView {
    pub subscription: Subscription,
    /// An admin of a subscribed property may change it; everyone else reads.
    pub can_edit: bool,
    /// `••••••••1a2b` once a key was checked; the key itself never leaves the server.
    pub api_key_masked: Option<String>,
    pub organisation_name: Option<String>,
    pub provider: Option<ProviderOption>,
    pub send_interval_secs: i64,
    pub active: bool,
    /// For optimistic locking: send it back with every change.
    pub version: i64,
    /// Latest changes (admins only; empty for staff).
    pub audit: Vec<AuditEntry>,
    /// The chosen number paused itself: why and since when.
    pub sender_pause: Option<super::sender::PauseView>,
}

impl IntegrationView {
    /// True once a key was checked against IntellectDialog.
    pub fn connected(&self) -> bool {
        self.organisation_name.is_some()
    }
}
