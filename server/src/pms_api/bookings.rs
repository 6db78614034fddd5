//! `/api/v1/bookings`: the PMS upserts and cancels bookings; each change
//! re-plans the booking's service mailings (app::ssr::bookings). These
//! handlers only map the use cases to HTTP.
use super::{PmsProperty, Problem};
use app::domain::booking_input::{field_error, BookingDraft};
use app::domain::local_time::instant;
use app::ssr::bookings::{self, BookingError, BookingWithTimeline};
use app::ssr::clock::now_ms;
use app::ssr::db::bookings::BookingRow;
use app::ssr::db::dispatch_rows::DispatchRow;
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    modified_at: String,
}

/// A booking with its timeline of service messages.
#[derive(Debug, Serialize)]
pub struct BookingJson {
    booking: BookingRow,
    dispatches: Vec<DispatchJson>,
}

/// One dispatch as the PMS reads it: the state and the reason's code as
/// stored, the reason's data and IntellectDialog's words for support.
#[derive(Debug, Serialize)]
pub struct DispatchJson {
    id: app::domain::DispatchId,
    kind: app::domain::mailing::MailingKind,
    state: app::domain::DispatchState,
    due_at: i64,
    next_attempt_at: i64,
    attempts: i64,
    sent_at: Option<i64>,
    delivered_at: Option<i64>,
    read_at: Option<i64>,
    reason: Option<String>,
    reason_data: Option<serde_json::Value>,
    reason_detail: Option<String>,
}

impl From<DispatchRow> for DispatchJson {
    fn from(row: DispatchRow) -> Self {
        let (reason, data) = row.reason.map(|reason| reason.to_columns()).unzip();
        Self {
            id: row.id,
            kind: row.kind,
            state: row.state,
            due_at: row.due_at,
            next_attempt_at: row.next_attempt_at,
            attempts: row.attempts,
            sent_at: row.sent_at,
            delivered_at: row.delivered_at,
            read_at: row.read_at,
            reason,
            reason_data: data
                .flatten()
                .and_then(|data| serde_json::from_str(&data).ok()),
            reason_detail: row.detail,
        }
    }
}

impl From<BookingError> for Problem {
    fn from(error: BookingError) -> Self {
        match error {
            BookingError::Invalid(fields) => Problem::invalid(fields),
            BookingError::Stale => Problem::new(
                StatusCode::CONFLICT,
                "stale_update",
                "A later modification of this booking is already stored (compare modified_at); nothing changed.",
            ),
            BookingError::NotFound => Problem::not_found("Booking"),
            BookingError::Storage(error) => error.into(),
        }
    }
}

/// 201 for a new booking, 200 otherwise, with its timeline.
fn reply(found: BookingWithTimeline) -> Response {
    let status = if found.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = BookingJson {
        booking: found.booking,
        dispatches: found
            .dispatches
            .into_iter()
            .map(DispatchJson::from)
            .collect(),
    };
    (status, Json(body)).into_response()
}

pub async fn upsert(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(number): Path<String>,
    body: Result<Json<BookingDraft>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(draft) = body?;
    Ok(reply(
        bookings::put(&state, property_id, &number, &draft, now_ms()).await?,
    ))
}

/// `POST …/cancel`: cancels the booking (its pending mailings are cancelled too).
pub async fn cancel(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(number): Path<String>,
    body: Result<Json<CancelBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(body) = body?;
    let modified_at = instant(&body.modified_at).ok_or_else(|| {
        Problem::invalid(vec![field_error(
            "modified_at",
            "must be an RFC 3339 instant",
        )])
    })?;
    let found = bookings::cancel(&state, property_id, &number, modified_at, now_ms()).await?;
    Ok(reply(found))
}

pub async fn show(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(number): Path<String>,
) -> Result<Response, Problem> {
    Ok(reply(bookings::show(&state, property_id, &number).await?))
}
