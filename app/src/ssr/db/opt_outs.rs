//! `opt_outs`: the phones (E.164) of guests who asked for no mailings.
use super::{Db, WriteTx};
use crate::domain::opt_out::OptOutSource;
use crate::domain::{PropertyId, StaffUserId};
use crate::{on_db, on_tx};

/// One row, with the name of whoever added it and the guest's latest name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OptOutRow {
    pub phone: String,
    pub source: OptOutSource,
    pub created_at: i64,
    pub created_by: Option<String>,
    pub guest_name: Option<String>,
}

/// Puts `phone` on the list; false when it was there already.
pub async fn add(
    tx: &mut WriteTx,
    property_id: PropertyId,
    phone: &str,
    (source, by): (OptOutSource, Option<StaffUserId>),
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str = "INSERT INTO opt_outs (property_id, phone, source, created_at, created_by) \
                       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (property_id, phone) DO NOTHING";
    on_tx!(tx, conn => sqlx::query(SQL).bind(property_id).bind(phone).bind(source).bind(now).bind(by)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

/// Takes `phone` off the list; false when it was not there.
pub async fn remove(tx: &mut WriteTx, property_id: PropertyId, phone: &str) -> sqlx::Result<bool> {
    const SQL: &str = "DELETE FROM opt_outs WHERE property_id = $1 AND phone = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(property_id).bind(phone)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

/// The property's list, newest first.
pub async fn list(db: &Db, property_id: PropertyId) -> sqlx::Result<Vec<OptOutRow>> {
    const SQL: &str = "SELECT o.phone, o.source, o.created_at, u.name AS created_by, \
         (SELECT b.guest_name FROM bookings b WHERE b.property_id = o.property_id AND b.guest_phone = o.phone \
          ORDER BY b.booked_at DESC LIMIT 1) AS guest_name \
         FROM opt_outs o LEFT JOIN staff_users u ON u.id = o.created_by \
         WHERE o.property_id = $1 ORDER BY o.created_at DESC, o.phone";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).fetch_all(pool).await)
}
