//! Dispatches as people look at them: a booking's timeline, a mailing's
//! queue, counters by state, and the sender's slot.
use super::rows::stored;
use super::Db;
use crate::domain::mailing::MailingKind;
use crate::domain::{BookingId, DispatchId, DispatchReason, DispatchState, PropertyId};
use crate::{from_both_rows, on_db};

/// One dispatch of a booking or a mailing.
#[derive(Debug, Clone)]
pub struct DispatchRow {
    pub id: DispatchId,
    pub kind: MailingKind,
    pub number: String,
    pub guest_name: String,
    pub state: DispatchState,
    pub due_at: i64,
    pub next_attempt_at: i64,
    pub deadline_at: Option<i64>,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub read_at: Option<i64>,
    pub reason: Option<DispatchReason>,
    pub detail: Option<String>,
}

from_both_rows!(DispatchRow, |row| {
    let id: DispatchId = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let state: String = row.try_get("state")?;
    let reason: Option<String> = row.try_get("reason")?;
    let data: Option<String> = row.try_get("reason_data")?;
    let reason = match reason {
        Some(code) => Some(stored(
            DispatchReason::from_columns(&code, data.as_deref()),
            "dispatches",
            id,
            "reason",
        )?),
        None => None,
    };
    Ok(DispatchRow {
        id,
        kind: stored(
            MailingKind::from_column(&kind),
            "dispatches",
            id,
            "mailing kind",
        )?,
        state: stored(
            DispatchState::from_column(&state),
            "dispatches",
            id,
            "state",
        )?,
        reason,
        number: row.try_get("number")?,
        guest_name: row.try_get("guest_name")?,
        due_at: row.try_get("due_at")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        deadline_at: row.try_get("deadline_at")?,
        attempts: row.try_get("attempts")?,
        sent_at: row.try_get("sent_at")?,
        delivered_at: row.try_get("delivered_at")?,
        read_at: row.try_get("read_at")?,
        detail: row.try_get("reason_detail")?,
    })
});

const DISPATCH: &str = "SELECT d.id, m.kind, b.number, b.guest_name, d.state, d.due_at, d.next_attempt_at, \
     d.deadline_at, d.attempts, d.sent_at, d.delivered_at, d.read_at, d.reason, d.reason_data, d.reason_detail \
     FROM dispatches d JOIN mailings m ON m.id = d.mailing_id JOIN bookings b ON b.id = d.booking_id";

/// A booking's dispatches, one per mailing.
pub async fn timeline(db: &Db, booking_id: BookingId) -> sqlx::Result<Vec<DispatchRow>> {
    let sql = format!("{DISPATCH} WHERE d.booking_id = $1 ORDER BY m.id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(booking_id).fetch_all(pool).await)
}

/// A mailing's queue: what is planned or in flight first (by time), then the latest others.
pub async fn mailing_queue(
    db: &Db,
    property_id: PropertyId,
    kind: MailingKind,
    limit: i64,
) -> sqlx::Result<Vec<DispatchRow>> {
    let sql = format!(
        "{DISPATCH} WHERE d.property_id = $1 AND m.kind = $2 \
         ORDER BY CASE WHEN d.state IN ($4, $5) THEN 0 ELSE 1 END, \
         CASE WHEN d.state IN ($4, $5) THEN d.next_attempt_at ELSE -d.updated_at END, d.id LIMIT $3"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(kind).bind(limit)
        .bind(DispatchState::Planned).bind(DispatchState::Sending).fetch_all(pool).await)
}

/// The property's planned dispatches that may be claimed before `until`,
/// soonest first (at most `limit`).
pub async fn planned_until(
    db: &Db,
    property_id: PropertyId,
    until: i64,
    limit: i64,
) -> sqlx::Result<Vec<DispatchRow>> {
    let sql = format!(
        "{DISPATCH} WHERE d.property_id = $1 AND d.state = $2 AND d.next_attempt_at < $3 \
         ORDER BY d.next_attempt_at, d.id LIMIT $4"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(DispatchState::Planned).bind(until)
        .bind(limit).fetch_all(pool).await)
}

/// Counts of a property's dispatches by mailing kind and state.
pub async fn counters(
    db: &Db,
    property_id: PropertyId,
) -> sqlx::Result<Vec<(MailingKind, DispatchState, i64)>> {
    const SQL: &str = "SELECT m.kind, d.state, COUNT(*) FROM dispatches d JOIN mailings m ON m.id = d.mailing_id \
                       WHERE d.property_id = $1 GROUP BY m.kind, d.state";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).fetch_all(pool).await)
}

/// The property's sender: next free slot, the local day and its count.
pub async fn sender(
    db: &Db,
    property_id: PropertyId,
    provider_id: &str,
) -> sqlx::Result<Option<(i64, String, i64)>> {
    const SQL: &str = "SELECT next_allowed_at, day, day_count FROM senders WHERE property_id = $1 AND provider_id = $2";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).bind(provider_id).fetch_optional(pool).await)
}
