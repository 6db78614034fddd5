//! What the emulator records for its controls to show: messages that were
//! sent, `/v2/` requests, webhook deliveries and account requests. Never part
//! of IntellectDialog's API.
use app::ssr::intellectdialog::webhook::DeliveryStatus;
use serde::{Deserialize, Serialize};

/// One message that was sent through `POST messages`, with when it left.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentMessage {
    pub organisation_id: String,
    pub message_id: String,
    pub provider_id: String,
    pub phone: String,
    pub text: String,
    pub mark: Option<String>,
    pub employee_id: Option<String>,
    /// When `POST messages` was received (RFC 3339, milliseconds).
    pub requested_at: String,
    /// When the message left for WhatsApp, after the send delay (RFC 3339, milliseconds).
    pub left_at: String,
}

/// One `/v2/` request as the emulator received it, faulted or not.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    pub method: String,
    /// The path under `/v2`, e.g. `/messages`.
    pub path: String,
    pub query: Option<String>,
    /// When it arrived, on the emulator's clock (RFC 3339, milliseconds).
    pub requested_at: String,
    /// The HTTP status answered; `null` while the answer is held or when it never came.
    pub status: Option<u16>,
}

/// A request for an IntellectDialog account, as the sales contact receives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountRequestRecord {
    pub received_at: String,
    pub body: serde_json::Value,
}

/// One webhook the emulator POSTed to an organisation's URL.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookRecord {
    /// `new_message`, `new_status` or `new_error`.
    pub event: String,
    pub message_id: String,
    /// The reported status of a `new_status`.
    pub status: Option<DeliveryStatus>,
    /// When the receiver answered (RFC 3339, milliseconds, real time).
    pub delivered_at: String,
    /// The receiver's HTTP status; `null` when it could not be reached.
    pub answered: Option<u16>,
}
