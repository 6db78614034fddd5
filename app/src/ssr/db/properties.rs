//! `properties`: the tenants (hotels) and their subscriptions.
use super::{Db, WritePool};
use crate::domain::PropertyId;
use crate::domain::Subscription;
use crate::on_db;

/// A property as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PropertyRow {
    pub id: PropertyId,
    pub external_id: String,
    pub name: String,
    pub time_zone: String,
    pub subscription_gms: bool,
    pub subscription_contact_center: bool,
    pub subscription_tariff: Option<String>,
    /// The name in English messages, when the PMS gives one.
    pub name_en: Option<String>,
    /// `ru` or `en`.
    pub locale: String,
    /// The last day paid for, the property's local `YYYY-MM-DD`.
    pub paid_until: Option<String>,
    /// False once the PMS deactivated the property (its data is kept).
    pub active: bool,
}

impl PropertyRow {
    /// The subscription as of now (a paid period that ended yesterday, in
    /// the property's time zone, has lapsed).
    pub fn subscription(&self) -> Subscription {
        let today =
            crate::domain::local_time::local_day(crate::ssr::clock::now_ms(), &self.time_zone);
        Subscription {
            gms: self.subscription_gms,
            contact_center_module: self.subscription_contact_center,
            tariff: self.subscription_tariff.clone(),
            lapsed: self
                .paid_until
                .as_deref()
                .is_some_and(|paid_until| paid_until < today.as_str()),
            paid_until: self.paid_until.clone(),
        }
    }
}

const COLUMNS: &str = "id, external_id, name, time_zone, subscription_gms, \
                       subscription_contact_center, subscription_tariff, name_en, locale, \
                       paid_until, active";

/// Looks a property up by its id.
pub async fn find(db: &Db, property_id: PropertyId) -> sqlx::Result<Option<PropertyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM properties WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_optional(pool).await)
}

/// Looks a property up by its id in the host PMS.
pub async fn find_by_external_id(db: &Db, external_id: &str) -> sqlx::Result<Option<PropertyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM properties WHERE external_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(external_id).fetch_optional(pool).await)
}

/// A property to create.
pub struct NewProperty<'a> {
    pub external_id: &'a str,
    pub name: &'a str,
    pub time_zone: &'a str,
    pub subscription: &'a Subscription,
}

/// Creates a property unless one with its external id exists; returns the id
/// of the property now stored under that external id.
pub async fn ensure(db: &Db, property: &NewProperty<'_>, now: i64) -> sqlx::Result<PropertyId> {
    const SQL: &str = "INSERT INTO properties (external_id, name, time_zone, subscription_gms, \
                       subscription_contact_center, subscription_tariff, created_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7) \
                       ON CONFLICT (external_id) DO UPDATE SET external_id = excluded.external_id \
                       RETURNING id";
    on_db!(db, pool => sqlx::query_scalar(SQL)
        .bind(property.external_id)
        .bind(property.name)
        .bind(property.time_zone)
        .bind(property.subscription.gms)
        .bind(property.subscription.contact_center_module)
        .bind(property.subscription.tariff.as_deref())
        .bind(now)
        .fetch_one(pool)
        .await)
}

/// A property as the host PMS provisions it (already validated).
#[derive(Debug, Clone)]
pub struct ProvisionedProperty<'a> {
    pub external_id: &'a str,
    pub name: &'a str,
    pub name_en: Option<&'a str>,
    pub time_zone: &'a str,
    pub locale: &'a str,
    pub gms: bool,
    pub contact_center: bool,
    pub tariff: Option<&'a str>,
    pub paid_until: Option<&'a str>,
}

/// Creates the property or updates it (re-activating a deactivated one),
/// in one statement; true when it was created.
pub async fn provision(
    db: &Db,
    property: &ProvisionedProperty<'_>,
    now: i64,
) -> sqlx::Result<(bool, PropertyRow)> {
    let sql = format!(
        "INSERT INTO properties (external_id, name, name_en, time_zone, locale, subscription_gms, \
         subscription_contact_center, subscription_tariff, paid_until, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10, $10) \
         ON CONFLICT (external_id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, \
         time_zone = excluded.time_zone, locale = excluded.locale, \
         subscription_gms = excluded.subscription_gms, \
         subscription_contact_center = excluded.subscription_contact_center, \
         subscription_tariff = excluded.subscription_tariff, paid_until = excluded.paid_until, \
         active = TRUE, updated_at = excluded.updated_at \
         RETURNING (created_at = $10) AS created, {COLUMNS}"
    );
    #[derive(sqlx::FromRow)]
    struct Provisioned {
        created: bool,
        #[sqlx(flatten)]
        row: PropertyRow,
    }
    let stored: Provisioned = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(property.external_id).bind(property.name).bind(property.name_en)
        .bind(property.time_zone).bind(property.locale).bind(property.gms)
        .bind(property.contact_center).bind(property.tariff).bind(property.paid_until)
        .bind(now).fetch_one(pool).await)?;
    Ok((stored.created, stored.row))
}

/// A page of properties by external id, and how many there are.
pub async fn page(db: &Db, limit: i64, offset: i64) -> sqlx::Result<(Vec<PropertyRow>, i64)> {
    let sql = format!("SELECT {COLUMNS} FROM properties ORDER BY external_id LIMIT $1 OFFSET $2");
    const TOTAL: &str = "SELECT COUNT(*) FROM properties";
    on_db!(db, pool => {
        let rows = sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(pool).await?;
        let total: i64 = sqlx::query_scalar(TOTAL).fetch_one(pool).await?;
        Ok((rows, total))
    })
}

/// Deactivates the property (its data is kept): its users' sessions end in
/// the same transaction; `None` when there is no such property.
pub async fn deactivate(db: &Db, external_id: &str, now: i64) -> sqlx::Result<Option<PropertyRow>> {
    let sql = format!(
        "UPDATE properties SET active = FALSE, updated_at = $2 WHERE external_id = $1 RETURNING {COLUMNS}"
    );
    const END_SESSIONS: &str = "DELETE FROM sessions WHERE staff_user_id IN \
         (SELECT id FROM staff_users WHERE property_id = $1)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let row: Option<PropertyRow> = sqlx::query_as(&sql)
            .bind(external_id).bind(now).fetch_optional(&mut *tx).await?;
        if let Some(row) = &row {
            sqlx::query(END_SESSIONS).bind(row.id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(row)
    })
}
