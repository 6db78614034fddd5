//! `chats` and `chat_messages`, read side: the dialog list, one dialog, a
//! page of history, and what the API sync remembers.
use super::Db;
use crate::domain::chat::{ChatMessageView, ChatSummary, MessageState};
use crate::domain::PropertyId;
use crate::on_db;

/// A dialog as stored, with its unread count.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChatRow {
    pub chat_id: String,
    pub title: String,
    pub phone: Option<String>,
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    pub assigned_to: Option<String>,
    pub last_text: Option<String>,
    pub last_at: i64,
    pub backfilled: bool,
    pub unread: i64,
}

impl ChatRow {
    pub fn summary(&self) -> ChatSummary {
        ChatSummary {
            chat_id: self.chat_id.clone(),
            title: self.title.clone(),
            phone: self.phone.clone(),
            provider_name: self.provider_name.clone(),
            last_text: self.last_text.clone(),
            last_at: self.last_at,
            unread: self.unread,
            assigned_to: self.assigned_to.clone(),
        }
    }
}

/// `SELECT` of [`ChatRow`]s of property `$1` (add a `WHERE`-continuation).
pub const CHAT_SELECT: &str =
    "SELECT c.chat_id, c.title, c.phone, c.provider_id, c.provider_name, \
     c.assigned_to, c.last_text, c.last_at, c.backfilled, \
     (SELECT COUNT(*) FROM chat_messages m WHERE m.property_id = c.property_id \
      AND m.chat_id = c.chat_id AND m.incoming AND NOT m.is_read) AS unread \
     FROM chats c WHERE c.property_id = $1";

/// A message as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub chat_id: String,
    pub message_id: Option<String>,
    pub reply_key: Option<String>,
    pub incoming: bool,
    pub body: String,
    pub employee_id: Option<String>,
    pub state: String,
    pub error: Option<String>,
    pub created_at: i64,
}

impl MessageRow {
    pub fn view(&self) -> ChatMessageView {
        ChatMessageView {
            id: self.id,
            chat_id: self.chat_id.clone(),
            incoming: self.incoming,
            text: self.body.clone(),
            state: MessageState::parse(&self.state).unwrap_or(MessageState::Received),
            error: self.error.clone(),
            employee_id: self.employee_id.clone(),
            at: self.created_at,
        }
    }
}

/// `SELECT` of [`MessageRow`]s.
pub const MESSAGE_SELECT: &str = "SELECT id, chat_id, message_id, reply_key, incoming, body, \
     employee_id, state, error, created_at FROM chat_messages";

/// Every dialog of the property, the most recent first.
pub async fn list(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<ChatRow>> {
    let sql = format!("{CHAT_SELECT} ORDER BY c.last_at DESC, c.chat_id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_all(pool).await)
}

/// One dialog of the property.
pub async fn find(
    db: &Db,
    property_id: PropertyId,
    chat_id: &str,
) -> sqlx::Result<Option<ChatRow>> {
    let sql = format!("{CHAT_SELECT} AND c.chat_id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(chat_id).fetch_optional(pool).await)
}

/// Where a page of history ends: messages before this (time, row id) come
/// next, in the order they are shown.
pub type Cursor = (i64, i64);

/// Up to `limit` messages of a dialog before `before` (or the newest),
/// oldest first.
pub async fn history(
    db: &Db,
    property_id: PropertyId,
    chat_id: &str,
    before: Option<Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let sql = format!(
        "{MESSAGE_SELECT} WHERE property_id = $1 AND chat_id = $2 \
         AND (created_at < $3 OR (created_at = $3 AND id < $4)) \
         ORDER BY created_at DESC, id DESC LIMIT $5"
    );
    let (at, id) = before.unwrap_or((i64::MAX, i64::MAX));
    let mut rows: Vec<MessageRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(property_id)
        .bind(chat_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
    rows.reverse();
    Ok(rows)
}

/// One message of the property by our row id.
pub async fn message(
    db: &Db,
    property_id: PropertyId,
    id: i64,
) -> sqlx::Result<Option<MessageRow>> {
    let sql = format!("{MESSAGE_SELECT} WHERE property_id = $1 AND id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(id).fetch_optional(pool).await)
}

/// IntellectDialog ids of the dialog's unread guest messages.
pub async fn unread_ids(
    db: &Db,
    property_id: PropertyId,
    chat_id: &str,
) -> sqlx::Result<Vec<String>> {
    const SQL: &str =
        "SELECT message_id FROM chat_messages WHERE property_id = $1 AND chat_id = $2 \
         AND incoming AND NOT is_read AND message_id IS NOT NULL";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(property_id).bind(chat_id).fetch_all(pool).await)
}

/// The dialog's history was read from the API.
pub async fn set_backfilled(db: &Db, property_id: PropertyId, chat_id: &str) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE chats SET backfilled = TRUE WHERE property_id = $1 AND chat_id = $2";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(chat_id).execute(pool).await.map(|_| ()))
}

/// When the property's chats were last read from the API, and the newest
/// message time seen then.
pub async fn sync_state(
    db: &Db,
    property_id: PropertyId,
) -> sqlx::Result<Option<(i64, Option<String>)>> {
    const SQL: &str = "SELECT synced_at, newest FROM chat_sync WHERE property_id = $1";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).fetch_optional(pool).await)
}

/// Takes the property's turn to read the API, unless one was taken within
/// `every` ms (by this or another request or instance); true when taken.
pub async fn claim_sync(
    db: &Db,
    property_id: PropertyId,
    now: i64,
    every: i64,
) -> sqlx::Result<bool> {
    const SQL: &str = "INSERT INTO chat_sync (property_id, synced_at) VALUES ($1, $2) \
         ON CONFLICT (property_id) DO UPDATE SET synced_at = excluded.synced_at \
         WHERE chat_sync.synced_at <= $3 RETURNING property_id";
    let claimed: Option<i64> = on_db!(db, pool => sqlx::query_scalar(SQL)
        .bind(property_id)
        .bind(now)
        .bind(now - every)
        .fetch_optional(pool)
        .await)?;
    Ok(claimed.is_some())
}

/// Gives up a first read that failed, so the next one starts from scratch.
pub async fn forget_sync(db: &Db, property_id: PropertyId) -> sqlx::Result<()> {
    const SQL: &str = "DELETE FROM chat_sync WHERE property_id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).execute(pool).await.map(|_| ()))
}

pub async fn set_sync_state(
    db: &Db,
    property_id: PropertyId,
    synced_at: i64,
    newest: Option<&str>,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO chat_sync (property_id, synced_at, newest) VALUES ($1, $2, $3) \
         ON CONFLICT (property_id) DO UPDATE SET synced_at = excluded.synced_at, \
         newest = COALESCE(excluded.newest, chat_sync.newest)";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(synced_at)
        .bind(newest)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Events after `after`, with the dialog's current assignment (the
/// visibility rule is applied to that), in order.
pub async fn events_after(
    db: &Db,
    property_id: PropertyId,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, String, Option<String>)>> {
    const SQL: &str = "SELECT e.seq, e.payload, c.assigned_to FROM chat_events e \
         JOIN chats c ON c.property_id = e.property_id AND c.chat_id = e.chat_id \
         WHERE e.property_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3";
    on_db!(db, pool => sqlx::query_as(SQL)
        .bind(property_id)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await)
}

/// The last event number of the property (0 before the first).
pub async fn last_seq(db: &Db, property_id: PropertyId) -> sqlx::Result<i64> {
    const SQL: &str = "SELECT COALESCE(MAX(seq), 0) FROM chat_events WHERE property_id = $1";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(property_id).fetch_one(pool).await)
}

/// Forgets events older than `before`, keeping each property's newest one so
/// its numbering goes on (a browser resuming from an old number still gets
/// everything kept after it).
pub async fn purge_events(db: &Db, before: i64) -> sqlx::Result<u64> {
    const SQL: &str = "DELETE FROM chat_events WHERE at < $1 AND seq < \
         (SELECT MAX(newest.seq) FROM chat_events newest WHERE newest.property_id = chat_events.property_id)";
    on_db!(db, pool => sqlx::query(SQL).bind(before).execute(pool).await.map(|done| done.rows_affected()))
}
