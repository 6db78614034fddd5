//! Appending to a property's chat event sequence inside a write transaction
//! (the same for both backends, hence macros over the pool's transaction).

pub(super) fn encode(error: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Encode(Box::new(error))
}

/// Appends an event about `$chat_id` (and message row `$row`) inside `$tx`;
/// evaluates to the event.
macro_rules! append_event {
    ($pool:expr, $tx:expr, $property:expr, $chat_id:expr, $kind:expr, $row:expr, $now:expr) => {{
        let chat: ChatRow = sqlx::query_as(&format!("{CHAT_SELECT} AND c.chat_id = $2"))
            .bind($property)
            .bind($chat_id)
            .fetch_one(&mut *$tx)
            .await?;
        let message: Option<MessageRow> = match $row {
            Some(id) => Some(
                sqlx::query_as(&format!("{MESSAGE_SELECT} WHERE id = $1"))
                    .bind(id)
                    .fetch_one(&mut *$tx)
                    .await?,
            ),
            None => None,
        };
        let seq: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM chat_events WHERE property_id = $1",
        )
        .bind($property)
        .fetch_one(&mut *$tx)
        .await?;
        let event = ChatEvent {
            seq,
            kind: $kind,
            chat: chat.summary(),
            message: message.map(|message| message.view()),
        };
        sqlx::query(
            "INSERT INTO chat_events (property_id, seq, chat_id, payload, at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind($property)
        .bind(seq)
        .bind($chat_id)
        .bind(serde_json::to_string(&event).map_err(super::chat_append::encode)?)
        .bind($now)
        .execute(&mut *$tx)
        .await?;
        if let Some(notify) = $pool.notify_sql() {
            sqlx::query(notify)
                .bind($property.to_string())
                .execute(&mut *$tx)
                .await?;
        }
        event
    }};
}

pub(super) use append_event;

/// Serialises a property's event numbering (PostgreSQL; SQLite has one writer).
macro_rules! lock_property {
    ($pool:expr, $tx:expr, $property:expr) => {
        if let Some(lock) = $pool.key_lock_sql() {
            sqlx::query(lock)
                .bind(format!("chat:{}", $property))
                .execute(&mut *$tx)
                .await?;
        }
    };
}

pub(super) use lock_property;
