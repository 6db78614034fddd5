//! `/control/…` for providers: add one (other type spellings, unknown
//! types), and make WhatsApp treat one badly — disconnected (WhatsApp Web
//! logged out), blocked, or filtered (messages accepted, never delivered).
use super::envelope::ApiFailure;
use super::world::{new_id, now_api_time, ProviderHealth};
use super::Emulator;
use app::ssr::intellectdialog::model::Provider;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<Emulator> {
    Router::new()
        .route("/organisations/{id}/providers", post(add_provider))
        .route("/providers/{id}", put(set_provider))
}

type ControlResult = Result<Response, ApiFailure>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewProvider {
    name: String,
    #[serde(rename = "type")]
    type_name: Option<String>,
    type_id: Option<String>,
}

/// Adds a provider to an organisation; answers it (with its new id).
async fn add_provider(
    State(emulator): State<Emulator>,
    Path(organisation_id): Path<String>,
    body: Bytes,
) -> ControlResult {
    let body: NewProvider = serde_json::from_slice(&body)
        .map_err(|error| ApiFailure::invalid(format!("Malformed provider: {error}")))?;
    if body.name.trim().is_empty() {
        return Err(ApiFailure::invalid("name must not be empty"));
    }
    emulator.with_world(|world| {
        let index = world
            .organisation_by_id(&organisation_id)
            .ok_or_else(|| ApiFailure::not_found("Organisation"))?;
        let now = now_api_time();
        let provider = Provider {
            id: new_id(),
            name: body.name,
            type_id: body.type_id,
            type_name: body.type_name,
            status: Some("active".to_owned()),
            created_at: Some(now.clone()),
            updated_at: Some(now),
        };
        world.organisations[index].providers.push(provider.clone());
        Ok((StatusCode::CREATED, Json(provider)).into_response())
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderChange {
    /// `active`, `disconnected` or `blocked`.
    status: Option<String>,
    /// Accept messages but never deliver them.
    filtered: Option<bool>,
}

/// What WhatsApp does to a provider from now on.
async fn set_provider(
    State(emulator): State<Emulator>,
    Path(provider_id): Path<String>,
    body: Bytes,
) -> ControlResult {
    let change: ProviderChange = serde_json::from_slice(&body)
        .map_err(|error| ApiFailure::invalid(format!("Malformed change: {error}")))?;
    if let Some(status) = &change.status {
        if !["active", "disconnected", "blocked"].contains(&status.as_str()) {
            return Err(ApiFailure::invalid(
                "status must be active, disconnected or blocked",
            ));
        }
    }
    emulator.with_world(|world| {
        let provider = world
            .organisations
            .iter_mut()
            .flat_map(|organisation| organisation.providers.iter_mut())
            .find(|provider| provider.id == provider_id)
            .ok_or_else(|| ApiFailure::not_found("Provider"))?;
        if let Some(status) = change.status {
            provider.status = Some(status);
        }
        if let Some(filtered) = change.filtered {
            world
                .provider_health
                .insert(provider_id.clone(), ProviderHealth { filtered });
        }
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}
