//! What IntellectDialog's messages and chats become in our store.
use crate::domain::chat::MessageState;
use crate::ssr::db::chat_store::{ChatRecord, NewMessage};
use crate::ssr::intellectdialog::model::{Chat, Message};

/// `YYYY-MM-DD HH:MM:SS` (UTC) as Unix ms.
pub fn parse_api_time(value: &str) -> Option<i64> {
    let at = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", value).ok()?;
    at.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|at| at.timestamp().as_millisecond())
}

/// What a message of the API becomes in our store; `received_at` stands in
/// for a missing or unreadable `created_at`.
pub fn to_new_message<'a>(
    message: &'a Message,
    unread: bool,
    received_at: i64,
) -> Option<NewMessage<'a>> {
    let chat_id = message.chat_id.as_deref().filter(|id| !id.is_empty())?;
    let incoming = message.is_incoming();
    let state = match () {
        _ if incoming => MessageState::Received,
        _ if message.viewed_at.is_some() => MessageState::Read,
        _ if message.delivered_at.is_some() => MessageState::Delivered,
        _ => MessageState::Sent,
    };
    Some(NewMessage {
        chat: ChatRecord {
            chat_id,
            title: message
                .chat_title
                .as_deref()
                .or(message.person_name.as_deref())
                .filter(|title| !title.is_empty()),
            phone: message.person_phone.as_deref(),
            provider_id: message.provider_id.as_deref(),
            provider_name: message.provider_name.as_deref(),
            assigned_to: message.transfer_to.as_deref().filter(|to| !to.is_empty()),
        },
        message_id: Some(&message.id),
        reply_key: None,
        marker: message.marker.as_deref(),
        incoming,
        body: message.text.as_deref().unwrap_or_default(),
        employee_id: message.employee_id.as_deref(),
        staff_user_id: None,
        state,
        is_read: !(incoming && unread),
        created_at: message
            .created_at
            .as_deref()
            .and_then(parse_api_time)
            .unwrap_or(received_at),
    })
}

pub fn chat_record(chat: &Chat) -> ChatRecord<'_> {
    ChatRecord {
        chat_id: &chat.id,
        title: chat
            .title
            .as_deref()
            .or(chat.person_name.as_deref())
            .filter(|title| !title.is_empty()),
        phone: chat.person_phone.as_deref(),
        provider_id: chat.provider_id.as_deref(),
        provider_name: chat.provider_name.as_deref(),
        assigned_to: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(json: serde_json::Value) -> Message {
        serde_json::from_value(json).expect("a message")
    }

    #[test]
    fn api_times_are_utc_milliseconds() {
        assert_eq!(parse_api_time("1970-01-01 00:00:01"), Some(1_000));
        assert_eq!(
            parse_api_time("2026-11-25 10:00:00"),
            Some(1_795_600_800_000)
        );
        assert_eq!(parse_api_time("25.11.2026 10:00"), None);
    }

    #[test]
    fn a_guest_message_is_received_unread_and_assigns_its_dialog() {
        let incoming = message(serde_json::json!({
            "id": "m1", "chat_id": "c1", "chat_title": "Гость", "type_name": "Входящее",
            "text": "Привет", "transfer_to": "e3", "created_at": "1970-01-01 00:00:02"
        }));
        let new = to_new_message(&incoming, true, 9).expect("a chat message");
        assert!(new.incoming && !new.is_read);
        assert_eq!(new.state, MessageState::Received);
        assert_eq!(new.chat.assigned_to, Some("e3"));
        assert_eq!(new.created_at, 2_000);
        assert!(to_new_message(&incoming, false, 9).unwrap().is_read);
    }

    #[test]
    fn a_reply_takes_its_furthest_status_and_a_message_without_chat_is_skipped() {
        let read = message(serde_json::json!({
            "id": "m2", "chat_id": "c1", "type_name": "Исходящее", "delivered_at": "x", "viewed_at": "y"
        }));
        assert_eq!(
            to_new_message(&read, true, 9).unwrap().state,
            MessageState::Read
        );
        assert!(to_new_message(&read, true, 9).unwrap().is_read);
        assert_eq!(
            to_new_message(&read, true, 9).unwrap().created_at,
            9,
            "no time: when received"
        );
        let loose = message(serde_json::json!({ "id": "m3", "type_name": "Входящее" }));
        assert!(to_new_message(&loose, true, 9).is_none());
    }
}
