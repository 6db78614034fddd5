//! The `/v2/` answer shapes every handler shares: the `response` envelope,
//! refusals inside it, the key check, body parsing and paging (the choices
//! they follow where the reference is silent are listed in [`super::api`]).
use super::world::{now_api_time, World};
use app::ssr::intellectdialog::envelope::{Envelope, Pagin};
use axum::http::{header::AUTHORIZATION, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;

/// Request bodies larger than this are refused (413).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A refusal, answered inside the envelope.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub message: String,
}

impl ApiFailure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(Envelope::error(now_api_time(), self.message)),
        )
            .into_response()
    }
}

pub type ApiResult = Result<Response, ApiFailure>;

/// `data` in a success envelope.
pub fn ok<T: Serialize>(data: T) -> ApiResult {
    Ok(Json(Envelope::success(now_api_time(), data)).into_response())
}

/// A bare acknowledgement.
pub fn ack() -> ApiResult {
    Ok(Json(Envelope::ack(now_api_time())).into_response())
}

/// The organisation the request's key belongs to (its index in the world).
pub fn authorise(world: &World, headers: &HeaderMap) -> Result<usize, ApiFailure> {
    let header = headers.get(AUTHORIZATION).ok_or_else(|| {
        ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized: the Authorization header is missing",
        )
    })?;
    let value = header.to_str().unwrap_or_default().trim();
    let key = value.strip_prefix("Bearer ").unwrap_or(value).trim();
    world
        .organisation_for_key(key)
        .ok_or_else(|| ApiFailure::new(StatusCode::UNAUTHORIZED, "Unauthorized: invalid API key"))
}

/// Parses a JSON body, saying what is wrong with a bad one.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiFailure> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiFailure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request body is too large",
        ));
    }
    serde_json::from_slice(body).map_err(|error| {
        let status = if error.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiFailure::new(status, format!("The request body is not valid: {error}"))
    })
}

/// One page of `items` per `limit` (1..=500, default 20) and `offset` (default 0),
/// after the `created_after`/`created_before` filters.
pub fn page<T: Serialize>(
    items: Vec<T>,
    created_at: impl for<'item> Fn(&'item T) -> Option<&'item str>,
    query: &HashMap<String, String>,
) -> ApiResult {
    let limit = number(query, "limit", 20)?;
    if !(1..=500).contains(&limit) {
        return Err(ApiFailure::invalid("The limit must be between 1 and 500"));
    }
    let offset = number(query, "offset", 0)?;
    let after = query.get("created_after").map(String::as_str);
    let before = query.get("created_before").map(String::as_str);
    let mut items: Vec<T> = items
        .into_iter()
        .filter(|item| {
            let at = created_at(item).unwrap_or_default();
            after.is_none_or(|after| at > after) && before.is_none_or(|before| at < before)
        })
        .collect();
    // Oldest first; the sort is stable, so equal times keep insertion order.
    items.sort_by(|left, right| created_at(left).cmp(&created_at(right)));
    let total = items.len() as u64;
    let page: Vec<T> = items
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    let pagin = Pagin {
        limit,
        offset,
        total,
    };
    Ok(Json(Envelope::page(now_api_time(), page, pagin)).into_response())
}

fn number(query: &HashMap<String, String>, name: &str, default: u32) -> Result<u32, ApiFailure> {
    match query.get(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .map_err(|_| ApiFailure::invalid(format!("The {name} must be a non-negative integer"))),
    }
}

/// Refuses a text field longer than `max` characters.
pub fn check_length(name: &str, value: &str, max: usize) -> Result<(), ApiFailure> {
    if value.chars().count() > max {
        return Err(ApiFailure::invalid(format!(
            "The {name} may not be greater than {max} characters"
        )));
    }
    Ok(())
}
