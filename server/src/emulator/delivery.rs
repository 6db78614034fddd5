//! What happens after a send: the message leaves at its slot, then `sent`,
//! `delivered` and `read` are stamped and announced by `new_status` webhooks;
//! guest messages are announced by `new_message`.
//!
//! Webhooks are POSTed as JSON to the organisation's URL once, with a 5 s
//! timeout; a failed delivery is logged and not retried (the real service's
//! retry policy is unknown).
use super::records::WebhookRecord;
use super::world::{api_time, precise_time};
use super::Emulator;
use app::ssr::intellectdialog::model::Message;
use app::ssr::intellectdialog::webhook::{
    DeliveryStatus, NewError, NewMessage, NewStatus, WebhookEvent,
};
use std::time::Duration;
use time::OffsetDateTime;

/// Moves an outgoing message through its statuses in the background.
/// A number WhatsApp filters (`filtered`) stops at `sent`.
pub fn track_outgoing(
    emulator: Emulator,
    organisation_id: String,
    (message_id, provider_id): (String, String),
    left_at: OffsetDateTime,
) {
    tokio::spawn(async move {
        sleep_until(left_at).await;
        let sent_after = emulator.with_world(|world| world.timings.sent_after_ms);
        tokio::time::sleep(Duration::from_millis(sent_after)).await;
        announce_status(
            &emulator,
            &organisation_id,
            &message_id,
            DeliveryStatus::Sent,
        )
        .await;
        let (timings, filtered) = emulator.with_world(|world| {
            let filtered = world
                .provider_health
                .get(&provider_id)
                .is_some_and(|health| health.filtered);
            (world.timings, filtered)
        });
        if filtered {
            return;
        }
        tokio::time::sleep(Duration::from_millis(timings.delivered_after_ms)).await;
        announce_status(
            &emulator,
            &organisation_id,
            &message_id,
            DeliveryStatus::Delivered,
        )
        .await;
        tokio::time::sleep(Duration::from_millis(timings.read_after_ms)).await;
        announce_status(
            &emulator,
            &organisation_id,
            &message_id,
            DeliveryStatus::Read,
        )
        .await;
    });
}

async fn sleep_until(at: OffsetDateTime) {
    let wait = at - OffsetDateTime::now_utc();
    if wait.is_positive() {
        tokio::time::sleep(wait.unsigned_abs()).await;
    }
}

/// What the emulator says of a message WhatsApp could not deliver.
const UNDELIVERED: &str = "Message could not be delivered";

/// Stamps the status on the stored message and sends the webhook.
async fn announce_status(
    emulator: &Emulator,
    organisation_id: &str,
    message_id: &str,
    status: DeliveryStatus,
) {
    if let Some(event) = stamp_status(emulator, organisation_id, message_id, status) {
        deliver(emulator, organisation_id, &event).await;
    }
}

/// Stamps the status on the stored message (delivery and read times, as
/// `GET messages/{id}` then shows them) and returns the webhook that
/// announces it; `None` when the message is gone (a reset).
pub fn stamp_status(
    emulator: &Emulator,
    organisation_id: &str,
    message_id: &str,
    status: DeliveryStatus,
) -> Option<WebhookEvent> {
    let now = api_time(OffsetDateTime::now_utc());
    emulator.with_world(|world| {
        let organisation = world
            .organisations
            .iter_mut()
            .find(|organisation| organisation.id == organisation_id)?;
        let stored = organisation.message_mut(message_id)?;
        match status {
            DeliveryStatus::Delivered => stored.message.delivered_at = Some(now.clone()),
            DeliveryStatus::Read => stored.message.viewed_at = Some(now.clone()),
            DeliveryStatus::Failed => {
                stored.message.error = Some(UNDELIVERED.to_owned());
            }
            DeliveryStatus::Sent => {}
        }
        stored.message.updated_at = Some(now.clone());
        let event = match status {
            DeliveryStatus::Failed => WebhookEvent::NewError(NewError {
                message_id: message_id.to_owned(),
                phone: stored.message.person_phone.clone(),
                error_at: Some(now),
                detail: Some(UNDELIVERED.to_owned()),
            }),
            status => WebhookEvent::NewStatus(NewStatus {
                message_id: message_id.to_owned(),
                status,
                status_at: now,
                marker: stored.message.marker.clone(),
                chat_id: stored.message.chat_id.clone(),
            }),
        };
        Some(event)
    })
}

/// Announces a message that arrived from a guest.
pub async fn announce_message(emulator: &Emulator, organisation_id: &str, message: Message) {
    let event = WebhookEvent::NewMessage(Box::new(NewMessage {
        message_id: message.id.clone(),
        message,
    }));
    deliver(emulator, organisation_id, &event).await;
}

/// POSTs `event` to the organisation's webhook, if it subscribed to it.
pub async fn deliver(emulator: &Emulator, organisation_id: &str, event: &WebhookEvent) {
    let name = match event {
        WebhookEvent::NewMessage(_) => "new_message",
        WebhookEvent::NewStatus(_) => "new_status",
        WebhookEvent::NewError(_) => "new_error",
    };
    let url = emulator.with_world(|world| {
        let organisation = world
            .organisations
            .iter()
            .find(|organisation| organisation.id == organisation_id)?;
        let webhook = organisation.webhook.as_ref()?;
        webhook
            .events
            .iter()
            .any(|event| event == name)
            .then(|| webhook.url.clone())
    });
    let Some(url) = url else { return };
    let answer = emulator.http.post(&url).json(event).send().await;
    record(
        emulator,
        name,
        event,
        answer
            .as_ref()
            .ok()
            .map(|response| response.status().as_u16()),
    );
    match answer {
        Ok(response) if response.status().is_success() => {
            tracing::debug!(
                event = name,
                message_id = event.message_id(),
                "emulator webhook delivered"
            );
        }
        Ok(response) => {
            tracing::warn!(event = name, status = %response.status(), "emulator webhook refused by the receiver")
        }
        Err(error) => {
            tracing::warn!(event = name, %error, "emulator webhook could not be delivered")
        }
    }
}

/// Keeps the delivery for `GET /control/webhooks`, once the receiver answered
/// (or could not be reached): a test can wait for a report to have been handled.
fn record(emulator: &Emulator, name: &str, event: &WebhookEvent, answered: Option<u16>) {
    let status = match event {
        WebhookEvent::NewStatus(status) => Some(status.status),
        WebhookEvent::NewMessage(_) | WebhookEvent::NewError(_) => None,
    };
    let record = WebhookRecord {
        event: name.to_owned(),
        message_id: event.message_id().to_owned(),
        status,
        delivered_at: precise_time(OffsetDateTime::now_utc()),
        answered,
    };
    emulator.with_world(|world| world.webhooks.push(record));
}
