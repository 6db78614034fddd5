//! IntellectDialog's chat events (webhooks): a message is stored once and
//! announced; a reply's status moves it on.
use super::convert::to_new_message;
use crate::domain::chat::MessageState;
use crate::domain::PropertyId;
use crate::ssr::db::chat_store::{self, MessageKey, Stored};
use crate::ssr::intellectdialog::model::Message;
use crate::ssr::intellectdialog::webhook::DeliveryStatus;
use crate::ssr::AppState;

/// Stores a `new_message`; true when it was new (a repeat changes nothing).
pub async fn new_message(
    state: &AppState,
    property_id: PropertyId,
    message: &Message,
    now: i64,
) -> sqlx::Result<bool> {
    let Some(new) = to_new_message(message, true, now) else {
        tracing::warn!(%property_id, "a new_message without a chat ignored");
        return Ok(false);
    };
    let stored = chat_store::record(&state.db, property_id, &new, true, now).await?;
    let fresh = matches!(stored, Stored::New { .. } | Stored::Adopted { .. });
    if fresh {
        state.chat_hub.wake(property_id);
        check_opt_out(state, property_id, &new, message, now).await;
    }
    Ok(fresh)
}

/// A new guest message that is only a stop word records the guest's
/// opt-out (whether it came by webhook or by reconciling with IntellectDialog).
pub(super) async fn check_opt_out(
    state: &AppState,
    property_id: PropertyId,
    new: &crate::ssr::db::chat_store::NewMessage<'_>,
    message: &Message,
    now: i64,
) {
    if !new.incoming {
        return;
    }
    let guest = (new.chat.phone, message.person_id.as_deref());
    let opt_out = crate::ssr::opt_out::on_guest_message(state, property_id, guest, new.body, now);
    // The message is stored either way; a repeat of it would not be new.
    if let Err(error) = opt_out.await {
        tracing::error!(%error, %property_id, "recording a guest's opt-out failed");
    }
}

/// Applies a `new_status` (or `new_error`) to a reply, found by
/// IntellectDialog's id or, when it outran the send's answer, by our mark.
pub async fn new_status(
    state: &AppState,
    property_id: PropertyId,
    message_id: &str,
    marker: Option<&str>,
    status: DeliveryStatus,
    now: i64,
) -> sqlx::Result<bool> {
    if !crate::ssr::db::chat_dialogs::knows_message(&state.db, property_id, message_id, marker)
        .await?
    {
        return Ok(false);
    }
    let (next, error) = match status {
        DeliveryStatus::Sent => (MessageState::Sent, None),
        DeliveryStatus::Delivered => (MessageState::Delivered, None),
        DeliveryStatus::Read => (MessageState::Read, None),
        DeliveryStatus::Failed => (MessageState::Failed, Some("undelivered")),
    };
    let mut event = chat_store::set_state(
        &state.db,
        property_id,
        MessageKey::MessageId(message_id),
        next,
        None,
        error,
        now,
    )
    .await?;
    if let (None, Some(marker)) = (&event, marker) {
        event = chat_store::set_state(
            &state.db,
            property_id,
            MessageKey::ReplyKey(marker),
            next,
            Some(message_id),
            error,
            now,
        )
        .await?;
    }
    if event.is_some() {
        state.chat_hub.wake(property_id);
    }
    Ok(event.is_some())
}
