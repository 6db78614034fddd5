//! `integrations`: one IntellectDialog connection per property, changed only
//! under optimistic locking (`version`).
use super::{Db, WriteTx};
use crate::domain::PropertyId;
use crate::{on_db, on_tx};

/// An integration as stored.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct IntegrationRow {
    pub property_id: PropertyId,
    pub api_key_sealed: Option<String>,
    pub api_key_hint: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub checked_at: Option<i64>,
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    pub provider_type: Option<String>,
    pub send_interval_secs: i64,
    pub active: bool,
    pub activated_at: Option<i64>,
    pub version: i64,
}

/// The interval between two sends from one number when none was chosen.
pub const DEFAULT_SEND_INTERVAL_SECS: i64 = 300;

const COLUMNS: &str =
    "property_id, api_key_sealed, api_key_hint, organisation_id, organisation_name, \
                       checked_at, provider_id, provider_name, provider_type, send_interval_secs, \
                       active, activated_at, version";

/// The property's integration; a blank one (version 0) when never set up.
pub async fn find(db: &Db, property_id: PropertyId) -> sqlx::Result<IntegrationRow> {
    let sql = format!("SELECT {COLUMNS} FROM integrations WHERE property_id = $1");
    let row: Option<IntegrationRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_optional(pool).await)?;
    Ok(row.unwrap_or_else(|| blank(property_id)))
}

/// The same, inside a write transaction.
pub async fn find_in(tx: &mut WriteTx, property_id: PropertyId) -> sqlx::Result<IntegrationRow> {
    let sql = format!("SELECT {COLUMNS} FROM integrations WHERE property_id = $1");
    let row: Option<IntegrationRow> = on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(property_id).fetch_optional(&mut *conn).await)?;
    Ok(row.unwrap_or_else(|| blank(property_id)))
}

/// The integration of a property that never set one up.
fn blank(property_id: PropertyId) -> IntegrationRow {
    IntegrationRow {
        property_id,
        send_interval_secs: DEFAULT_SEND_INTERVAL_SECS,
        ..IntegrationRow::default()
    }
}

/// Writes `row` if it is still at `expected_version`; returns false when
/// someone else changed it meanwhile. The stored version becomes one higher.
pub async fn save(
    db: &Db,
    row: &IntegrationRow,
    expected_version: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.begin_write().await?;
    let saved = save_in(&mut tx, row, expected_version, now).await?;
    tx.commit().await?;
    Ok(saved)
}

/// [`save`] inside an open write transaction, so a use case can change the
/// integration together with other rows.
pub async fn save_in(
    tx: &mut WriteTx,
    row: &IntegrationRow,
    expected_version: i64,
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str = "INSERT INTO integrations (property_id, api_key_sealed, api_key_hint, organisation_id, \
         organisation_name, checked_at, provider_id, provider_name, provider_type, send_interval_secs, active, \
         activated_at, version, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 + 1, $14) \
         ON CONFLICT (property_id) DO UPDATE SET api_key_sealed = excluded.api_key_sealed, \
         api_key_hint = excluded.api_key_hint, organisation_id = excluded.organisation_id, \
         organisation_name = excluded.organisation_name, checked_at = excluded.checked_at, \
         provider_id = excluded.provider_id, provider_name = excluded.provider_name, \
         provider_type = excluded.provider_type, send_interval_secs = excluded.send_interval_secs, \
         active = excluded.active, activated_at = excluded.activated_at, version = excluded.version, \
         updated_at = excluded.updated_at \
         WHERE integrations.version = $13";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(row.property_id)
        .bind(row.api_key_sealed.as_deref())
        .bind(row.api_key_hint.as_deref())
        .bind(row.organisation_id.as_deref())
        .bind(row.organisation_name.as_deref())
        .bind(row.checked_at)
        .bind(row.provider_id.as_deref())
        .bind(row.provider_name.as_deref())
        .bind(row.provider_type.as_deref())
        .bind(row.send_interval_secs)
        .bind(row.active)
        .bind(row.activated_at)
        .bind(expected_version)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Starts using `fresh` as the webhook secret of a switched-on integration,
/// keeping the current one valid until the rotation ends; false when the
/// integration is off (nothing changed).
pub async fn begin_webhook_rotation(
    db: &Db,
    property_id: PropertyId,
    fresh: &str,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE integrations SET webhook_secret_previous = webhook_secret, \
         webhook_secret = $2 WHERE property_id = $1 AND active";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(fresh).execute(pool).await
        .map(|done| done.rows_affected() == 1))
}

/// Ends the rotation to `fresh`: IntellectDialog has the new URL (`registered`),
/// so the old secret is forgotten; or it does not, so the old one is put back.
pub async fn end_webhook_rotation(
    db: &Db,
    property_id: PropertyId,
    fresh: &str,
    registered: bool,
) -> sqlx::Result<()> {
    const KEEP: &str = "UPDATE integrations SET webhook_secret_previous = NULL \
         WHERE property_id = $1 AND webhook_secret = $2";
    const UNDO: &str = "UPDATE integrations SET webhook_secret = webhook_secret_previous, \
         webhook_secret_previous = NULL WHERE property_id = $1 AND webhook_secret = $2";
    let sql = if registered { KEEP } else { UNDO };
    on_db!(db, pool => sqlx::query(sql).bind(property_id).bind(fresh).execute(pool).await.map(|_| ()))
}

/// Forgets a switched-off integration's webhook secrets (their URLs answer
/// 404 from now on); false when it is on again (nothing changed).
pub async fn forget_webhook_secrets(db: &Db, property_id: PropertyId) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE integrations SET webhook_secret = NULL, webhook_secret_previous = NULL \
         WHERE property_id = $1 AND NOT active";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).execute(pool).await
        .map(|done| done.rows_affected() == 1))
}

/// The property whose webhook URL carries `secret`, and whether its
/// integration is switched on.
pub async fn property_by_webhook_secret(
    db: &Db,
    secret: &str,
) -> sqlx::Result<Option<(PropertyId, bool)>> {
    const SQL: &str = "SELECT property_id, active FROM integrations \
         WHERE webhook_secret = $1 OR webhook_secret_previous = $1";
    on_db!(db, pool => sqlx::query_as(SQL).bind(secret).fetch_optional(pool).await)
}
