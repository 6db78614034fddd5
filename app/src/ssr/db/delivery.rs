//! Step 6 and the queue's size: delivery reports move dispatches forward.
use super::Db;
use crate::domain::{DeliveryOutcome, DispatchReason, DispatchState, FailureReason, PropertyId};
use crate::on_db;

/// A delivery report for one property: moves its dispatch forward (never
/// backwards, see [`DispatchState::after`]), found by message id or — when
/// the report outran the recording of "sent" — by its dispatch key
/// (`marker`). `detail` is IntellectDialog's own words when it failed. True
/// when one moved.
pub async fn track(
    db: &Db,
    property_id: PropertyId,
    (message_id, marker): (&str, Option<&str>),
    outcome: DeliveryOutcome,
    detail: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE dispatches SET state = $3, message_id = COALESCE(message_id, $2), \
         sent_at = COALESCE(sent_at, $4), \
         delivered_at = CASE WHEN $5 THEN COALESCE(delivered_at, $4) ELSE delivered_at END, \
         read_at = CASE WHEN $6 THEN $4 ELSE read_at END, \
         reason = $7, reason_data = NULL, reason_detail = $8, \
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $4 \
         WHERE property_id = $1 AND (message_id = $2 OR (message_id IS NULL AND dispatch_key = $9)) \
         AND state IN ($10, $11, $12)";
    let from = outcome.moves_from();
    let from_state = |index: usize| from.get(index).copied().unwrap_or(from[0]);
    let failed = outcome == DeliveryOutcome::Failed;
    let code = failed.then(|| {
        DispatchReason::from(FailureReason::NotDelivered)
            .to_columns()
            .0
    });
    let reached = matches!(outcome, DeliveryOutcome::Delivered | DeliveryOutcome::Read);
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(message_id).bind(outcome.state()).bind(now)
        .bind(reached).bind(outcome == DeliveryOutcome::Read).bind(code.as_deref())
        .bind(detail.filter(|_| failed)).bind(marker.unwrap_or("")).bind(from_state(0)).bind(from_state(1))
        .bind(from_state(2)).execute(pool).await.map(|done| done.rows_affected() > 0))
}

/// Whether [`track`] would move a dispatch of the property for this report
/// (a plain read: a report about nothing of ours costs no API call).
pub async fn is_tracked(
    db: &Db,
    property_id: PropertyId,
    (message_id, marker): (&str, Option<&str>),
    outcome: DeliveryOutcome,
) -> sqlx::Result<bool> {
    const SQL: &str = "SELECT EXISTS (SELECT 1 FROM dispatches WHERE property_id = $1 \
         AND (message_id = $2 OR (message_id IS NULL AND dispatch_key = $3)) AND state IN ($4, $5, $6))";
    let from = outcome.moves_from();
    let from_state = |index: usize| from.get(index).copied().unwrap_or(from[0]);
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(property_id).bind(message_id)
        .bind(marker.unwrap_or("")).bind(from_state(0)).bind(from_state(1)).bind(from_state(2))
        .fetch_one(pool).await)
}

/// Dispatches planned, and those being sent (or in doubt), across all properties.
pub async fn queue_depth(db: &Db) -> sqlx::Result<(i64, i64)> {
    const SQL: &str = "SELECT COALESCE(SUM(CASE WHEN state = $1 THEN 1 ELSE 0 END), 0), \
                       COALESCE(SUM(CASE WHEN state = $2 THEN 1 ELSE 0 END), 0) FROM dispatches";
    on_db!(db, pool => sqlx::query_as(SQL).bind(DispatchState::Planned).bind(DispatchState::Sending)
        .fetch_one(pool).await)
}
