//! Step 1 of the scheduler: a booking change or a mailing change re-plans
//! its dispatches in the same transaction as the change itself, so a
//! dispatch row always matches the booking and the mailing it was planned
//! from. A dispatch past planning (sending, sent, delivered, read, failed) is
//! never touched: the db layer only applies what is decided here.
use super::plan::{plan_in, Plan, PlanContext};
use crate::domain::booking_input::BookingInput;
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::{BookingId, DispatchState, PropertyId, SkipReason, WaitReason};
use crate::ssr::db::plan_store::{self, FactsRow, MailingRow, PlanPlace, PlannedRow};
use crate::ssr::db::{bookings, Db, WriteTx};
use rand::RngCore;

/// What a booking upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingUpsert {
    Created(BookingId),
    Updated(BookingId),
    /// The stored booking was modified later than this update: nothing changed.
    Stale(BookingId),
}

/// The dispatch row planning wants for one mailing × booking.
pub fn decide(mailing: &MailingRow, booking: &FactsRow, place: &PlanPlace) -> PlannedRow {
    let nothing = |state, reason: SkipReason| PlannedRow {
        state,
        due_at: 0,
        deadline_at: None,
        reason: Some(reason.into()),
    };
    if !mailing.active {
        return nothing(DispatchState::Cancelled, SkipReason::MailingOff);
    }
    let context = PlanContext {
        zone: &place.zone,
        activated_at: mailing.activated_at.unwrap_or(0),
        policy: Some(&place.policy),
    };
    match plan_in(mailing.kind, &mailing.settings, &booking.facts, &context) {
        Plan::Due(due) => PlannedRow {
            state: DispatchState::Planned,
            due_at: due.at,
            deadline_at: Some(due.deadline_at),
            reason: due
                .moved_from
                .map(|planned_at| WaitReason::OutsideWindow { planned_at }.into()),
        },
        Plan::Skip(SkipReason::BookingCancelled) => {
            nothing(DispatchState::Cancelled, SkipReason::BookingCancelled)
        }
        Plan::Skip(why) => nothing(DispatchState::Skipped, why),
    }
}

/// A fresh dispatch key (sent as `mark`, ≤ 36 characters).
pub fn new_dispatch_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A write transaction holding the property's planning lock.
async fn planning_tx(db: &Db, property_id: PropertyId) -> sqlx::Result<WriteTx> {
    let mut tx = db.begin_write().await?;
    tx.lock(&format!("plan:{property_id}")).await?;
    Ok(tx)
}

/// Plans `mailings` × `bookings` in the open transaction.
async fn replan(
    tx: &mut WriteTx,
    property_id: PropertyId,
    mailings: &[MailingRow],
    bookings: &[FactsRow],
    now: i64,
) -> sqlx::Result<()> {
    let place = plan_store::place(tx, property_id).await?;
    for mailing in mailings {
        for booking in bookings {
            let planned = decide(mailing, booking, &place);
            let ids = (property_id, mailing.id, booking.id);
            plan_store::apply(tx, ids, planned, &new_dispatch_key(), now).await?;
        }
    }
    Ok(())
}

/// Re-plans every active mailing of the property for all its bookings inside
/// the caller's open transaction (taking the planning lock), so dispatches
/// skipped while the integration was off are planned again together with the
/// change that switched it on.
pub async fn replan_active_mailings_in(
    tx: &mut WriteTx,
    property_id: PropertyId,
    now: i64,
) -> sqlx::Result<()> {
    tx.lock(&format!("plan:{property_id}")).await?;
    let mut mailings = plan_store::mailings_in(tx, property_id).await?;
    mailings.retain(|mailing| mailing.active);
    if mailings.is_empty() {
        return Ok(());
    }
    let bookings = plan_store::property_facts(tx, property_id).await?;
    replan(tx, property_id, &mailings, &bookings, now).await
}

/// Re-plans, inside the caller's transaction, every active mailing for the
/// bookings of one guest (their opt-out changed).
pub async fn replan_guest_in(
    tx: &mut WriteTx,
    property_id: PropertyId,
    phone: &str,
    now: i64,
) -> sqlx::Result<()> {
    tx.lock(&format!("plan:{property_id}")).await?;
    let mut mailings = plan_store::mailings_in(tx, property_id).await?;
    mailings.retain(|mailing| mailing.active);
    let bookings = plan_store::guest_facts(tx, property_id, phone).await?;
    replan(tx, property_id, &mailings, &bookings, now).await
}

/// Upserts a booking by number unless a later modification is stored, and
/// re-plans its dispatches, in one transaction.
pub async fn upsert_booking(
    db: &Db,
    property_id: PropertyId,
    input: &BookingInput,
    now: i64,
) -> sqlx::Result<BookingUpsert> {
    let mut tx = planning_tx(db, property_id).await?;
    let existing = bookings::version(&mut tx, property_id, &input.number).await?;
    if let Some((id, modified_at)) = existing {
        if modified_at > input.modified_at {
            tx.rollback().await?;
            return Ok(BookingUpsert::Stale(id));
        }
    }
    let id = bookings::store(&mut tx, property_id, input, now).await?;
    let mailings = plan_store::mailings_in(&mut tx, property_id).await?;
    let booking = plan_store::booking_facts(&mut tx, id).await?;
    replan(&mut tx, property_id, &mailings, &[booking], now).await?;
    tx.commit().await?;
    Ok(match existing {
        Some(_) => BookingUpsert::Updated(id),
        None => BookingUpsert::Created(id),
    })
}

/// Changes a mailing (its switch and/or settings) and re-plans every booking
/// of the property for it, in one transaction. `activated_at` is set when it
/// is switched on and kept otherwise. False when the mailing does not exist.
pub async fn change_mailing(
    db: &Db,
    property_id: PropertyId,
    kind: MailingKind,
    active: bool,
    settings: Option<&MailingSettings>,
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = planning_tx(db, property_id).await?;
    let Some(mailing) =
        plan_store::change_mailing(&mut tx, property_id, kind, active, settings, now).await?
    else {
        tx.rollback().await?;
        return Ok(false);
    };
    let bookings = plan_store::property_facts(&mut tx, property_id).await?;
    replan(&mut tx, property_id, &[mailing], &bookings, now).await?;
    tx.commit().await?;
    Ok(true)
}
