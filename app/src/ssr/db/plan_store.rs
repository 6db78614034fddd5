//! What planning reads and writes inside its transaction: a property's zone
//! and mailings, bookings' facts, and the dispatch row it decided on. A
//! dispatch that is no longer re-plannable (something may have left) is never
//! touched here; the decision itself is the scheduler's (dispatch/planning.rs).
use super::rows::stored;
use super::WriteTx;
use crate::domain::booking::{BookingFacts, BookingSource, BookingStatus};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::sender_policy::SendingPolicy;
use crate::domain::{BookingId, DispatchReason, DispatchState, MailingId, PropertyId};
use crate::{from_both_rows, on_db, on_tx};

/// A mailing as planning needs it.
#[derive(Debug, Clone)]
pub struct MailingRow {
    pub id: MailingId,
    pub kind: MailingKind,
    pub active: bool,
    pub activated_at: Option<i64>,
    pub settings: MailingSettings,
}

/// Stored settings, or the defaults while none were saved (an empty column).
pub fn settings_of(
    kind: MailingKind,
    raw: &str,
    table: &str,
    id: impl std::fmt::Display,
) -> sqlx::Result<MailingSettings> {
    if raw.is_empty() {
        return Ok(MailingSettings::default_for(kind));
    }
    serde_json::from_str(raw).map_err(|error| sqlx::Error::ColumnDecode {
        index: format!("settings of {table} row {id}"),
        source: Box::new(error),
    })
}

from_both_rows!(MailingRow, |row| {
    let id: MailingId = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let kind = stored(MailingKind::from_column(&kind), "mailings", id, "kind")?;
    let settings: String = row.try_get("settings")?;
    Ok(MailingRow {
        settings: settings_of(kind, &settings, "mailings", id)?,
        id,
        kind,
        active: row.try_get("active")?,
        activated_at: row.try_get("activated_at")?,
    })
});

/// A booking's id and what planning knows of it.
#[derive(Debug, Clone)]
pub struct FactsRow {
    pub id: BookingId,
    pub facts: BookingFacts,
}

from_both_rows!(FactsRow, |row| {
    let id: BookingId = row.try_get("id")?;
    let status: String = row.try_get("status")?;
    let source: String = row.try_get("source")?;
    let phone: Option<String> = row.try_get("guest_phone")?;
    Ok(FactsRow {
        id,
        facts: BookingFacts {
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
            guaranteed: row.try_get("guaranteed")?,
            arrival_local: row.try_get("arrival_local")?,
            departure_local: row.try_get("departure_local")?,
            booked_at: row.try_get("booked_at")?,
            has_phone: phone.is_some_and(|phone| !phone.is_empty()),
            opted_out: row.try_get("opted_out")?,
            payment_due_at: row.try_get("payment_due_at")?,
        },
    })
});

const FACTS: &str =
    "SELECT id, status, source, guaranteed, arrival_local, departure_local, booked_at, \
     guest_phone, payment_due_at, EXISTS (SELECT 1 FROM opt_outs o WHERE o.property_id = bookings.property_id \
     AND o.phone = bookings.guest_phone) AS opted_out FROM bookings";
const MAILINGS: &str = "SELECT id, kind, active, activated_at, settings FROM mailings";

/// The property's mailings, in the order they were created.
pub async fn mailings(db: &super::Db, property_id: PropertyId) -> sqlx::Result<Vec<MailingRow>> {
    let sql = format!("{MAILINGS} WHERE property_id = $1 ORDER BY id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(property_id).fetch_all(pool).await)
}

/// The same, inside a planning transaction.
pub async fn mailings_in(
    tx: &mut WriteTx,
    property_id: PropertyId,
) -> sqlx::Result<Vec<MailingRow>> {
    let sql = format!("{MAILINGS} WHERE property_id = $1 ORDER BY id");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(property_id).fetch_all(&mut *conn).await)
}

/// Where a property plans: its IANA time zone and its sender number's policy
/// (the safe defaults while none was saved, or no number is chosen yet).
#[derive(Debug, Clone)]
pub struct PlanPlace {
    pub zone: String,
    pub policy: SendingPolicy,
}

/// The property's zone and its current number's policy.
pub async fn place(tx: &mut WriteTx, property_id: PropertyId) -> sqlx::Result<PlanPlace> {
    const SQL: &str = "SELECT p.time_zone, s.policy FROM properties p \
         LEFT JOIN integrations i ON i.property_id = p.id \
         LEFT JOIN senders s ON s.property_id = p.id AND s.provider_id = i.provider_id WHERE p.id = $1";
    let (zone, policy): (String, Option<String>) =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(property_id).fetch_one(&mut *conn).await)?;
    Ok(PlanPlace {
        zone,
        policy: policy_of(policy.as_deref(), property_id)?,
    })
}

/// A stored policy, or the defaults while none was saved (empty or no row).
pub fn policy_of(raw: Option<&str>, property_id: PropertyId) -> sqlx::Result<SendingPolicy> {
    match raw {
        None | Some("") => Ok(SendingPolicy::default()),
        Some(raw) => serde_json::from_str(raw).map_err(|error| sqlx::Error::ColumnDecode {
            index: format!("policy of senders row of property {property_id}"),
            source: Box::new(error),
        }),
    }
}

/// One booking's facts.
pub async fn booking_facts(tx: &mut WriteTx, booking_id: BookingId) -> sqlx::Result<FactsRow> {
    let sql = format!("{FACTS} WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(booking_id).fetch_one(&mut *conn).await)
}

/// Every booking's facts of the property.
pub async fn property_facts(
    tx: &mut WriteTx,
    property_id: PropertyId,
) -> sqlx::Result<Vec<FactsRow>> {
    let sql = format!("{FACTS} WHERE property_id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(property_id).fetch_all(&mut *conn).await)
}

/// The facts of the property's bookings of one guest (by E.164 phone).
pub async fn guest_facts(
    tx: &mut WriteTx,
    property_id: PropertyId,
    phone: &str,
) -> sqlx::Result<Vec<FactsRow>> {
    let sql = format!("{FACTS} WHERE property_id = $1 AND guest_phone = $2");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(property_id).bind(phone).fetch_all(&mut *conn).await)
}

/// Switches a mailing and/or replaces its settings (JSON); `activated_at` is
/// set when it is switched on, `deactivated_at` when off. `None` when the
/// property has no such mailing.
pub async fn change_mailing(
    tx: &mut WriteTx,
    property_id: PropertyId,
    kind: MailingKind,
    active: bool,
    settings: Option<&MailingSettings>,
    now: i64,
) -> sqlx::Result<Option<MailingRow>> {
    const SQL: &str = "UPDATE mailings SET \
         activated_at = CASE WHEN $3 AND NOT active THEN $4 ELSE activated_at END, \
         deactivated_at = CASE WHEN NOT $3 AND active THEN $4 ELSE deactivated_at END, \
         active = $3, settings = COALESCE($5, settings) \
         WHERE property_id = $1 AND kind = $2 RETURNING id, kind, active, activated_at, settings";
    let settings = settings.and_then(|settings| serde_json::to_string(settings).ok());
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(property_id).bind(kind).bind(active).bind(now)
        .bind(settings.as_deref()).fetch_optional(&mut *conn).await)
}

/// The dispatch row planning decided on for one mailing × booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedRow {
    pub state: DispatchState,
    /// Unix ms; 0 when nothing will be sent.
    pub due_at: i64,
    /// After this it makes no sense (unix ms), for a planned one.
    pub deadline_at: Option<i64>,
    /// Why it is skipped or cancelled, or why a planned one leaves later.
    pub reason: Option<DispatchReason>,
}

/// Stores `planned` for `mailing_id` × `booking_id` — unless its dispatch is
/// past planning (sending, sent, …), which planning never touches.
pub async fn apply(
    tx: &mut WriteTx,
    (property_id, mailing_id, booking_id): (PropertyId, MailingId, BookingId),
    planned: PlannedRow,
    new_key: &str,
    now: i64,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO dispatches (property_id, mailing_id, booking_id, state, due_at, \
         next_attempt_at, dispatch_key, reason, reason_data, updated_at, deadline_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $13) \
         ON CONFLICT (mailing_id, booking_id) DO UPDATE SET state = excluded.state, due_at = excluded.due_at, \
         next_attempt_at = excluded.next_attempt_at, reason = excluded.reason, \
         reason_data = excluded.reason_data, reason_detail = NULL, attempts = 0, updated_at = excluded.updated_at, \
         deadline_at = excluded.deadline_at WHERE dispatches.state IN ($10, $11, $12)";
    let [first, second, third] = DispatchState::REPLANNABLE;
    let (code, data) = planned.reason.map(|reason| reason.to_columns()).unzip();
    on_tx!(tx, conn => sqlx::query(SQL).bind(property_id).bind(mailing_id).bind(booking_id)
        .bind(planned.state).bind(planned.due_at).bind(new_key).bind(code.as_deref()).bind(data.flatten())
        .bind(now).bind(first).bind(second).bind(third).bind(planned.deadline_at)
        .execute(&mut *conn).await.map(|_| ()))
}
