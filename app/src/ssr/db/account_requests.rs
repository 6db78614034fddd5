//! `account_requests`: requests for an IntellectDialog account and their forwarding.
use super::Db;
use crate::domain::{PropertyId, StaffUserId};
use crate::on_db;

/// A request as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRequestRow {
    pub id: i64,
    pub property_id: PropertyId,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub property_name: String,
    pub comment: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, property_id, contact_name, phone, email, property_name, comment, status, \
                       attempts, next_attempt_at, created_at";

/// A request to store.
pub struct NewAccountRequest<'a> {
    pub property_id: PropertyId,
    pub staff_user_id: StaffUserId,
    pub contact_name: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub property_name: &'a str,
    pub comment: &'a str,
}

/// Stores a request, due for forwarding at once; returns its id.
pub async fn insert(db: &Db, request: &NewAccountRequest<'_>, now: i64) -> sqlx::Result<i64> {
    const SQL: &str =
        "INSERT INTO account_requests (property_id, staff_user_id, contact_name, phone, email, \
                       property_name, comment, status, attempts, next_attempt_at, created_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar(SQL)
        .bind(request.property_id)
        .bind(request.staff_user_id)
        .bind(request.contact_name)
        .bind(request.phone)
        .bind(request.email)
        .bind(request.property_name)
        .bind(request.comment)
        .bind(now)
        .fetch_one(pool)
        .await)
}

/// The property's requests, newest first.
pub async fn list(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<AccountRequestRow>> {
    let sql = format!("SELECT {COLUMNS} FROM account_requests WHERE property_id = $1 ORDER BY created_at DESC, id DESC");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_all(pool).await)
}

/// Requests due for (another) forwarding attempt.
pub async fn due(db: &Db, now: i64, limit: i64) -> sqlx::Result<Vec<AccountRequestRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM account_requests WHERE status <> 'sent' AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at LIMIT $2"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(pool).await)
}

/// Takes a due request for one attempt by moving its next attempt to
/// `lease_until`; false when another instance took it first.
pub async fn claim(
    db: &Db,
    id: i64,
    seen_next_attempt_at: i64,
    lease_until: i64,
) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE account_requests SET next_attempt_at = $3 WHERE id = $1 AND next_attempt_at = $2";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(id)
        .bind(seen_next_attempt_at)
        .bind(lease_until)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Records a successful forwarding.
pub async fn mark_sent(db: &Db, id: i64, now: i64) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE account_requests SET status = 'sent', attempts = attempts + 1, sent_at = $2, \
                       next_attempt_at = NULL, last_error = NULL WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(now).execute(pool).await.map(|_| ()))
}

/// Records a failed attempt and when to try again.
pub async fn mark_failed(db: &Db, id: i64, error: &str, retry_at: i64) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE account_requests SET status = 'failed', attempts = attempts + 1, last_error = $2, \
                       next_attempt_at = $3 WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(error).bind(retry_at).execute(pool).await.map(|_| ()))
}
