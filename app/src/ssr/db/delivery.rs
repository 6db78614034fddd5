//! Step 6 and the queue's size: delivery reports move dispatches forward.
use super::Db;
use crate::on_db;

/// A delivery report for one property: moves its dispatch forward (never
/// backwards), found by message id or — when the report outran the
/// recording of "sent" — by its dispatch key (`marker`). True when one moved.
pub async fn track(
    db: &Db,
    property_id: i64,
    message_id: &str,
    marker: Option<&str>,
    state: &str,
    reason: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE dispatches SET state = $3, message_id = COALESCE(message_id, $2), \
         sent_at = COALESCE(sent_at, $4), \
         delivered_at = CASE WHEN $3 IN ('delivered', 'read') THEN COALESCE(delivered_at, $4) ELSE delivered_at END, \
         read_at = CASE WHEN $3 = 'read' THEN $4 ELSE read_at END, reason = COALESCE($5, reason), \
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $4 \
         WHERE property_id = $1 AND (message_id = $2 OR (message_id IS NULL AND dispatch_key = $6)) \
         AND ((state IN ('sending', 'sent') AND $3 IN ('delivered', 'read', 'failed')) \
         OR (state = 'delivered' AND $3 = 'read'))";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(message_id).bind(state).bind(now).bind(reason)
        .bind(marker.unwrap_or("")).execute(pool).await.map(|done| done.rows_affected() > 0))
}

/// Dispatches planned, and those being sent (or in doubt), across all properties.
pub async fn queue_depth(db: &Db) -> sqlx::Result<(i64, i64)> {
    const SQL: &str = "SELECT COALESCE(SUM(CASE WHEN state = 'planned' THEN 1 ELSE 0 END), 0), \
                       COALESCE(SUM(CASE WHEN state = 'sending' THEN 1 ELSE 0 END), 0) FROM dispatches";
    on_db!(db, pool => sqlx::query_as(SQL).fetch_one(pool).await)
}
