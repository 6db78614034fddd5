//! `launch_nonces`: the `jti` of every accepted launch token until it expires,
//! so a token opens one session only.
use super::Db;
use crate::domain::PropertyId;
use crate::on_db;

/// Records `jti` for the property; false when it was already used.
pub async fn claim(
    db: &Db,
    property_id: PropertyId,
    jti: &str,
    expires_at: i64,
) -> sqlx::Result<bool> {
    const SQL: &str =
        "INSERT INTO launch_nonces (property_id, jti, expires_at) VALUES ($1, $2, $3) \
                       ON CONFLICT (property_id, jti) DO NOTHING";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(jti)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Forgets nonces of tokens that expired before `before` (they cannot be replayed anyway).
pub async fn delete_expired(db: &Db, before: i64) -> sqlx::Result<u64> {
    on_db!(db, pool => sqlx::query("DELETE FROM launch_nonces WHERE expires_at < $1")
        .bind(before)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
}
