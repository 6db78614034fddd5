//! Replying to a guest: stored as "sending" and announced at once, sent
//! through IntellectDialog on behalf of the mapped employee with our own
//! key as `mark`, then "sent" or "failed"; a retry resends exactly once, and
//! not at all when IntellectDialog turns out to have the message already.
use super::access::{require_agent, Agent};
use super::thread::visible_chat;
use crate::domain::chat::{ChatMessageView, MessageState, MAX_REPLY_CHARS};
use crate::domain::PropertyId;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::chat_store::{self, ChatRecord, MessageKey, NewMessage, Stored};
use crate::ssr::db::chats::{self, ChatRow, MessageRow};
use crate::ssr::integration::{client_for, explain};
use crate::ssr::intellectdialog::conversations::{Direction, MessageFilter, SendMessage};
use crate::ssr::intellectdialog::ApiError;
use crate::ssr::AppState;
use rand::RngCore;

/// Why a reply failed, as the UI names it.
fn failure_code(error: &ApiError) -> &'static str {
    match error {
        ApiError::InvalidRecipient { .. } => "recipient",
        ApiError::RateLimited { .. } => "rate_limited",
        ApiError::Transient { .. } => "unreachable",
        ApiError::Unauthorized { .. } => "key",
        ApiError::ProviderUnavailable { .. } => "provider",
        ApiError::NotFound { .. } | ApiError::Other { .. } => "refused",
    }
}

fn checked_text(text: &str) -> Result<&str, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("text", FieldProblem::Required));
    }
    if text.chars().count() > MAX_REPLY_CHARS {
        return Err(AppError::invalid("text", FieldProblem::TooLong));
    }
    Ok(text)
}

fn new_reply_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn view(
    state: &AppState,
    property_id: PropertyId,
    row_id: i64,
) -> Result<ChatMessageView, AppError> {
    Ok(chats::message(&state.db, property_id, row_id)
        .await?
        .ok_or(AppError::NotFound)?
        .view())
}

/// Sends a reply into a dialog the user may see.
pub async fn send(
    state: &AppState,
    user: CurrentUser,
    chat_id: &str,
    text: &str,
    now: i64,
) -> Result<ChatMessageView, AppError> {
    let text = checked_text(text)?;
    let agent = require_agent(state, user).await?;
    agent.require_writable()?;
    let chat = visible_chat(state, &agent, chat_id).await?;
    if chat.phone.is_none() || chat.provider_id.is_none() {
        return Err(AppError::invalid("chat", FieldProblem::Unsupported));
    }
    let key = new_reply_key();
    let stored = chat_store::record(
        &state.db,
        agent.property_id,
        &NewMessage {
            chat: ChatRecord {
                chat_id,
                ..ChatRecord::default()
            },
            message_id: None,
            reply_key: Some(&key),
            marker: None,
            incoming: false,
            body: text,
            employee_id: Some(&agent.employee.employee_id),
            staff_user_id: Some(agent.staff_user_id),
            state: MessageState::Sending,
            is_read: true,
            created_at: now,
        },
        true,
        now,
    )
    .await?;
    let Stored::New { row_id, .. } = stored else {
        return Err(AppError::Internal);
    };
    state.chat_hub.wake(agent.property_id);
    deliver(state, &agent, &chat, row_id, &key, text, now).await?;
    view(state, agent.property_id, row_id).await
}

/// Sends a failed reply again, once — unless IntellectDialog turns out to
/// have it already (an earlier answer was lost), which only marks it sent.
pub async fn retry(
    state: &AppState,
    user: CurrentUser,
    row_id: i64,
    now: i64,
) -> Result<ChatMessageView, AppError> {
    let agent = require_agent(state, user).await?;
    agent.require_writable()?;
    let row = chats::message(&state.db, agent.property_id, row_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let chat = visible_chat(state, &agent, &row.chat_id).await?;
    let key = row
        .reply_key
        .clone()
        .ok_or_else(|| AppError::invalid("message", FieldProblem::Unsupported))?;
    if row.state != MessageState::Failed.as_str() {
        // Already retried (another tab, a double click): nothing to do.
        return Ok(row.view());
    }
    let arrived = match &row.message_id {
        Some(message_id) => Some(message_id.clone()),
        None => already_there(state, &agent, &row, &key).await?,
    };
    if let Some(message_id) = arrived {
        let moved = chat_store::set_state(
            &state.db,
            agent.property_id,
            MessageKey::Row(row_id),
            MessageState::Sent,
            Some(&message_id),
            None,
            now,
        )
        .await?;
        if moved.is_some() {
            state.chat_hub.wake(agent.property_id);
        }
        return view(state, agent.property_id, row_id).await;
    }
    let claimed = chat_store::set_state(
        &state.db,
        agent.property_id,
        MessageKey::Row(row_id),
        MessageState::Sending,
        None,
        None,
        now,
    )
    .await?;
    if claimed.is_none() {
        return view(state, agent.property_id, row_id).await;
    }
    state.chat_hub.wake(agent.property_id);
    // It leaves as whoever retries it.
    chat_store::set_author(
        &state.db,
        agent.property_id,
        row_id,
        &agent.employee.employee_id,
        agent.staff_user_id,
    )
    .await?;
    deliver(state, &agent, &chat, row_id, &key, &row.body, now).await?;
    view(state, agent.property_id, row_id).await
}

/// IntellectDialog's id of the reply when an earlier attempt did reach it
/// (its answer was lost): found by our mark among the dialog's recent
/// replies. When IntellectDialog cannot be asked, nothing is resent.
async fn already_there(
    state: &AppState,
    agent: &Agent,
    row: &MessageRow,
    key: &str,
) -> Result<Option<String>, AppError> {
    let client = client_for(state, &agent.integration)?;
    let filter = MessageFilter {
        chat_id: Some(row.chat_id.clone()),
        direction: Some(Direction::ToClient),
        created_after: Some(crate::ssr::intellectdialog::conversations::api_time(
            row.created_at - 60_000,
        )),
        limit: Some(500),
        ..MessageFilter::default()
    };
    let page = client.messages(&filter).await.map_err(explain)?;
    Ok(page
        .items
        .into_iter()
        .find(|message| message.marker.as_deref() == Some(key))
        .map(|message| message.id))
}

/// One `POST messages`; the outcome is stored and announced.
async fn deliver(
    state: &AppState,
    agent: &Agent,
    chat: &ChatRow,
    row_id: i64,
    key: &str,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    let client = client_for(state, &agent.integration)?;
    let message = SendMessage {
        provider_id: chat.provider_id.clone().unwrap_or_default(),
        phone: chat.phone.clone().unwrap_or_default(),
        text: text.to_owned(),
        mark: Some(key.to_owned()),
        employee_id: Some(agent.employee.employee_id.clone()),
    };
    let (next, message_id, error) = match client.send_message(&message).await {
        Ok(result) => (
            MessageState::Sent,
            result.message_id.filter(|id| !id.is_empty()),
            None,
        ),
        Err(error) => {
            tracing::warn!(%error, "a reply could not be sent");
            (MessageState::Failed, None, Some(failure_code(&error)))
        }
    };
    let event = chat_store::set_state(
        &state.db,
        agent.property_id,
        MessageKey::Row(row_id),
        next,
        message_id.as_deref(),
        error,
        now,
    )
    .await?;
    if event.is_some() {
        state.chat_hub.wake(agent.property_id);
    }
    Ok(())
}
