//! Delivery reports (IntellectDialog's `new_status` / `new_error`), the one
//! use case behind the webhook: a reply in the live chats moves on, and a
//! service message's dispatch moves forward (never back).
use crate::domain::{DeliveryOutcome, PropertyId};
use crate::ssr::chat::inbound;
use crate::ssr::db::delivery;
use crate::ssr::intellectdialog::webhook::DeliveryStatus;
use crate::ssr::AppState;

/// One report about one outgoing message.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryReport<'a> {
    pub message_id: &'a str,
    /// Our key (`mark`) when IntellectDialog gives it back.
    pub marker: Option<&'a str>,
    pub status: DeliveryStatus,
    /// IntellectDialog's own words when it failed (`new_error`).
    pub detail: Option<&'a str>,
}

/// Why a report could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("storing the delivery report: {0}")]
    Storage(#[from] sqlx::Error),
}

/// The dispatch transition a delivery status stands for (`sent` changes
/// nothing: the send's own answer records it).
pub fn outcome_of(status: DeliveryStatus) -> Option<DeliveryOutcome> {
    match status {
        DeliveryStatus::Sent => None,
        DeliveryStatus::Delivered => Some(DeliveryOutcome::Delivered),
        DeliveryStatus::Read => Some(DeliveryOutcome::Read),
        DeliveryStatus::Failed => Some(DeliveryOutcome::Failed),
    }
}

/// Applies a report to whichever of our messages it is about; true when
/// something moved.
#[tracing::instrument(skip_all, fields(%property_id, message_id = report.message_id))]
pub async fn apply(
    state: &AppState,
    property_id: PropertyId,
    report: DeliveryReport<'_>,
    now: i64,
) -> Result<bool, DeliveryError> {
    let DeliveryReport {
        message_id,
        marker,
        status,
        detail,
    } = report;
    let chat = inbound::new_status(state, property_id, message_id, marker, status, now).await?;
    let Some(outcome) = outcome_of(status) else {
        return Ok(chat);
    };
    let key = (message_id, marker);
    let dispatch = delivery::track(&state.db, property_id, key, outcome, detail, now).await?;
    Ok(chat || dispatch)
}
