//! `POST /webhooks/intellectdialog/{secret}`: IntellectDialog's events for one
//! property, authenticated by the secret in the registered URL. Delivery
//! reports move dispatches to delivered / read / failed (step 6) and replies
//! in the live chats on (app::ssr::delivery); guest messages are stored once
//! and announced. This handler only maps them to HTTP.
use app::ssr::chat::inbound;
use app::ssr::clock::now_ms;
use app::ssr::db::integrations;
use app::ssr::delivery::{self, DeliveryReport};
use app::ssr::intellectdialog::webhook::{DeliveryStatus, WebhookEvent};
use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Where webhooks arrive.
pub const WEBHOOK_PREFIX: &str = "/webhooks/";

pub async fn intellectdialog(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    body: Bytes,
) -> Response {
    let property_id = match integrations::property_by_webhook_secret(&state.db, &secret).await {
        Ok(Some(property_id)) => property_id,
        Ok(None) => {
            tracing::warn!("webhook with an unknown secret refused");
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(error) => {
            tracing::error!(%error, "webhook: looking up the secret");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let event = match WebhookEvent::parse(&body) {
        Ok(event) => event,
        Err(error) => {
            tracing::warn!(%error, %property_id, "malformed webhook refused");
            return (StatusCode::BAD_REQUEST, error.to_string()).into_response();
        }
    };
    let now = now_ms();
    let tracked = match &event {
        WebhookEvent::NewStatus(status) => {
            let report = DeliveryReport {
                message_id: &status.message_id,
                marker: status.marker.as_deref(),
                status: status.status,
                detail: None,
            };
            delivery::apply(&state, property_id, report, now)
                .await
                .map_err(|error| error.to_string())
        }
        WebhookEvent::NewError(error) => {
            let report = DeliveryReport {
                message_id: &error.message_id,
                marker: None,
                status: DeliveryStatus::Failed,
                detail: error.detail.as_deref(),
            };
            delivery::apply(&state, property_id, report, now)
                .await
                .map_err(|error| error.to_string())
        }
        WebhookEvent::NewMessage(message) => {
            inbound::new_message(&state, property_id, &message.message, now)
                .await
                .map_err(|error| error.to_string())
        }
    };
    match tracked {
        Ok(moved) => {
            tracing::debug!(%property_id, moved, "webhook handled");
            StatusCode::OK.into_response()
        }
        Err(error) => {
            tracing::error!(%error, "webhook: storing the event");
            // IntellectDialog retries on failure.
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
