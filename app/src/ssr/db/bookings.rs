//! `bookings` as stored, and each booking's dispatches (its timeline).
use super::Db;
use crate::on_db;

/// A stored booking.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct BookingRow {
    pub id: i64,
    pub number: String,
    pub status: String,
    pub source: String,
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

impl BookingRow {
    /// The booking as an upsert would carry it again.
    pub fn into_input(self) -> super::planning::BookingInput {
        use crate::domain::booking::{BookingSource, BookingStatus};
        super::planning::BookingInput {
            number: self.number,
            status: BookingStatus::parse(&self.status).unwrap_or(BookingStatus::Cancelled),
            source: BookingSource::parse(&self.source).unwrap_or(BookingSource::Pms),
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

pub async fn find(db: &Db, property_id: i64, number: &str) -> sqlx::Result<Option<BookingRow>> {
    let sql = format!("SELECT {COLUMNS} FROM bookings WHERE property_id = $1 AND number = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(number).fetch_optional(pool).await)
}

/// One dispatch of a booking or a mailing, as the UI and the API show it.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct DispatchRow {
    pub id: i64,
    pub kind: String,
    pub number: String,
    pub guest_name: String,
    pub state: String,
    pub due_at: i64,
    pub next_attempt_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub read_at: Option<i64>,
    pub reason: Option<String>,
}

const DISPATCH: &str =
    "SELECT d.id, m.kind, b.number, b.guest_name, d.state, d.due_at, d.next_attempt_at, \
     d.attempts, d.sent_at, d.delivered_at, d.read_at, d.reason FROM dispatches d \
     JOIN mailings m ON m.id = d.mailing_id JOIN bookings b ON b.id = d.booking_id";

/// A booking's dispatches, one per mailing.
pub async fn timeline(db: &Db, booking_id: i64) -> sqlx::Result<Vec<DispatchRow>> {
    let sql = format!("{DISPATCH} WHERE d.booking_id = $1 ORDER BY m.id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(booking_id).fetch_all(pool).await)
}

/// A mailing's queue: what is planned or in flight first (by time), then the latest others.
pub async fn mailing_queue(
    db: &Db,
    property_id: i64,
    kind: &str,
    limit: i64,
) -> sqlx::Result<Vec<DispatchRow>> {
    let sql = format!(
        "{DISPATCH} WHERE d.property_id = $1 AND m.kind = $2 \
         ORDER BY CASE WHEN d.state IN ('planned', 'sending') THEN 0 ELSE 1 END, \
         CASE WHEN d.state IN ('planned', 'sending') THEN d.next_attempt_at ELSE -d.updated_at END, d.id LIMIT $3"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).bind(kind).bind(limit).fetch_all(pool).await)
}

/// Counts of a property's dispatches by mailing kind and state.
pub async fn counters(db: &Db, property_id: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    const SQL: &str = "SELECT m.kind, d.state, COUNT(*) FROM dispatches d JOIN mailings m ON m.id = d.mailing_id \
                       WHERE d.property_id = $1 GROUP BY m.kind, d.state";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).fetch_all(pool).await)
}

/// The property's sender: next free slot, the local day and its count.
pub async fn sender(
    db: &Db,
    property_id: i64,
    provider_id: &str,
) -> sqlx::Result<Option<(i64, String, i64)>> {
    const SQL: &str = "SELECT next_allowed_at, day, day_count FROM senders WHERE property_id = $1 AND provider_id = $2";
    on_db!(db, pool => sqlx::query_as(SQL).bind(property_id).bind(provider_id).fetch_optional(pool).await)
}
