//! A claimed (or in-doubt) dispatch with everything sending it needs, read
//! with its mailing, booking, property and integration in one query.
use super::plan_store::{policy_of, settings_of};
use super::rows::stored;
use crate::domain::booking::{BookingFacts, BookingSource, BookingStatus};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::sender_policy::SendingPolicy;
use crate::domain::{DispatchId, PropertyId};
use crate::from_both_rows;

#[derive(Debug, Clone)]
pub struct ClaimedDispatch {
    pub id: DispatchId,
    pub property_id: PropertyId,
    pub dispatch_key: String,
    pub attempts: i64,
    /// When the current attempt started (unix ms).
    pub sending_at: Option<i64>,
    pub kind: MailingKind,
    pub settings: MailingSettings,
    pub mailing_active: bool,
    pub activated_at: Option<i64>,
    pub integration_active: Option<bool>,
    pub api_key_sealed: Option<String>,
    /// The number it is (or was) sent from.
    pub provider_id: Option<String>,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<i64>,
    pub time_zone: String,
    pub property_name: String,
    pub booking: BookingFacts,
    pub guest_phone: Option<String>,
    pub guest_name: String,
    pub guest_language: String,
    pub number: String,
    pub payment_link: Option<String>,
    /// The policy of the number it is sent from (its send window).
    pub policy: SendingPolicy,
}

/// The query; callers add `WHERE …`.
pub const DETAILS: &str = "SELECT d.id, d.property_id, d.dispatch_key, d.attempts, d.sending_at, m.kind, \
     m.settings, m.active AS mailing_active, m.activated_at, i.active AS integration_active, i.api_key_sealed, \
     d.provider_id, d.lease_owner, d.lease_expires_at, p.time_zone, p.name AS property_name, b.status, \
     b.source, b.guaranteed, b.arrival_local, b.departure_local, b.booked_at, b.guest_phone, b.guest_name, \
     b.guest_language, b.number, b.payment_link, b.payment_due_at, s.policy, \
     EXISTS (SELECT 1 FROM opt_outs o WHERE o.property_id = b.property_id AND o.phone = b.guest_phone) AS opted_out \
     FROM dispatches d JOIN mailings m ON m.id = d.mailing_id JOIN bookings b ON b.id = d.booking_id \
     JOIN properties p ON p.id = d.property_id LEFT JOIN integrations i ON i.property_id = d.property_id \
     LEFT JOIN senders s ON s.property_id = d.property_id AND s.provider_id = d.provider_id";

from_both_rows!(ClaimedDispatch, |row| {
    let id: DispatchId = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let kind = stored(MailingKind::from_column(&kind), "dispatches", id, "kind")?;
    let settings: String = row.try_get("settings")?;
    let status: String = row.try_get("status")?;
    let source: String = row.try_get("source")?;
    let guest_phone: Option<String> = row.try_get("guest_phone")?;
    let property_id: PropertyId = row.try_get("property_id")?;
    Ok(ClaimedDispatch {
        settings: settings_of(kind, &settings, "dispatches' mailing, dispatch", id)?,
        booking: BookingFacts {
            status: stored(
                BookingStatus::from_column(&status),
                "dispatches",
                id,
                "booking status",
            )?,
            source: stored(
                BookingSource::from_column(&source),
                "dispatches",
                id,
                "booking source",
            )?,
            guaranteed: row.try_get("guaranteed")?,
            arrival_local: row.try_get("arrival_local")?,
            departure_local: row.try_get("departure_local")?,
            booked_at: row.try_get("booked_at")?,
            has_phone: guest_phone
                .as_deref()
                .is_some_and(|phone| !phone.is_empty()),
            opted_out: row.try_get("opted_out")?,
            payment_due_at: row.try_get("payment_due_at")?,
        },
        id,
        kind,
        guest_phone,
        property_id,
        dispatch_key: row.try_get("dispatch_key")?,
        attempts: row.try_get("attempts")?,
        sending_at: row.try_get("sending_at")?,
        mailing_active: row.try_get("mailing_active")?,
        activated_at: row.try_get("activated_at")?,
        integration_active: row.try_get("integration_active")?,
        api_key_sealed: row.try_get("api_key_sealed")?,
        provider_id: row.try_get("provider_id")?,
        lease_owner: row.try_get("lease_owner")?,
        lease_expires_at: row.try_get("lease_expires_at")?,
        time_zone: row.try_get("time_zone")?,
        property_name: row.try_get("property_name")?,
        guest_name: row.try_get("guest_name")?,
        guest_language: row.try_get("guest_language")?,
        number: row.try_get("number")?,
        payment_link: row.try_get("payment_link")?,
        policy: policy_of(
            row.try_get::<Option<String>, _>("policy")?.as_deref(),
            property_id,
        )?,
    })
});
