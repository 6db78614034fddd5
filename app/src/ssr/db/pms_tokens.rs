//! `pms_tokens`: bearer tokens of the PMS REST API, one or more per property,
//! stored as SHA-256 hashes.
use super::{Db, WriteTx};
use crate::domain::PropertyId;
use crate::{on_db, on_tx};

/// Stores a token's hash for a property.
pub async fn insert(
    db: &Db,
    property_id: PropertyId,
    token_hash: &str,
    label: &str,
    now: i64,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO pms_tokens (property_id, token_hash, label, created_at) \
                       VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO NOTHING";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(token_hash)
        .bind(label)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Stores a token's hash under `label` inside `tx`, unless the property has
/// a live token with that label (false then). The caller holds the
/// property's token lock.
pub async fn insert_labelled(
    tx: &mut WriteTx,
    property_id: PropertyId,
    token_hash: &str,
    label: &str,
    now: i64,
) -> sqlx::Result<bool> {
    const TAKEN: &str = "SELECT COUNT(*) FROM pms_tokens \
                         WHERE property_id = $1 AND label = $2 AND revoked_at IS NULL";
    const SQL: &str = "INSERT INTO pms_tokens (property_id, token_hash, label, created_at) \
                       VALUES ($1, $2, $3, $4)";
    let taken: i64 = on_tx!(tx, conn => sqlx::query_scalar(TAKEN).bind(property_id).bind(label)
        .fetch_one(&mut *conn).await)?;
    if taken > 0 {
        return Ok(false);
    }
    on_tx!(tx, conn => sqlx::query(SQL).bind(property_id).bind(token_hash).bind(label).bind(now)
        .execute(&mut *conn).await.map(|_| true))
}

/// The property a live (not revoked) token belongs to; notes its use.
pub async fn property_of(db: &Db, token_hash: &str, now: i64) -> sqlx::Result<Option<PropertyId>> {
    const SQL: &str = "UPDATE pms_tokens SET last_used_at = $2 \
                       WHERE token_hash = $1 AND revoked_at IS NULL RETURNING property_id";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(token_hash).bind(now).fetch_optional(pool).await)
}

/// Revokes every token of a property with `label`; returns how many.
pub async fn revoke(db: &Db, property_id: PropertyId, label: &str, now: i64) -> sqlx::Result<u64> {
    const SQL: &str = "UPDATE pms_tokens SET revoked_at = $3 \
                       WHERE property_id = $1 AND label = $2 AND revoked_at IS NULL";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(property_id)
        .bind(label)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
}

/// A live token as its property's administrators see it (never the token).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PmsTokenRow {
    pub id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// The property's live tokens, newest first.
pub async fn list(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<PmsTokenRow>> {
    const SQL: &str = "SELECT id, label, created_at, last_used_at FROM pms_tokens \
                       WHERE property_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).fetch_all(pool).await)
}

/// Revokes the property's live token `id` inside `tx`; its label when
/// there was one.
pub async fn revoke_id(
    tx: &mut WriteTx,
    property_id: PropertyId,
    id: i64,
    now: i64,
) -> sqlx::Result<Option<String>> {
    const SQL: &str = "UPDATE pms_tokens SET revoked_at = $3 \
                       WHERE property_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING label";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(property_id)
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await)
}
