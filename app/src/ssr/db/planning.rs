//! Step 1 of the scheduler, in the database: a booking change or a mailing
//! change re-plans its dispatches in the same transaction. A dispatch already
//! sending, sent, delivered, read or failed is never touched by planning.
use super::{Db, WritePool};
use crate::domain::booking::{BookingSource, BookingStatus};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::MailingSettings;
use crate::on_db;
use crate::ssr::dispatch::plan::{plan, reason, BookingFacts, Plan};
use rand::RngCore;

/// A booking as the PMS sends it, validated.
#[derive(Debug, Clone)]
pub struct BookingInput {
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

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingUpsert {
    Created(i64),
    Updated(i64),
    /// The stored booking was modified later than this update: nothing changed.
    Stale(i64),
}

/// A mailing as planning needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailingRow {
    pub id: i64,
    pub kind: String,
    pub active: bool,
    pub activated_at: Option<i64>,
    pub settings: String,
}

impl MailingRow {
    pub fn kind(&self) -> Option<MailingKind> {
        MailingKind::parse(&self.kind)
    }

    /// The stored settings, or the defaults when none were saved.
    pub fn settings(&self) -> Option<MailingSettings> {
        let kind = self.kind()?;
        Some(
            serde_json::from_str(&self.settings)
                .unwrap_or_else(|_| MailingSettings::default_for(kind)),
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct FactsRow {
    id: i64,
    status: String,
    source: String,
    guaranteed: bool,
    arrival_local: String,
    departure_local: String,
    booked_at: i64,
    guest_phone: Option<String>,
}

impl FactsRow {
    fn facts(&self) -> BookingFacts {
        BookingFacts::from_row(
            &self.status,
            &self.source,
            self.guaranteed,
            (&self.arrival_local, &self.departure_local),
            self.booked_at,
            self.guest_phone.as_deref(),
        )
    }
}

const FACTS: &str = "SELECT id, status, source, guaranteed, arrival_local, departure_local, booked_at, guest_phone \
                     FROM bookings";
const MAILINGS: &str =
    "SELECT id, kind, active, activated_at, settings FROM mailings WHERE property_id = $1 ORDER BY id";
const ZONE: &str = "SELECT time_zone FROM properties WHERE id = $1";
const APPLY: &str = "INSERT INTO dispatches (property_id, mailing_id, booking_id, state, due_at, \
     next_attempt_at, dispatch_key, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) \
     ON CONFLICT (mailing_id, booking_id) DO UPDATE SET state = excluded.state, due_at = excluded.due_at, \
     next_attempt_at = excluded.next_attempt_at, reason = excluded.reason, attempts = 0, \
     updated_at = excluded.updated_at \
     WHERE dispatches.state IN ('planned', 'skipped', 'cancelled')";

/// The dispatch row planning wants for one mailing × booking.
fn decide(
    mailing: &MailingRow,
    booking: &FactsRow,
    zone: &str,
) -> Option<(&'static str, i64, Option<&'static str>)> {
    let kind = mailing.kind()?;
    let settings = mailing.settings()?;
    let facts = booking.facts();
    let activated_at = mailing.activated_at.unwrap_or(0);
    Some(match plan(kind, &settings, &facts, zone, activated_at) {
        _ if !mailing.active => ("cancelled", 0, Some(reason::MAILING_OFF)),
        Plan::Due(at) => ("planned", at, None),
        Plan::Skip(why) if why == reason::BOOKING_CANCELLED => ("cancelled", 0, Some(why)),
        Plan::Skip(why) => ("skipped", 0, Some(why)),
    })
}

/// A fresh dispatch key (sent as `mark`, ≤ 36 characters).
pub fn new_dispatch_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Upserts a booking by number unless a later modification is stored, and
/// re-plans its dispatches, in one transaction.
pub async fn upsert_booking(
    db: &Db,
    property_id: i64,
    input: &BookingInput,
    now: i64,
) -> sqlx::Result<BookingUpsert> {
    const EXISTING: &str =
        "SELECT id, modified_at FROM bookings WHERE property_id = $1 AND number = $2";
    const UPSERT: &str = "INSERT INTO bookings (property_id, number, status, source, guaranteed, prepaid_amount, \
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
    let facts_sql = format!("{FACTS} WHERE id = $1");
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = pool.key_lock_sql() {
            sqlx::query(lock).bind(format!("plan:{property_id}")).execute(&mut *tx).await?;
        }
        let existing: Option<(i64, i64)> =
            sqlx::query_as(EXISTING).bind(property_id).bind(&input.number).fetch_optional(&mut *tx).await?;
        if let Some((id, modified_at)) = existing {
            if modified_at > input.modified_at {
                tx.rollback().await?;
                return Ok(BookingUpsert::Stale(id));
            }
        }
        let id: i64 = sqlx::query_scalar(UPSERT)
            .bind(property_id).bind(&input.number).bind(input.status.as_str()).bind(input.source.as_str())
            .bind(input.guaranteed).bind(input.prepaid_amount).bind(input.payment_due_at)
            .bind(input.payment_link.as_deref()).bind(&input.arrival_local).bind(&input.departure_local)
            .bind(input.arrival_at).bind(input.departure_at).bind(&input.guest_name)
            .bind(input.guest_phone.as_deref()).bind(input.guest_email.as_deref()).bind(&input.guest_language)
            .bind(input.booked_at).bind(input.modified_at).bind(now)
            .fetch_one(&mut *tx).await?;
        let zone: String = sqlx::query_scalar(ZONE).bind(property_id).fetch_one(&mut *tx).await?;
        let mailings: Vec<MailingRow> = sqlx::query_as(MAILINGS).bind(property_id).fetch_all(&mut *tx).await?;
        let booking: FactsRow = sqlx::query_as(&facts_sql).bind(id).fetch_one(&mut *tx).await?;
        for mailing in &mailings {
            if let Some((state, due, why)) = decide(mailing, &booking, &zone) {
                sqlx::query(APPLY).bind(property_id).bind(mailing.id).bind(id).bind(state).bind(due)
                    .bind(new_dispatch_key()).bind(why).bind(now).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(if existing.is_some() { BookingUpsert::Updated(id) } else { BookingUpsert::Created(id) })
    })
}

/// Changes a mailing (its switch and/or settings) and re-plans every booking
/// of the property for it, in one transaction. `activated_at` is set when it
/// is switched on and kept otherwise. False when the mailing does not exist.
pub async fn change_mailing(
    db: &Db,
    property_id: i64,
    kind: MailingKind,
    active: bool,
    settings: Option<&MailingSettings>,
    now: i64,
) -> sqlx::Result<bool> {
    const UPDATE: &str = "UPDATE mailings SET \
         activated_at = CASE WHEN $3 AND NOT active THEN $4 ELSE activated_at END, \
         deactivated_at = CASE WHEN NOT $3 AND active THEN $4 ELSE deactivated_at END, \
         active = $3, settings = COALESCE($5, settings) \
         WHERE property_id = $1 AND kind = $2 RETURNING id";
    let kind_name = match kind {
        MailingKind::Welcome => "welcome",
        MailingKind::Feedback => "feedback",
        MailingKind::NonGuaranteed => "non_guaranteed",
    };
    let settings_json = settings.and_then(|settings| serde_json::to_string(settings).ok());
    let facts_sql = format!("{FACTS} WHERE property_id = $1");
    let mailing_sql = "SELECT id, kind, active, activated_at, settings FROM mailings WHERE id = $1";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = pool.key_lock_sql() {
            sqlx::query(lock).bind(format!("plan:{property_id}")).execute(&mut *tx).await?;
        }
        let Some(mailing_id): Option<i64> = sqlx::query_scalar(UPDATE)
            .bind(property_id).bind(kind_name).bind(active).bind(now).bind(settings_json.as_deref())
            .fetch_optional(&mut *tx).await? else {
            tx.rollback().await?;
            return Ok(false);
        };
        let mailing: MailingRow = sqlx::query_as(mailing_sql).bind(mailing_id).fetch_one(&mut *tx).await?;
        let zone: String = sqlx::query_scalar(ZONE).bind(property_id).fetch_one(&mut *tx).await?;
        let bookings: Vec<FactsRow> = sqlx::query_as(&facts_sql).bind(property_id).fetch_all(&mut *tx).await?;
        for booking in &bookings {
            if let Some((state, due, why)) = decide(&mailing, booking, &zone) {
                sqlx::query(APPLY).bind(property_id).bind(mailing.id).bind(booking.id).bind(state).bind(due)
                    .bind(new_dispatch_key()).bind(why).bind(now).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// The property's mailings as planning sees them.
pub async fn mailings(db: &Db, property_id: i64) -> sqlx::Result<Vec<MailingRow>> {
    on_db!(db, pool => sqlx::query_as(MAILINGS).bind(property_id).fetch_all(pool).await)
}
