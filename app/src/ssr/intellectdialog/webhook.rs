//! Webhook payloads: built by the emulator, parsed by our receiver, one module.
//!
//! No capture of the real payloads exists (reference §8), so this follows the
//! reference's suggestion: a JSON object with an `event` key and at least
//! `message_id`. `new_message` carries the message's fields; `new_status`
//! names the new status and when it happened; `new_error` has the fields a
//! known consumer expected. Change it here when a real capture is available.
use super::model::Message;
use serde::{Deserialize, Serialize};

/// Every event a subscription asks for.
pub const EVENT_NAMES: [&str; 3] = ["new_message", "new_status", "new_error"];

/// Bodies bigger than this are refused before parsing.
pub const MAX_WEBHOOK_BYTES: usize = 256 * 1024;

/// A delivery status of an outgoing message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Sent,
    Delivered,
    Read,
    Failed,
}

/// One webhook call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum WebhookEvent {
    NewMessage(Box<NewMessage>),
    NewStatus(NewStatus),
    NewError(NewError),
}

/// A message arrived (usually from a guest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    pub message_id: String,
    #[serde(flatten)]
    pub message: Message,
}

/// An outgoing message changed status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStatus {
    pub message_id: String,
    pub status: DeliveryStatus,
    /// When it happened, `YYYY-MM-DD HH:MM:SS`.
    pub status_at: String,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub chat_id: Option<String>,
}

/// An outgoing message could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewError {
    pub message_id: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub error_at: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
}

/// Why a webhook body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookParseError {
    #[error("the webhook body is larger than {MAX_WEBHOOK_BYTES} bytes")]
    TooLarge,
    #[error("the webhook body is not a JSON object: {0}")]
    Malformed(String),
    #[error("the webhook body has no `event` field")]
    MissingEvent,
    #[error("unknown webhook event `{0}`")]
    UnknownEvent(String),
    #[error("the `{event}` webhook is missing fields or has wrong types: {detail}")]
    InvalidFields { event: String, detail: String },
}

impl WebhookEvent {
    /// Parses a webhook body, explaining what is wrong with a bad one.
    pub fn parse(body: &[u8]) -> Result<Self, WebhookParseError> {
        if body.len() > MAX_WEBHOOK_BYTES {
            return Err(WebhookParseError::TooLarge);
        }
        let value: serde_json::Value = serde_json::from_slice(body)
            .map_err(|error| WebhookParseError::Malformed(error.to_string()))?;
        let Some(object) = value.as_object() else {
            return Err(WebhookParseError::Malformed(
                "expected a JSON object".to_owned(),
            ));
        };
        let event = match object.get("event") {
            Some(serde_json::Value::String(event)) => event.clone(),
            Some(other) => return Err(WebhookParseError::UnknownEvent(other.to_string())),
            None => return Err(WebhookParseError::MissingEvent),
        };
        if !EVENT_NAMES.contains(&event.as_str()) {
            return Err(WebhookParseError::UnknownEvent(event));
        }
        serde_json::from_value(value).map_err(|error| WebhookParseError::InvalidFields {
            event,
            detail: error.to_string(),
        })
    }

    /// The id of the message the event is about.
    pub fn message_id(&self) -> &str {
        match self {
            WebhookEvent::NewMessage(event) => &event.message_id,
            WebhookEvent::NewStatus(event) => &event.message_id,
            WebhookEvent::NewError(event) => &event.message_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_event() -> WebhookEvent {
        WebhookEvent::NewStatus(NewStatus {
            message_id: "m1".into(),
            status: DeliveryStatus::Delivered,
            status_at: "2026-11-25 10:00:00".into(),
            marker: Some("d-1".into()),
            chat_id: None,
        })
    }

    #[test]
    fn an_event_survives_its_json_form() {
        let json = serde_json::to_vec(&status_event()).unwrap();
        assert_eq!(WebhookEvent::parse(&json).unwrap(), status_event());
        assert!(String::from_utf8(json)
            .unwrap()
            .contains(r#""event":"new_status""#));
    }

    #[test]
    fn a_new_message_carries_the_message_fields() {
        let json = r#"{"event":"new_message","message_id":"m7","id":"m7","chat_id":"c1","type_name":"Входящее","text":"Здравствуйте","extra":1}"#;
        let WebhookEvent::NewMessage(event) = WebhookEvent::parse(json.as_bytes()).unwrap() else {
            panic!("not a new message");
        };
        assert_eq!(event.message.text.as_deref(), Some("Здравствуйте"));
        assert!(event.message.is_incoming());
    }

    #[test]
    fn malformed_bodies_are_refused_with_a_reason() {
        assert!(matches!(
            WebhookEvent::parse(b"not json"),
            Err(WebhookParseError::Malformed(_))
        ));
        assert!(matches!(
            WebhookEvent::parse(b"[1,2]"),
            Err(WebhookParseError::Malformed(_))
        ));
        assert_eq!(
            WebhookEvent::parse(br#"{"message_id":"m1"}"#),
            Err(WebhookParseError::MissingEvent)
        );
        assert_eq!(
            WebhookEvent::parse(br#"{"event":"chat_closed","message_id":"m1"}"#),
            Err(WebhookParseError::UnknownEvent("chat_closed".into()))
        );
        assert!(matches!(
            WebhookEvent::parse(br#"{"event":"new_status","message_id":"m1","status":"lost"}"#),
            Err(WebhookParseError::InvalidFields { .. })
        ));
        let huge = vec![b' '; MAX_WEBHOOK_BYTES + 1];
        assert_eq!(WebhookEvent::parse(&huge), Err(WebhookParseError::TooLarge));
    }
}
