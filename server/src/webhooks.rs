//! `POST /webhooks/intellectdialog/{secret}`: IntellectDialog's events for one
//! property, found by the secret in the registered URL. An unknown secret, or
//! one of an integration that is switched off, answers 404 and changes
//! nothing. Every event is confirmed with IntellectDialog before it changes
//! anything (`app::ssr::webhook_events`); this handler only maps the outcome
//! to HTTP.
use app::ssr::clock::now_ms;
use app::ssr::db::integrations;
use app::ssr::intellectdialog::webhook::WebhookEvent;
use app::ssr::webhook_events::{self, EventError, Handled};
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
        Ok(Some((property_id, true))) => property_id,
        Ok(Some((property_id, false))) => {
            tracing::warn!(%property_id, "webhook for a switched-off integration refused");
            return StatusCode::NOT_FOUND.into_response();
        }
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
    match webhook_events::handle(&state, property_id, &event, now_ms()).await {
        Ok(Handled::Applied(moved)) => {
            tracing::debug!(%property_id, moved, "webhook handled");
            StatusCode::OK.into_response()
        }
        Ok(Handled::NothingToDo) => StatusCode::OK.into_response(),
        // The answers say nothing of why: the log does. A contradicted
        // event is answered 200 (a retry would not change the answer), one
        // that may yet be confirmed 503 (IntellectDialog may send it again).
        Ok(Handled::NotConfirmed(why)) => {
            tracing::warn!(%property_id, message_id = event.message_id(), why, "webhook contradicted by IntellectDialog; nothing changed");
            StatusCode::OK.into_response()
        }
        Ok(Handled::Deferred(why)) => {
            tracing::warn!(%property_id, message_id = event.message_id(), why, "webhook not confirmed yet; nothing changed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Err(EventError::Storage(error)) => {
            tracing::error!(%error, "webhook: storing the event");
            // IntellectDialog retries on failure.
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Err(error @ EventError::Unconfirmable(_)) => {
            tracing::warn!(%error, %property_id, "webhook could not be confirmed now");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
