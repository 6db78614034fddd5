//! `properties`: the tenants (hotels) and their subscriptions.
use super::Db;
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
}

impl PropertyRow {
    pub fn subscription(&self) -> Subscription {
        Subscription {
            gms: self.subscription_gms,
            contact_center_module: self.subscription_contact_center,
            tariff: self.subscription_tariff.clone(),
        }
    }
}

const COLUMNS: &str = "id, external_id, name, time_zone, subscription_gms, \
                       subscription_contact_center, subscription_tariff";

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
