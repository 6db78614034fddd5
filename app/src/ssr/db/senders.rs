//! `senders`: one row per number (property × provider) with its throttle,
//! its sending policy, its warm-up start and whether it paused itself; and
//! the number's sends (dispatches that may have left), which the caps count.
use super::plan_store::policy_of;
use super::rows::stored;
use super::{Db, WriteTx};
use crate::domain::sender::PauseReason;
use crate::domain::sender_policy::SendingPolicy;
use crate::domain::{DispatchState, PropertyId};
use crate::{from_both_rows, on_db, on_tx};

/// A number as stored.
#[derive(Debug, Clone, Default)]
pub struct SenderRow {
    pub property_id: PropertyId,
    pub provider_id: String,
    pub next_allowed_at: i64,
    pub policy: SendingPolicy,
    pub first_sent_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub pause: Option<PauseReason>,
    pub pause_detail: Option<String>,
    pub resumed_at: Option<i64>,
    pub rate_limit_streak: i64,
}

pub const COLUMNS: &str = "property_id, provider_id, next_allowed_at, policy, first_sent_at, \
     paused_at, pause_reason, pause_data, pause_detail, resumed_at, rate_limit_streak";

from_both_rows!(SenderRow, |row| {
    let property_id: PropertyId = row.try_get("property_id")?;
    let provider_id: String = row.try_get("provider_id")?;
    let code: Option<String> = row.try_get("pause_reason")?;
    let data: Option<String> = row.try_get("pause_data")?;
    let where_ = format!("{property_id}/{provider_id}");
    let pause = match code {
        Some(code) => Some(stored(
            PauseReason::from_columns(&code, data.as_deref()),
            "senders",
            &where_,
            "pause_reason",
        )?),
        None => None,
    };
    let policy: String = row.try_get("policy")?;
    Ok(SenderRow {
        policy: policy_of(Some(&policy), property_id)?,
        property_id,
        provider_id,
        next_allowed_at: row.try_get("next_allowed_at")?,
        first_sent_at: row.try_get("first_sent_at")?,
        paused_at: row.try_get("paused_at")?,
        pause,
        pause_detail: row.try_get("pause_detail")?,
        resumed_at: row.try_get("resumed_at")?,
        rate_limit_streak: row.try_get("rate_limit_streak")?,
    })
});

const ENSURE: &str = "INSERT INTO senders (property_id, provider_id) VALUES ($1, $2) \
                      ON CONFLICT (property_id, provider_id) DO NOTHING";

/// The number's row, if it ever sent or was configured.
pub async fn find(
    db: &Db,
    property_id: PropertyId,
    provider_id: &str,
) -> sqlx::Result<Option<SenderRow>> {
    let sql = format!("SELECT {COLUMNS} FROM senders WHERE property_id = $1 AND provider_id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(provider_id).fetch_optional(pool).await)
}

/// The same inside a write transaction, creating the row when missing.
pub async fn ensure_in(
    tx: &mut WriteTx,
    property_id: PropertyId,
    provider_id: &str,
) -> sqlx::Result<SenderRow> {
    let sql = format!("SELECT {COLUMNS} FROM senders WHERE property_id = $1 AND provider_id = $2");
    on_tx!(tx, conn => {
        sqlx::query(ENSURE).bind(property_id).bind(provider_id).execute(&mut *conn).await?;
        sqlx::query_as(&sql).bind(property_id).bind(provider_id).fetch_one(&mut *conn).await
    })
}

/// Every number of a property that has a row.
pub async fn of_property(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<SenderRow>> {
    let sql = format!("SELECT {COLUMNS} FROM senders WHERE property_id = $1 ORDER BY provider_id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_all(pool).await)
}

/// Numbers that are not paused and sent something after `since`.
pub async fn recently_sending(db: &Db, since: i64) -> sqlx::Result<Vec<SenderRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM senders s WHERE s.paused_at IS NULL AND EXISTS (SELECT 1 FROM dispatches d \
         WHERE d.property_id = s.property_id AND d.provider_id = s.provider_id AND d.sending_at > $1)"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(since).fetch_all(pool).await)
}

/// Stores the number's policy (in the caller's transaction).
pub async fn save_policy(
    tx: &mut WriteTx,
    property_id: PropertyId,
    provider_id: &str,
    policy: &SendingPolicy,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE senders SET policy = $3 WHERE property_id = $1 AND provider_id = $2";
    let json = serde_json::to_string(policy).unwrap_or_default();
    on_tx!(tx, conn => {
        sqlx::query(ENSURE).bind(property_id).bind(provider_id).execute(&mut *conn).await?;
        sqlx::query(SQL).bind(property_id).bind(provider_id).bind(json).execute(&mut *conn).await.map(|_| ())
    })
}

/// Pauses the number unless it is paused already; true when this call paused it.
pub async fn pause(
    db: &Db,
    (property_id, provider_id): (PropertyId, &str),
    reason: PauseReason,
    detail: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE senders SET paused_at = $3, pause_reason = $4, pause_data = $5, \
         pause_detail = $6 WHERE property_id = $1 AND provider_id = $2 AND paused_at IS NULL";
    let (code, data) = reason.to_columns();
    on_db!(db, pool => {
        sqlx::query(ENSURE).bind(property_id).bind(provider_id).execute(pool).await?;
        sqlx::query(SQL).bind(property_id).bind(provider_id).bind(now).bind(code).bind(data).bind(detail)
            .execute(pool).await.map(|done| done.rows_affected() == 1)
    })
}

/// Resumes a paused number (in the caller's transaction): what was sent
/// before now no longer counts towards a pause. True when it was paused.
pub async fn resume(
    tx: &mut WriteTx,
    property_id: PropertyId,
    provider_id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE senders SET paused_at = NULL, pause_reason = NULL, pause_data = NULL, \
         pause_detail = NULL, resumed_at = $3, rate_limit_streak = 0 \
         WHERE property_id = $1 AND provider_id = $2 AND paused_at IS NOT NULL";
    on_tx!(tx, conn => sqlx::query(SQL).bind(property_id).bind(provider_id).bind(now)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

/// One more 429 in a row; the run's length now.
pub async fn note_rate_limited(
    db: &Db,
    property_id: PropertyId,
    provider_id: &str,
) -> sqlx::Result<i64> {
    const SQL: &str = "UPDATE senders SET rate_limit_streak = rate_limit_streak + 1 \
         WHERE property_id = $1 AND provider_id = $2 RETURNING rate_limit_streak";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(property_id).bind(provider_id)
        .fetch_optional(pool).await.map(Option::unwrap_or_default))
}

/// A message left: the run of 429s is over.
pub async fn clear_rate_limited(
    db: &Db,
    property_id: PropertyId,
    provider_id: &str,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE senders SET rate_limit_streak = 0 \
         WHERE property_id = $1 AND provider_id = $2 AND rate_limit_streak <> 0";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(provider_id).execute(pool).await.map(|_| ()))
}

/// The states of a dispatch whose message may have left (a send the caps count).
const LEFT: &str = "(d.state IN ($4, $5, $6, $7) OR (d.state = $8 AND d.sent_at IS NOT NULL))";

/// The number's sends from `$3` on: when their attempts started, ascending.
fn sends_sql() -> String {
    format!(
        "SELECT d.sending_at FROM dispatches d WHERE d.property_id = $1 AND d.provider_id = $2 \
         AND d.sending_at >= $3 AND {LEFT} ORDER BY d.sending_at"
    )
}

/// When the number's messages left (their attempts' start), from `since` on, ascending.
pub async fn sends_since(
    tx: &mut WriteTx,
    property_id: PropertyId,
    provider_id: &str,
    since: i64,
) -> sqlx::Result<Vec<i64>> {
    let sql = sends_sql();
    on_tx!(tx, conn => bind_left(sqlx::query_scalar(&sql).bind(property_id).bind(provider_id).bind(since))
        .fetch_all(&mut *conn).await)
}

/// The same outside a transaction (the panel and the forecast).
pub async fn sends_since_db(
    db: &Db,
    property_id: PropertyId,
    provider_id: &str,
    since: i64,
) -> sqlx::Result<Vec<i64>> {
    let sql = sends_sql();
    on_db!(db, pool => bind_left(sqlx::query_scalar(&sql).bind(property_id).bind(provider_id).bind(since))
        .fetch_all(pool).await)
}

/// Binds `$4`–`$8` of [`LEFT`].
fn bind_left<'q, DB: sqlx::Database, O>(
    query: sqlx::query::QueryScalar<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>,
) -> sqlx::query::QueryScalar<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
where
    DispatchState: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    query
        .bind(DispatchState::Sending)
        .bind(DispatchState::Sent)
        .bind(DispatchState::Delivered)
        .bind(DispatchState::Read)
        .bind(DispatchState::Failed)
}

/// What became of the number's recent messages: (sent_at, still only "sent"),
/// for messages sent after `after` and at or before `until`, newest first.
pub async fn recent_deliveries(
    db: &Db,
    (property_id, provider_id): (PropertyId, &str),
    after: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, bool)>> {
    const SQL: &str = "SELECT sent_at, state = $5 FROM dispatches WHERE property_id = $1 \
         AND provider_id = $2 AND sent_at > $3 AND sent_at <= $4 ORDER BY sent_at DESC LIMIT $6";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).bind(provider_id).bind(after).bind(until)
        .bind(DispatchState::Sent).bind(limit).fetch_all(pool).await)
}
