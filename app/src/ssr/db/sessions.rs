//! `sessions`: signed-in browsers, stored by the SHA-256 of their cookie token.
use super::Db;
use crate::domain::{PropertyId, StaffUserId};
use crate::on_db;

/// A session joined with its user and property, as every request needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub staff_user_id: StaffUserId,
    pub property_id: PropertyId,
    pub expires_at: i64,
    pub user_active: bool,
}

/// Stores a new session.
pub async fn insert(
    db: &Db,
    token_hash: &str,
    staff_user_id: StaffUserId,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO sessions (token_hash, staff_user_id, created_at, expires_at) \
                       VALUES ($1, $2, $3, $4)";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(token_hash)
        .bind(staff_user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Finds the session for a token hash, expired or not (`user_active`:
/// the user and their property are both active).
pub async fn find(db: &Db, token_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    const SQL: &str =
        "SELECT s.staff_user_id, u.property_id, s.expires_at, (u.active AND p.active) AS user_active \
                       FROM sessions s JOIN staff_users u ON u.id = s.staff_user_id \
                       JOIN properties p ON p.id = u.property_id \
                       WHERE s.token_hash = $1";
    on_db!(db, pool => sqlx::query_as(SQL).bind(token_hash).fetch_optional(pool).await)
}

/// Ends one session (sign-out).
pub async fn delete(db: &Db, token_hash: &str) -> sqlx::Result<()> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Removes sessions that expired before `now`.
pub async fn delete_expired(db: &Db, now: i64) -> sqlx::Result<u64> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
}
