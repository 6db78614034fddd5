//! `bookings` as stored: read one, and store an upsert inside planning's
//! transaction (the PMS's `modified_at` is the booking's version).
use super::rows::stored;
use super::{Db, WriteTx};
use crate::domain::booking::{BookingSource, BookingStatus};
use crate::domain::booking_input::BookingInput;
use crate::domain::{BookingId, PropertyId};
use crate::{from_both_rows, on_db, on_tx};

/// A stored booking.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BookingRow {
    pub id: BookingId,
    pub number: String,
    pub status: BookingStatus,
    pub source: BookingSource,
    pub guaranteed: bool,
    pub prepaid_amount: i64,
    pub payment_due_at: Option<i64>,
    pub payment_link: Option<String>,
    pub arrival_local: String,
    pub departure_local: String,
    pub arrival_at: i64,
    pub departure_at: i64,
    pub guest_name: String,
    pub guest_phone: Option<String>,
    pub guest_email: Option<String>,
    pub guest_language: String,
    pub booked_at: i64,
    pub modified_at: i64,
}

from_both_rows!(BookingRow, |row| {
    let id: BookingId = row.try_get("id")?;
    let status: String = row.try_get("status")?;
    let source: String = row.try_get("source")?;
    Ok(BookingRow {
        id,
        status: stored(
            BookingStatus::from_column(&status),
            "bookings",
            id,
            "status",
        )?,
        source: stored(
            BookingSource::from_column(&source),
            "bookings",
            id,
            "source",
        )?,
        number: row.try_get("number")?,
        guaranteed: row.try_get("guaranteed")?,
        prepaid_amount: row.try_get("prepaid_amount")?,
        payment_due_at: row.try_get("payment_due_at")?,
        payment_link: row.try_get("payment_link")?,
        arrival_local: row.try_get("arrival_local")?,
        departure_local: row.try_get("departure_local")?,
        arrival_at: row.try_get("arrival_at")?,
        departure_at: row.try_get("departure_at")?,
        guest_name: row.try_get("guest_name")?,
        guest_phone: row.try_get("guest_phone")?,
        guest_email: row.try_get("guest_email")?,
        guest_language: row.try_get("guest_language")?,
        booked_at: row.try_get("booked_at")?,
        modified_at: row.try_get("modified_at")?,
    })
});

impl BookingRow {
    /// The booking as an upsert would carry it again.
    pub fn into_input(self) -> BookingInput {
        BookingInput {
            number: self.number,
            status: self.status,
            source: self.source,
            guaranteed: self.guaranteed,
            prepaid_amount: self.prepaid_amount,
            payment_due_at: self.payment_due_at,
            payment_link: self.payment_link,
            arrival_local: self.arrival_local,
            departure_local: self.departure_local,
            arrival_at: self.arrival_at,
            departure_at: self.departure_at,
            guest_name: self.guest_name,
            guest_phone: self.guest_phone,
            guest_email: self.guest_email,
            guest_language: self.guest_language,
            booked_at: self.booked_at,
            modified_at: self.modified_at,
        }
    }
}

const COLUMNS: &str = "id, number, status, source, guaranteed, prepaid_amount, payment_due_at, payment_link, \
     arrival_local, departure_local, arrival_at, departure_at, guest_name, guest_phone, guest_email, \
     guest_language, booked_at, modified_at";

pub async fn find(
    db: &Db,
    property_id: PropertyId,
    number: &str,
) -> sqlx::Result<Option<BookingRow>> {
    let sql = format!("SELECT {COLUMNS} FROM bookings WHERE property_id = $1 AND number = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(number).fetch_optional(pool).await)
}

/// The stored booking's id and version (`modified_at`), if there is one.
pub async fn version(
    tx: &mut WriteTx,
    property_id: PropertyId,
    number: &str,
) -> sqlx::Result<Option<(BookingId, i64)>> {
    const SQL: &str = "SELECT id, modified_at FROM bookings WHERE property_id = $1 AND number = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(property_id).bind(number).fetch_optional(&mut *conn).await)
}

/// Inserts or replaces the booking by number; its id.
pub async fn store(
    tx: &mut WriteTx,
    property_id: PropertyId,
    input: &BookingInput,
    now: i64,
) -> sqlx::Result<BookingId> {
    const SQL: &str = "INSERT INTO bookings (property_id, number, status, source, guaranteed, prepaid_amount, \
         payment_due_at, payment_link, arrival_local, departure_local, arrival_at, departure_at, guest_name, \
         guest_phone, guest_email, guest_language, booked_at, modified_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
         ON CONFLICT (property_id, number) DO UPDATE SET status = excluded.status, source = excluded.source, \
         guaranteed = excluded.guaranteed, prepaid_amount = excluded.prepaid_amount, \
         payment_due_at = excluded.payment_due_at, payment_link = excluded.payment_link, \
         arrival_local = excluded.arrival_local, departure_local = excluded.departure_local, \
         arrival_at = excluded.arrival_at, departure_at = excluded.departure_at, guest_name = excluded.guest_name, \
         guest_phone = excluded.guest_phone, guest_email = excluded.guest_email, \
         guest_language = excluded.guest_language, booked_at = excluded.booked_at, \
         modified_at = excluded.modified_at, updated_at = excluded.updated_at \
         RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(property_id).bind(&input.number).bind(input.status).bind(input.source)
        .bind(input.guaranteed).bind(input.prepaid_amount).bind(input.payment_due_at)
        .bind(input.payment_link.as_deref()).bind(&input.arrival_local).bind(&input.departure_local)
        .bind(input.arrival_at).bind(input.departure_at).bind(&input.guest_name)
        .bind(input.guest_phone.as_deref()).bind(input.guest_email.as_deref()).bind(&input.guest_language)
        .bind(input.booked_at).bind(input.modified_at).bind(now)
        .fetch_one(&mut *conn).await)
}
