//! `mailings`: the three service mailings of a property.
use super::{Db, WriteTx};
use crate::domain::mailing::{MailingKind, WHATSAPP_WEB};
use crate::domain::PropertyId;
use crate::on_tx;

/// Creates the property's service mailings that do not exist yet, deactivated.
pub async fn ensure_service_mailings(
    db: &Db,
    property_id: PropertyId,
    now: i64,
) -> sqlx::Result<()> {
    let mut tx = db.begin_write().await?;
    ensure_service_mailings_in(&mut tx, property_id, now).await?;
    tx.commit().await
}

/// The same, inside an open write transaction.
pub async fn ensure_service_mailings_in(
    tx: &mut WriteTx,
    property_id: PropertyId,
    now: i64,
) -> sqlx::Result<()> {
    const SQL: &str =
        "INSERT INTO mailings (property_id, kind, delivery_method, active, created_at) \
                       VALUES ($1, $2, $4, FALSE, $3) \
                       ON CONFLICT (property_id, kind) DO NOTHING";
    for kind in MailingKind::ALL {
        on_tx!(tx, conn => sqlx::query(SQL).bind(property_id).bind(kind).bind(now).bind(WHATSAPP_WEB)
            .execute(&mut *conn).await.map(|_| ()))?;
    }
    Ok(())
}

/// The kinds of mailings the property has.
pub async fn kinds(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<MailingKind>> {
    Ok(super::plan_store::mailings(db, property_id)
        .await?
        .into_iter()
        .map(|mailing| mailing.kind)
        .collect())
}
