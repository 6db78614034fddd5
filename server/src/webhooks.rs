//! `POST /webhooks/intellectdialog/{secret}`: IntellectDialog's events for one
//! property, authenticated by the secret in the registered URL. Delivery
//! reports move dispatches to delivered / read / failed (step 6) and replies
//! in the live chats on; guest messages are stored once and announced.
use app::ssr::chat::inbound;
use app::ssr::clock::now_ms;
use app::ssr::db::{delivery, integrations};
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
            tracing::warn!(%error, property_id, "malformed webhook refused");
            return (StatusCode::BAD_REQUEST, error.to_string()).into_response();
        }
    };
    let now = now_ms();
    let tracked = match &event {
        WebhookEvent::NewStatus(status) => {
            let chat = inbound::new_status(
                &state,
                property_id,
                &status.message_id,
                status.marker.as_deref(),
                status.status,
                now,
            )
            .await;
            let state_name = match status.status {
                DeliveryStatus::Sent => None,
                DeliveryStatus::Delivered => Some("delivered"),
                DeliveryStatus::Read => Some("read"),
                DeliveryStatus::Failed => Some("failed"),
            };
            match (chat, state_name) {
                (Err(error), _) => Err(error),
                (Ok(moved), None) => Ok(moved),
                (Ok(moved), Some(state_name)) => {
                    let reason = (state_name == "failed")
                        .then_some("IntellectDialog reported the message failed");
                    delivery::track(
                        &state.db,
                        property_id,
                        &status.message_id,
                        status.marker.as_deref(),
                        state_name,
                        reason,
                        now,
                    )
                    .await
                    .map(|tracked| tracked || moved)
                }
            }
        }
        WebhookEvent::NewError(error) => {
            let reason = format!(
                "IntellectDialog: {}",
                error.detail.as_deref().unwrap_or("delivery error")
            );
            match inbound::new_status(
                &state,
                property_id,
                &error.message_id,
                None,
                DeliveryStatus::Failed,
                now,
            )
            .await
            {
                Err(error) => Err(error),
                Ok(moved) => delivery::track(
                    &state.db,
                    property_id,
                    &error.message_id,
                    None,
                    "failed",
                    Some(&reason),
                    now,
                )
                .await
                .map(|tracked| tracked || moved),
            }
        }
        WebhookEvent::NewMessage(message) => {
            inbound::new_message(&state, property_id, &message.message, now).await
        }
    };
    match tracked {
        Ok(moved) => {
            tracing::debug!(property_id, moved, "webhook handled");
            StatusCode::OK.into_response()
        }
        Err(error) => {
            tracing::error!(%error, "webhook: storing the event");
            // IntellectDialog retries on failure.
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
