//! `/control/guest-messages`: a guest writes to the hotel's WhatsApp — the
//! message is stored in the emulator's world and `new_message` is delivered
//! (unless a test delivers it itself).
use super::conversations::{chat_for, normalise_phone, person_for_phone, receive};
use super::envelope::{parse_body, ApiFailure};
use super::Emulator;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use time::OffsetDateTime;

pub fn routes() -> Router<Emulator> {
    Router::new().route("/guest-messages", post(guest_message))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuestMessage {
    /// Defaults to the first (demo) organisation.
    organisation_id: Option<String>,
    /// Defaults to the organisation's first provider.
    provider_id: Option<String>,
    phone: String,
    name: Option<String>,
    text: String,
    /// `false`: stored, but no `new_message` is delivered (a test delivers
    /// it itself: twice, late, or altered).
    announce: Option<bool>,
    /// When the guest wrote (`YYYY-MM-DD HH:MM:SS`); default now.
    created_at: Option<String>,
    /// The employee or department the message is transferred to; default
    /// the dialog's current assignee.
    transfer_to: Option<String>,
}

/// A guest writes: the message is stored and `new_message` is delivered.
async fn guest_message(
    State(emulator): State<Emulator>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let body: GuestMessage = parse_body(&body)?;
    let phone =
        normalise_phone(&body.phone).ok_or_else(|| ApiFailure::invalid("The phone is invalid"))?;
    if body.text.trim().is_empty() {
        return Err(ApiFailure::invalid("The text field is required"));
    }
    let readable = |at: &String| app::ssr::chat::convert::parse_api_time(at).is_some();
    if body.created_at.as_ref().is_some_and(|at| !readable(at)) {
        return Err(ApiFailure::invalid(
            "The created_at field must be YYYY-MM-DD HH:MM:SS",
        ));
    }
    let (organisation_id, message) = emulator.with_world(|world| {
        let index = match &body.organisation_id {
            Some(id) => world
                .organisation_by_id(id)
                .ok_or_else(|| ApiFailure::not_found("Organisation"))?,
            None => 0,
        };
        let organisation = world
            .organisations
            .get_mut(index)
            .ok_or_else(|| ApiFailure::not_found("Organisation"))?;
        let provider = match &body.provider_id {
            Some(id) => organisation
                .providers
                .iter()
                .find(|provider| &provider.id == id),
            None => organisation.providers.first(),
        }
        .cloned()
        .ok_or_else(|| ApiFailure::not_found("Provider"))?;
        let now = OffsetDateTime::now_utc();
        let person = person_for_phone(organisation, &phone, body.name.as_deref());
        let chat = chat_for(organisation, &person, &provider, now);
        let stamp = (body.created_at.as_deref(), body.transfer_to.as_deref());
        Ok::<_, ApiFailure>((
            organisation.id.clone(),
            receive(organisation, &chat, &body.text, now, stamp),
        ))
    })?;
    if body.announce != Some(false) {
        super::delivery::announce_message(&emulator, &organisation_id, message.clone()).await;
    }
    Ok((StatusCode::CREATED, Json(message)).into_response())
}
