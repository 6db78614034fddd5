//! Bearer tokens of the PMS REST API: random, shown once, stored as SHA-256.
use super::session::{hash_token, new_token};
use crate::domain::PropertyId;
use crate::ssr::db::{pms_tokens, properties, Db};

/// The prefix that makes a PMS token recognisable in a secret scanner.
pub const PREFIX: &str = "ccpms_";

/// Issues a new token for the property with `external_id`; returns it (the
/// only time it exists outside the PMS) or `None` for an unknown property.
pub async fn issue(
    db: &Db,
    external_id: &str,
    label: &str,
    now: i64,
) -> sqlx::Result<Option<String>> {
    let Some(property) = properties::find_by_external_id(db, external_id).await? else {
        return Ok(None);
    };
    issue_for(db, property.id, label, now).await.map(Some)
}

/// Issues a new token for `property_id`; returns it (shown once).
pub async fn issue_for(
    db: &Db,
    property_id: PropertyId,
    label: &str,
    now: i64,
) -> sqlx::Result<String> {
    let (token, hash) = generate();
    pms_tokens::insert(db, property_id, &hash, label, now).await?;
    Ok(token)
}

/// A new token's value and the hash that is stored of it.
pub fn generate() -> (String, String) {
    let (random, _) = new_token();
    let token = format!("{PREFIX}{random}");
    let hash = hash_token(&token);
    (token, hash)
}

/// Stores a known token (demo data) for a property; idempotent.
pub async fn install(
    db: &Db,
    property_id: PropertyId,
    token: &str,
    label: &str,
    now: i64,
) -> sqlx::Result<()> {
    pms_tokens::insert(db, property_id, &hash_token(token), label, now).await
}

/// The property a presented token belongs to, if it is live.
pub async fn property_of(db: &Db, token: &str, now: i64) -> sqlx::Result<Option<PropertyId>> {
    pms_tokens::property_of(db, &hash_token(token.trim()), now).await
}
