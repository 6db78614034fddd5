//! `chats`, `chat_messages` and `chat_events`, write side: every change of a
//! dialog is stored and appended to the property's event sequence in one
//! transaction, so a browser replaying the sequence misses nothing and sees
//! nothing twice.
use super::chat_append::{append_event, lock_property};
use super::chats::{ChatRow, MessageRow, CHAT_SELECT, MESSAGE_SELECT};
use super::{Db, WritePool};
use crate::domain::chat::{ChatEvent, ChatEventKind, MessageState};
use crate::domain::{PropertyId, StaffUserId};
use crate::on_db;

/// What is known of a message's dialog.
#[derive(Debug, Clone, Default)]
pub struct ChatRecord<'a> {
    pub chat_id: &'a str,
    pub title: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub provider_id: Option<&'a str>,
    pub provider_name: Option<&'a str>,
    /// Set when the message says whom the dialog was transferred to.
    pub assigned_to: Option<&'a str>,
}

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub chat: ChatRecord<'a>,
    /// IntellectDialog's id (none yet for a reply being sent).
    pub message_id: Option<&'a str>,
    /// Our key of a reply being sent.
    pub reply_key: Option<&'a str>,
    /// The `marker` IntellectDialog returned: a reply of ours whose answer was lost.
    pub marker: Option<&'a str>,
    pub incoming: bool,
    pub body: &'a str,
    pub employee_id: Option<&'a str>,
    pub staff_user_id: Option<StaffUserId>,
    pub state: MessageState,
    pub is_read: bool,
    pub created_at: i64,
}

/// What storing a message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Known already by IntellectDialog's id.
    Duplicate,
    /// Our own reply, found by its mark, now has IntellectDialog's id (and is
    /// taken as sent when it was sending or failed).
    Adopted { event: Box<ChatEvent> },
    New {
        row_id: i64,
        event: Option<Box<ChatEvent>>,
    },
}

/// A dialog's phone and provider are set once: an event that names others
/// (a forged webhook, say) must not redirect the replies.
const UPSERT_CHAT: &str = "INSERT INTO chats (property_id, chat_id, title, phone, provider_id, \
     provider_name, assigned_to, last_text, last_at) \
     VALUES ($1, $2, COALESCE($3, $4, $2), $4, $5, $6, $7, $8, $9) \
     ON CONFLICT (property_id, chat_id) DO UPDATE SET title = COALESCE($3, chats.title), \
     phone = COALESCE(chats.phone, $4), provider_id = COALESCE(chats.provider_id, $5), \
     provider_name = COALESCE(chats.provider_name, $6), \
     assigned_to = CASE WHEN $9 >= chats.last_at THEN COALESCE($7, chats.assigned_to) \
     ELSE chats.assigned_to END, \
     last_text = CASE WHEN $9 >= chats.last_at THEN $8 ELSE chats.last_text END, \
     last_at = CASE WHEN $9 >= chats.last_at THEN $9 ELSE chats.last_at END";

/// Stores what is known of a dialog without a message (the API's chat list).
pub async fn upsert_chat(
    db: &Db,
    property_id: PropertyId,
    chat: &ChatRecord<'_>,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO chats (property_id, chat_id, title, phone, provider_id, \
         provider_name, assigned_to) VALUES ($1, $2, COALESCE($3, $4, $2), $4, $5, $6, $7) \
         ON CONFLICT (property_id, chat_id) DO UPDATE SET title = COALESCE($3, chats.title), \
         phone = COALESCE($4, chats.phone), provider_id = COALESCE($5, chats.provider_id), \
         provider_name = COALESCE($6, chats.provider_name), \
         assigned_to = COALESCE($7, chats.assigned_to)";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(chat.chat_id)
        .bind(chat.title)
        .bind(chat.phone)
        .bind(chat.provider_id)
        .bind(chat.provider_name)
        .bind(chat.assigned_to)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Stores a message once (by IntellectDialog's id, or by our reply's mark)
/// and, when `announce`, appends it to the event sequence.
pub async fn record(
    db: &Db,
    property_id: PropertyId,
    message: &NewMessage<'_>,
    announce: bool,
    now: i64,
) -> sqlx::Result<Stored> {
    const KNOWN: &str = "SELECT id FROM chat_messages WHERE property_id = $1 AND message_id = $2";
    const ADOPT: &str = "UPDATE chat_messages SET message_id = $3, \
         state = CASE WHEN state IN ('sending', 'failed') THEN 'sent' ELSE state END, \
         error = CASE WHEN state IN ('sending', 'failed') THEN NULL ELSE error END \
         WHERE property_id = $1 AND reply_key = $2 AND message_id IS NULL RETURNING id, chat_id";
    const INSERT: &str = "INSERT INTO chat_messages (property_id, chat_id, message_id, reply_key, \
         incoming, body, employee_id, staff_user_id, state, is_read, created_at, attempted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
    let attempted_at = (message.state == MessageState::Sending).then_some(now);
    let chat = &message.chat;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        lock_property!(pool, tx, property_id);
        if let Some(message_id) = message.message_id {
            let known: Option<i64> = sqlx::query_scalar(KNOWN)
                .bind(property_id).bind(message_id).fetch_optional(&mut *tx).await?;
            if known.is_some() {
                tx.commit().await?;
                return Ok(Stored::Duplicate);
            }
            let adopted: Option<(i64, String)> = match message.marker {
                Some(marker) => sqlx::query_as(ADOPT)
                    .bind(property_id).bind(marker).bind(message_id)
                    .fetch_optional(&mut *tx).await?,
                None => None,
            };
            if let Some((row_id, chat_id)) = adopted {
                let event = append_event!(pool, tx, property_id, &chat_id, ChatEventKind::Status, Some(row_id), now);
                tx.commit().await?;
                return Ok(Stored::Adopted { event: Box::new(event) });
            }
        }
        sqlx::query(UPSERT_CHAT)
            .bind(property_id).bind(chat.chat_id).bind(chat.title).bind(chat.phone)
            .bind(chat.provider_id).bind(chat.provider_name).bind(chat.assigned_to)
            .bind(message.body).bind(message.created_at)
            .execute(&mut *tx).await?;
        let row_id: i64 = sqlx::query_scalar(INSERT)
            .bind(property_id).bind(chat.chat_id).bind(message.message_id).bind(message.reply_key)
            .bind(message.incoming).bind(message.body).bind(message.employee_id)
            .bind(message.staff_user_id).bind(message.state.as_str()).bind(message.is_read)
            .bind(message.created_at).bind(attempted_at)
            .fetch_one(&mut *tx).await?;
        let event = if announce {
            Some(Box::new(append_event!(pool, tx, property_id, chat.chat_id, ChatEventKind::Message, Some(row_id), now)))
        } else {
            None
        };
        tx.commit().await?;
        Ok(Stored::New { row_id, event })
    })
}

/// Which message a state change is about.
#[derive(Debug, Clone, Copy)]
pub enum MessageKey<'a> {
    Row(i64),
    MessageId(&'a str),
    /// Our reply's key (its `mark`).
    ReplyKey(&'a str),
}

/// Moves a reply to `next` (with IntellectDialog's id once known, and the
/// reason of a failure) if [`MessageState::may_become`] allows it; returns
/// the event, or `None` when nothing changed.
pub async fn set_state(
    db: &Db,
    property_id: PropertyId,
    key: MessageKey<'_>,
    next: MessageState,
    message_id: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> sqlx::Result<Option<ChatEvent>> {
    const UPDATE: &str = "UPDATE chat_messages SET state = $2, error = $3, \
         message_id = COALESCE($4, message_id), \
         attempted_at = CASE WHEN $2 = 'sending' THEN $5 ELSE attempted_at END WHERE id = $1";
    let by_row = format!("{MESSAGE_SELECT} WHERE property_id = $1 AND id = $2");
    let by_id = format!("{MESSAGE_SELECT} WHERE property_id = $1 AND message_id = $2");
    let by_key = format!("{MESSAGE_SELECT} WHERE property_id = $1 AND reply_key = $2");
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        lock_property!(pool, tx, property_id);
        let row: Option<MessageRow> = match key {
            MessageKey::Row(id) => sqlx::query_as(&by_row)
                .bind(property_id).bind(id).fetch_optional(&mut *tx).await?,
            MessageKey::MessageId(id) => sqlx::query_as(&by_id)
                .bind(property_id).bind(id).fetch_optional(&mut *tx).await?,
            MessageKey::ReplyKey(key) => sqlx::query_as(&by_key)
                .bind(property_id).bind(key).fetch_optional(&mut *tx).await?,
        };
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(None);
        };
        let current = MessageState::parse(&row.state).unwrap_or(MessageState::Received);
        if !current.may_become(next) {
            tx.rollback().await?;
            return Ok(None);
        }
        sqlx::query(UPDATE)
            .bind(row.id).bind(next.as_str()).bind(error).bind(message_id).bind(now)
            .execute(&mut *tx).await?;
        let event = append_event!(pool, tx, property_id, &row.chat_id, ChatEventKind::Status, Some(row.id), now);
        tx.commit().await?;
        Ok(Some(event))
    })
}

/// Who a reply is sent as, when a retry comes from another user.
pub async fn set_author(
    db: &Db,
    property_id: PropertyId,
    row_id: i64,
    employee_id: &str,
    staff_user_id: StaffUserId,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE chat_messages SET employee_id = $3, staff_user_id = $4 \
         WHERE property_id = $1 AND id = $2";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(row_id)
        .bind(employee_id)
        .bind(staff_user_id)
        .execute(pool)
        .await
        .map(|_| ()))
}
