//! `stoplist` and `webhooks`.
use super::envelope::{ack, ok, page, parse_body, ApiFailure, ApiResult};
use super::world::{new_id, now_api_time};
use super::Emulator;
use app::ssr::intellectdialog::model::{StopListEntry, WebhookSubscription};
use app::ssr::intellectdialog::webhook::EVENT_NAMES;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use std::collections::HashMap;

pub async fn stop_list(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        page(
            organisation.stop_list.clone(),
            |entry| entry.created_at.as_deref(),
            &query,
        )
    })
}

pub async fn stop_list_entry(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let entry = organisation.stop_list.iter().find(|entry| entry.id == id);
        ok(entry.ok_or_else(|| ApiFailure::not_found("Stop list entry"))?)
    })
}

#[derive(Deserialize)]
struct StopListBody {
    person_id: Option<String>,
}

pub async fn add_to_stop_list(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body: StopListBody = parse_body(&body)?;
    emulator.with_organisation(&headers, |organisation| {
        let person_id = body
            .person_id
            .ok_or_else(|| ApiFailure::invalid("The person_id field is required"))?;
        let person = organisation
            .persons
            .iter()
            .find(|person| person.id == person_id)
            .ok_or_else(|| {
                ApiFailure::invalid("The person_id is not a person of this organisation")
            })?;
        if organisation
            .stop_list
            .iter()
            .any(|entry| entry.person_id == person_id)
        {
            return Err(ApiFailure::invalid(
                "The person is already in the stop list",
            ));
        }
        let entry = StopListEntry {
            id: new_id(),
            person_id,
            person_name: Some(person.name.clone()),
            person_phone: Some(person.phone.clone()),
            created_at: Some(now_api_time()),
        };
        organisation.stop_list.push(entry.clone());
        ok(entry)
    })
}

pub async fn remove_from_stop_list(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let stop_list = &mut organisation.stop_list;
        let before = stop_list.len();
        stop_list.retain(|entry| entry.id != id);
        if stop_list.len() == before {
            return Err(ApiFailure::not_found("Stop list entry"));
        }
        ack()
    })
}

pub async fn webhook(State(emulator): State<Emulator>, headers: HeaderMap) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        ok(organisation
            .webhook
            .as_ref()
            .ok_or_else(|| ApiFailure::new(StatusCode::NOT_FOUND, "No webhook is set"))?)
    })
}

#[derive(Deserialize)]
struct WebhookBody {
    url: Option<String>,
    events: Option<Vec<String>>,
}

/// Creates or replaces the organisation's one subscription.
pub async fn set_webhook(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body: WebhookBody = parse_body(&body)?;
    let refused = |url: &reqwest::Url| emulator.refuse_webhook_target(url);
    emulator.with_organisation(&headers, |organisation| {
        let url = body
            .url
            .ok_or_else(|| ApiFailure::invalid("The url field is required"))?;
        let parsed = reqwest::Url::parse(&url)
            .map_err(|_| ApiFailure::invalid("The url must be a valid URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(ApiFailure::invalid("The url must be a valid http(s) URL"));
        }
        if let Some(why) = refused(&parsed) {
            return Err(ApiFailure::invalid(why));
        }
        let events = body
            .events
            .filter(|events| !events.is_empty())
            .ok_or_else(|| ApiFailure::invalid("The events field is required"))?;
        if let Some(unknown) = events
            .iter()
            .find(|event| !EVENT_NAMES.contains(&event.as_str()))
        {
            return Err(ApiFailure::invalid(format!(
                "The selected event {unknown} is invalid"
            )));
        }
        let subscription = WebhookSubscription { url, events };
        organisation.webhook = Some(subscription.clone());
        ok(subscription)
    })
}

pub async fn delete_webhook(State(emulator): State<Emulator>, headers: HeaderMap) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        organisation.webhook = None;
        ack()
    })
}
