//! Changes of a whole dialog — read, transferred — stored and appended to the
//! property's event sequence in one transaction (see `chat_store`).
use super::chat_append::{append_event, lock_property};
use super::chats::{ChatRow, MessageRow, CHAT_SELECT, MESSAGE_SELECT};
use super::{Db, WritePool};
use crate::domain::chat::{ChatEvent, ChatEventKind};
use crate::domain::PropertyId;
use crate::on_db;

/// Marks the dialog's guest messages read; the event when any were unread.
pub async fn mark_read(
    db: &Db,
    property_id: PropertyId,
    chat_id: &str,
    now: i64,
) -> sqlx::Result<Option<ChatEvent>> {
    const SQL: &str = "UPDATE chat_messages SET is_read = TRUE \
         WHERE property_id = $1 AND chat_id = $2 AND incoming AND NOT is_read";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        lock_property!(pool, tx, property_id);
        let changed = sqlx::query(SQL).bind(property_id).bind(chat_id).execute(&mut *tx).await?;
        if changed.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let event = append_event!(pool, tx, property_id, chat_id, ChatEventKind::Read, None::<i64>, now);
        tx.commit().await?;
        Ok(Some(event))
    })
}

/// Records that the dialog was transferred to `target`.
pub async fn transfer(
    db: &Db,
    property_id: PropertyId,
    chat_id: &str,
    target: &str,
    now: i64,
) -> sqlx::Result<Option<ChatEvent>> {
    const SQL: &str = "UPDATE chats SET assigned_to = $3 WHERE property_id = $1 AND chat_id = $2";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        lock_property!(pool, tx, property_id);
        let changed = sqlx::query(SQL)
            .bind(property_id).bind(chat_id).bind(target).execute(&mut *tx).await?;
        if changed.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let event = append_event!(pool, tx, property_id, chat_id, ChatEventKind::Transfer, None::<i64>, now);
        tx.commit().await?;
        Ok(Some(event))
    })
}

/// Replies handed to IntellectDialog before `before` and still "sending"
/// (the process stopped mid-send) become failed, so they can be retried.
pub async fn fail_stale_replies(
    db: &Db,
    property_id: PropertyId,
    before: i64,
    now: i64,
) -> sqlx::Result<Vec<ChatEvent>> {
    const STALE: &str = "SELECT id, chat_id FROM chat_messages WHERE property_id = $1 \
         AND state = 'sending' AND attempted_at < $2";
    const FAIL: &str =
        "UPDATE chat_messages SET state = 'failed', error = 'unreachable' WHERE id = $1";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        lock_property!(pool, tx, property_id);
        let stale: Vec<(i64, String)> = sqlx::query_as(STALE)
            .bind(property_id).bind(before).fetch_all(&mut *tx).await?;
        let mut events = Vec::with_capacity(stale.len());
        for (row_id, chat_id) in stale {
            sqlx::query(FAIL).bind(row_id).execute(&mut *tx).await?;
            events.push(append_event!(pool, tx, property_id, &chat_id, ChatEventKind::Status, Some(row_id), now));
        }
        tx.commit().await?;
        Ok(events)
    })
}

/// Whether any stored message of the property is the one IntellectDialog
/// names (`message_id`) or carries our key (`reply_key`): a plain read, so a
/// report about a message that is not in the chats (a service mailing's)
/// takes no write transaction and no property lock.
pub async fn knows_message(
    db: &Db,
    property_id: PropertyId,
    message_id: &str,
    reply_key: Option<&str>,
) -> sqlx::Result<bool> {
    const SQL: &str = "SELECT EXISTS (SELECT 1 FROM chat_messages WHERE property_id = $1 \
         AND (message_id = $2 OR reply_key = $3))";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(property_id).bind(message_id)
        .bind(reply_key).fetch_one(pool).await)
}
