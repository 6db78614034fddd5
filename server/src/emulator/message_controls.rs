//! `/control/messages/{id}/status`: what WhatsApp did with an outgoing
//! message, now — delivered, read or failed — stamped on the message (so
//! `GET messages/{id}` shows it) and announced, unless a test asks to post
//! the webhook itself (`"announce": false`; the answer is that webhook).
use super::delivery::{deliver, stamp_status};
use super::envelope::ApiFailure;
use super::Emulator;
use app::ssr::intellectdialog::webhook::DeliveryStatus;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<Emulator> {
    Router::new().route("/messages/{id}/status", put(set_status))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusChange {
    status: DeliveryStatus,
    announce: Option<bool>,
}

async fn set_status(
    State(emulator): State<Emulator>,
    Path(message_id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let change: StatusChange = serde_json::from_slice(&body).map_err(|error| {
        ApiFailure::invalid(format!(
            "Expected {{\"status\": \"sent\"|\"delivered\"|\"read\"|\"failed\", \"announce\"?}}: {error}"
        ))
    })?;
    let organisation_id = emulator
        .with_world(|world| {
            world
                .organisations
                .iter()
                .find(|organisation| organisation.message_index.contains_key(&message_id))
                .map(|organisation| organisation.id.clone())
        })
        .ok_or_else(|| ApiFailure::not_found("Message"))?;
    let event = stamp_status(&emulator, &organisation_id, &message_id, change.status)
        .ok_or_else(|| ApiFailure::not_found("Message"))?;
    if change.announce != Some(false) {
        deliver(&emulator, &organisation_id, &event).await;
    }
    Ok(Json(event).into_response())
}
