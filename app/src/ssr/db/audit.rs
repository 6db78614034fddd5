//! `audit_log`: who did what in a property, and when.
use super::Db;
use crate::on_db;

/// Appends one audit entry.
pub async fn record(
    db: &Db,
    property_id: i64,
    staff_user_id: Option<i64>,
    action: &str,
    detail: &str,
    now: i64,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO audit_log (property_id, staff_user_id, action, detail, at) \
                       VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(staff_user_id)
        .bind(action)
        .bind(detail)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}
