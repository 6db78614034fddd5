//! IntellectDialog's resource objects, with the field names of the real API.
//!
//! Ids are strings, timestamps `YYYY-MM-DD HH:MM:SS` strings. Unknown fields in
//! answers are ignored, and fields the API may leave out default, so a change
//! on their side does not break us.
use crate::domain::integration::ProviderKind;
use serde::{Deserialize, Serialize};

/// The organisation the API key belongs to (`GET companies`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub zone: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A connected channel (a WhatsApp number, a Telegram bot...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub type_id: Option<String>,
    /// The type's name, e.g. «WhatsApp Web».
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
    /// `active`, `disconnected` or `blocked`, where the API says (the
    /// reference does not list such a field; the emulator sends one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

pub use super::provider_kind::WHATSAPP_WEB_TYPE;

impl Provider {
    /// What kind of channel it is, by its type name or id (case and spacing
    /// do not matter); `extra` names more types (names or ids) that are
    /// WhatsApp Web accounts.
    pub fn kind(&self, extra: &[String]) -> ProviderKind {
        super::provider_kind::provider_kind(
            self.type_name.as_deref(),
            self.type_id.as_deref(),
            extra,
        )
    }
}

/// An operator of the organisation.
///
/// `admin` and `dialogs` are what `POST employees` takes; the emulator returns
/// them on reads too (the real list's shape is not confirmed), so they default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    pub id: String,
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub department_name: Option<String>,
    #[serde(default)]
    pub person_id: Option<String>,
    #[serde(default)]
    pub person_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub person_surname: Option<String>,
    /// Patronymic.
    #[serde(default)]
    pub person_lastname: Option<String>,
    #[serde(default)]
    pub person_phone: Option<String>,
    #[serde(default)]
    pub person_email: Option<String>,
    /// May use the admin panel; sees every dialog.
    #[serde(default, deserialize_with = "flag")]
    pub admin: bool,
    /// Sees only the dialogs transferred to them.
    #[serde(default, deserialize_with = "flag")]
    pub dialogs: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl Employee {
    /// «Фамилия Имя» as people read it.
    pub fn display_name(&self) -> String {
        [self.person_surname.as_deref(), self.person_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A dialog with a guest on one provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub provider_type_id: Option<String>,
    #[serde(default)]
    pub provider_type_name: Option<String>,
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub person_id: Option<String>,
    #[serde(default)]
    pub person_name: Option<String>,
    #[serde(default)]
    pub person_surname: Option<String>,
    #[serde(default)]
    pub person_lastname: Option<String>,
    #[serde(default)]
    pub person_phone: Option<String>,
    #[serde(default)]
    pub person_email: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `type_name` of a message from the guest.
pub const INCOMING: &str = "Входящее";
/// `type_name` of a message to the guest.
pub const OUTGOING: &str = "Исходящее";

/// One message of a chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    #[serde(default)]
    pub ex_id: Option<String>,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub chat_id: Option<String>,
    #[serde(default)]
    pub chat_title: Option<String>,
    #[serde(default)]
    pub person_id: Option<String>,
    #[serde(default)]
    pub person_name: Option<String>,
    #[serde(default)]
    pub person_phone: Option<String>,
    #[serde(default)]
    pub type_id: Option<String>,
    /// [`INCOMING`] or [`OUTGOING`].
    #[serde(default)]
    pub type_name: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub employee_id: Option<String>,
    /// The `mark` given when it was sent.
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub transfer_to: Option<String>,
    #[serde(default)]
    pub delivered_at: Option<String>,
    #[serde(default)]
    pub viewed_at: Option<String>,
    /// Why an outgoing message could not be delivered. The reference does
    /// not show how the API reports a failure (§6, §8); we read this field,
    /// and a failure IntellectDialog does not show is never applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl Message {
    pub fn is_incoming(&self) -> bool {
        self.type_name.as_deref() == Some(INCOMING)
    }
}

/// What `POST messages` answers: the send is queued, delivery comes later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendResult {
    /// Empty when the text was only bot commands.
    #[serde(default)]
    pub message_id: Option<String>,
    #[serde(default)]
    pub chat_id: Option<String>,
    #[serde(default)]
    pub person_id: Option<String>,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default, rename = "type")]
    pub direction: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub stack_id: Option<String>,
    #[serde(default)]
    pub employee_id: Option<String>,
}

/// A phone that must not be messaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopListEntry {
    pub id: String,
    pub person_id: String,
    #[serde(default)]
    pub person_name: Option<String>,
    #[serde(default)]
    pub person_phone: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// The account's one webhook subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSubscription {
    pub url: String,
    pub events: Vec<String>,
}

/// What `POST messages/{id}/transferTo` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferResult {
    pub message_id: String,
    /// `employee` or `department`.
    #[serde(rename = "type")]
    pub target_type: String,
    pub id: String,
}

/// An employee's sign-in code (`POST employees/{id}/code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeCode {
    pub code: String,
}

/// Accepts `true`/`false`, `1`/`0` and `"1"`/`"0"`: PHP APIs send all three.
fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Number(i64),
        Text(String),
        Null(()),
    }
    Ok(match Flag::deserialize(deserializer)? {
        Flag::Bool(value) => value,
        Flag::Number(value) => value != 0,
        Flag::Text(value) => matches!(value.as_str(), "1" | "true"),
        Flag::Null(()) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employee_flags_accept_php_style_values_and_unknown_fields() {
        let json = r#"{"id":"e1","person_name":"Анна","person_surname":"Кузнецова","admin":"1","dialogs":0,"avatar":"x"}"#;
        let employee: Employee = serde_json::from_str(json).unwrap();
        assert!(employee.admin);
        assert!(!employee.dialogs);
        assert_eq!(employee.display_name(), "Кузнецова Анна");
    }

    #[test]
    fn a_whatsapp_web_provider_is_recognised_by_its_type_name() {
        let json = r#"{"id":"p1","name":"+7 900 000-00-00","type_id":"3","type":"WhatsApp Web"}"#;
        let provider: Provider = serde_json::from_str(json).unwrap();
        assert_eq!(provider.kind(&[]), ProviderKind::WhatsappWeb);
    }
}
