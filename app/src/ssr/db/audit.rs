//! `audit_log`: who did what in a property, and when.
use super::{Db, WriteTx};
use crate::domain::{PropertyId, StaffUserId};
use crate::{on_db, on_tx};

const RECORD: &str = "INSERT INTO audit_log (property_id, staff_user_id, action, detail, at) \
                      VALUES ($1, $2, $3, $4, $5)";

/// Appends one audit entry.
pub async fn record(
    db: &Db,
    property_id: PropertyId,
    staff_user_id: Option<StaffUserId>,
    action: &str,
    detail: &str,
    now: i64,
) -> sqlx::Result<()> {
    on_db!(db, pool => sqlx::query(RECORD)
        .bind(property_id)
        .bind(staff_user_id)
        .bind(action)
        .bind(detail)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Appends one audit entry inside an open write transaction, so it is kept
/// only if the change it records is.
pub async fn record_in(
    tx: &mut WriteTx,
    (property_id, staff_user_id): (PropertyId, Option<StaffUserId>),
    action: &str,
    detail: &str,
    now: i64,
) -> sqlx::Result<()> {
    on_tx!(tx, conn => sqlx::query(RECORD)
        .bind(property_id)
        .bind(staff_user_id)
        .bind(action)
        .bind(detail)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

/// One audit entry with the name of who made it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub at: i64,
    pub action: String,
    pub detail: String,
    pub user_name: Option<String>,
}

/// The property's latest entries whose action starts with `prefix`, newest first.
pub async fn recent(
    db: &Db,
    property_id: PropertyId,
    prefix: &str,
    limit: i64,
) -> sqlx::Result<Vec<AuditRow>> {
    const SQL: &str = "SELECT a.at, a.action, a.detail, u.name AS user_name FROM audit_log a \
                       LEFT JOIN staff_users u ON u.id = a.staff_user_id \
                       WHERE a.property_id = $1 AND a.action LIKE $2 ORDER BY a.at DESC, a.id DESC LIMIT $3";
    on_db!(db, pool => sqlx::query_as(SQL)
        .bind(property_id)
        .bind(format!("{prefix}%"))
        .bind(limit)
        .fetch_all(pool)
        .await)
}
