//! `mailings`: the three service mailings of a property.
use super::Db;
use crate::on_db;

/// The service mailings activation creates, in the order they are listed.
pub const SERVICE_MAILING_KINDS: [&str; 3] = ["welcome", "feedback", "non_guaranteed"];

/// Creates the property's service mailings that do not exist yet, deactivated.
pub async fn ensure_service_mailings(db: &Db, property_id: i64, now: i64) -> sqlx::Result<()> {
    const SQL: &str =
        "INSERT INTO mailings (property_id, kind, delivery_method, active, created_at) \
                       VALUES ($1, $2, 'whatsapp_web', FALSE, $3) \
                       ON CONFLICT (property_id, kind) DO NOTHING";
    for kind in SERVICE_MAILING_KINDS {
        on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(kind).bind(now).execute(pool).await.map(|_| ()))?;
    }
    Ok(())
}

/// The kinds of mailings the property has.
pub async fn kinds(db: &Db, property_id: i64) -> sqlx::Result<Vec<String>> {
    Ok(super::planning::mailings(db, property_id)
        .await?
        .into_iter()
        .map(|mailing| mailing.kind)
        .collect())
}
