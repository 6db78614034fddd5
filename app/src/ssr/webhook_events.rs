//! IntellectDialog's webhook events for one property: notifications, not truth.
//!
//! IntellectDialog signs nothing, and anyone who learns a webhook URL can
//! post to it. So an event first asks our own records whether it could
//! change anything (a report about nothing of ours costs no API call), then
//! reads the message back from IntellectDialog with the property's key
//! (`GET messages/{id}`), and only what IntellectDialog says is applied: a
//! guest message is stored as the API has it, a status only when the API
//! bears it out. A payload that disagrees with the API changes nothing and
//! is logged. A chat's phone and provider are never rewritten by an event
//! (`chat_store` keeps the first ones).
use crate::domain::PropertyId;
use crate::ssr::chat::inbound;
use crate::ssr::db::{chat_dialogs, delivery as tracked, integrations};
use crate::ssr::delivery::{self, outcome_of, DeliveryReport};
use crate::ssr::intellectdialog::model::Message;
use crate::ssr::intellectdialog::webhook::{DeliveryStatus, WebhookEvent};
use crate::ssr::intellectdialog::ApiError;
use crate::ssr::AppState;

/// What became of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// Confirmed and applied; true when something moved.
    Applied(bool),
    /// About nothing of ours (or already known): IntellectDialog was not asked.
    NothingToDo,
    /// IntellectDialog contradicts it: nothing changed, and nothing will.
    NotConfirmed(String),
    /// Not confirmed now (IntellectDialog does not show the status yet, or
    /// the property's confirmations are used up): nothing changed; a retry
    /// may succeed.
    Deferred(String),
}

/// The per-property limiter of confirmations (see [`WebhookSettings`]).
pub fn budget(
    settings: &crate::ssr::config::WebhookSettings,
) -> governor::DefaultKeyedRateLimiter<PropertyId> {
    let rate = std::num::NonZeroU32::new(settings.confirmations_per_second)
        .unwrap_or(std::num::NonZeroU32::MIN);
    let burst =
        rate.saturating_mul(std::num::NonZeroU32::new(10).unwrap_or(std::num::NonZeroU32::MIN));
    governor::DefaultKeyedRateLimiter::keyed(governor::Quota::per_second(rate).allow_burst(burst))
}

/// Why an event could not be handled now (IntellectDialog may send it again).
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("storing the event: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("confirming the event with IntellectDialog: {0}")]
    Unconfirmable(String),
}

/// Confirms `event` with IntellectDialog and applies what it says.
#[tracing::instrument(skip_all, fields(%property_id, message_id = event.message_id()))]
pub async fn handle(
    state: &AppState,
    property_id: PropertyId,
    event: &WebhookEvent,
    now: i64,
) -> Result<Handled, EventError> {
    match event {
        WebhookEvent::NewMessage(new) => {
            let db = &state.db;
            if chat_dialogs::knows_message(db, property_id, &new.message_id, None).await? {
                return Ok(Handled::NothingToDo);
            }
            let api = match read_back(state, property_id, &new.message_id).await? {
                Ok(api) => api,
                Err(refusal) => return Ok(refusal),
            };
            if let Some(field) = message_mismatch(&new.message, &api) {
                return Ok(Handled::NotConfirmed(format!(
                    "the message's {field} differs from IntellectDialog's"
                )));
            }
            let fresh = inbound::new_message(state, property_id, &api, now).await?;
            Ok(Handled::Applied(fresh))
        }
        WebhookEvent::NewStatus(status) => {
            let claim = (
                &status.message_id[..],
                status.marker.as_deref(),
                status.status,
            );
            report(state, property_id, claim, now).await
        }
        WebhookEvent::NewError(error) => {
            let claim = (&error.message_id[..], None, DeliveryStatus::Failed);
            report(state, property_id, claim, now).await
        }
    }
}

/// A delivery report: applied with IntellectDialog's own marker once the
/// API shows the status it claims.
async fn report(
    state: &AppState,
    property_id: PropertyId,
    (message_id, marker, status): (&str, Option<&str>, DeliveryStatus),
    now: i64,
) -> Result<Handled, EventError> {
    let db = &state.db;
    let in_chats = chat_dialogs::knows_message(db, property_id, message_id, marker).await?;
    let in_dispatches = match outcome_of(status) {
        Some(outcome) => {
            tracked::is_tracked(db, property_id, (message_id, marker), outcome).await?
        }
        None => false,
    };
    if !in_chats && !in_dispatches {
        return Ok(Handled::NothingToDo);
    }
    let api = match read_back(state, property_id, message_id).await? {
        Ok(api) => api,
        Err(refusal) => return Ok(refusal),
    };
    match status_mismatch(&api, marker, status) {
        Some(Mismatch::Contradicts(why)) => return Ok(Handled::NotConfirmed(why.to_owned())),
        Some(Mismatch::NotYet(why)) => return Ok(Handled::Deferred(why.to_owned())),
        None => {}
    }
    let report = DeliveryReport {
        message_id,
        marker: api.marker.as_deref(),
        status,
        // IntellectDialog's own words, not the payload's.
        detail: api.error.as_deref(),
    };
    let moved = delivery::apply(state, property_id, report, now)
        .await
        .map_err(|error| match error {
            delivery::DeliveryError::Storage(error) => EventError::Storage(error),
        })?;
    Ok(Handled::Applied(moved))
}

/// The message as IntellectDialog has it, or why the event is not confirmed.
async fn read_back(
    state: &AppState,
    property_id: PropertyId,
    message_id: &str,
) -> Result<Result<Message, Handled>, EventError> {
    if state.webhook_budget.check_key(&property_id).is_err() {
        return Ok(Err(Handled::Deferred(
            "the property's confirmations are used up for now".to_owned(),
        )));
    }
    let row = integrations::find(&state.db, property_id).await?;
    let client = crate::ssr::integration::client_for(state, &row)
        .map_err(|error| EventError::Unconfirmable(error.to_string()))?;
    match client.message(message_id).await {
        Ok(message) if message.id == message_id => Ok(Ok(message)),
        Ok(_) | Err(ApiError::NotFound { .. }) => Ok(Err(Handled::NotConfirmed(
            "IntellectDialog has no such message".to_owned(),
        ))),
        Err(error) => Err(EventError::Unconfirmable(error.to_string())),
    }
}

/// The first field of a `new_message` payload that IntellectDialog's copy
/// of the message contradicts (fields the payload leaves out are not compared).
pub fn message_mismatch(claimed: &Message, api: &Message) -> Option<&'static str> {
    let differs = |claimed: &Option<String>, api: &Option<String>| {
        claimed
            .as_ref()
            .is_some_and(|value| Some(value) != api.as_ref())
    };
    let digits = |phone: &Option<String>| {
        phone.as_deref().map(|phone| {
            phone
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
    };
    if differs(&claimed.chat_id, &api.chat_id) {
        Some("chat")
    } else if claimed.person_phone.is_some()
        && digits(&claimed.person_phone) != digits(&api.person_phone)
    {
        Some("phone")
    } else if differs(&claimed.provider_id, &api.provider_id) {
        Some("provider")
    } else if differs(&claimed.text, &api.text) {
        Some("text")
    } else if differs(&claimed.type_name, &api.type_name) {
        Some("direction")
    } else {
        None
    }
}

/// How IntellectDialog's copy of a message disagrees with a claimed status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// It never will agree (another mark, a guest's message, delivered).
    Contradicts(&'static str),
    /// It does not show the status yet (it may lag its own webhook).
    NotYet(&'static str),
}

/// Why IntellectDialog's copy of the message does not bear out the claimed
/// status, if it does not.
pub fn status_mismatch(
    api: &Message,
    marker: Option<&str>,
    status: DeliveryStatus,
) -> Option<Mismatch> {
    if api.is_incoming() {
        return Some(Mismatch::Contradicts(
            "the message is a guest's, it has no delivery status",
        ));
    }
    if marker.is_some() && api.marker.as_deref() != marker {
        return Some(Mismatch::Contradicts("the message carries another mark"));
    }
    match status {
        DeliveryStatus::Sent => None,
        DeliveryStatus::Delivered if api.delivered_at.is_none() => {
            Some(Mismatch::NotYet("IntellectDialog has not delivered it"))
        }
        DeliveryStatus::Read if api.viewed_at.is_none() => {
            Some(Mismatch::NotYet("IntellectDialog has no read time"))
        }
        DeliveryStatus::Failed if api.delivered_at.is_some() => {
            Some(Mismatch::Contradicts("IntellectDialog delivered it"))
        }
        DeliveryStatus::Failed if api.error.is_none() => {
            Some(Mismatch::NotYet("IntellectDialog shows no error for it"))
        }
        _ => None,
    }
}
