//! `/api/v1/bookings`: the PMS upserts and cancels bookings; each change
//! re-plans the booking's service mailings in the same transaction.
use super::booking_input::{field, instant, validate};
use super::{PmsProperty, Problem};
use app::domain::booking::BookingStatus;
use app::ssr::clock::now_ms;
use app::ssr::db::bookings::{self, BookingRow, DispatchRow};
use app::ssr::db::planning::{self, BookingInput, BookingUpsert};
use app::ssr::db::properties;
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// A booking as the PMS sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingBody {
    pub(super) status: String,
    pub(super) source: String,
    pub(super) guaranteed: bool,
    #[serde(default)]
    pub(super) prepaid_amount: i64,
    pub(super) payment_due_at: Option<String>,
    pub(super) payment_link: Option<String>,
    /// Local date-time in the property's zone, `YYYY-MM-DDTHH:MM`.
    pub(super) arrival: String,
    pub(super) departure: String,
    pub(super) guest: GuestBody,
    /// RFC 3339 instants.
    pub(super) booked_at: String,
    pub(super) modified_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestBody {
    pub(super) name: String,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
    pub(super) language: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    modified_at: String,
}

/// A booking with its timeline of service messages.
#[derive(Debug, Serialize)]
pub struct BookingJson {
    booking: BookingRow,
    dispatches: Vec<DispatchRow>,
}

pub async fn upsert(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(number): Path<String>,
    body: Result<Json<BookingBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(body) = body?;
    let zone = zone(&state, property_id).await?;
    let input = validate(&number, &body, &zone)?;
    store(&state, property_id, &input).await
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
        Problem::invalid(vec![field("modified_at", "must be an RFC 3339 instant")])
    })?;
    let row = bookings::find(&state.db, property_id, &number)
        .await?
        .ok_or_else(|| Problem::not_found("Booking"))?;
    let input = BookingInput {
        status: BookingStatus::Cancelled,
        modified_at,
        ..row.into_input()
    };
    store(&state, property_id, &input).await
}

pub async fn show(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(number): Path<String>,
) -> Result<Json<BookingJson>, Problem> {
    let booking = bookings::find(&state.db, property_id, &number)
        .await?
        .ok_or_else(|| Problem::not_found("Booking"))?;
    let dispatches = bookings::timeline(&state.db, booking.id).await?;
    Ok(Json(BookingJson {
        booking,
        dispatches,
    }))
}

async fn store(
    state: &AppState,
    property_id: i64,
    input: &BookingInput,
) -> Result<Response, Problem> {
    let status = match planning::upsert_booking(&state.db, property_id, input, now_ms()).await? {
        BookingUpsert::Created(_) => StatusCode::CREATED,
        BookingUpsert::Updated(_) => StatusCode::OK,
        BookingUpsert::Stale(_) => {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "stale_update",
                "A later modification of this booking is already stored (compare modified_at); nothing changed.",
            ))
        }
    };
    let booking = bookings::find(&state.db, property_id, &input.number)
        .await?
        .ok_or_else(|| Problem::not_found("Booking"))?;
    let dispatches = bookings::timeline(&state.db, booking.id).await?;
    Ok((
        status,
        Json(BookingJson {
            booking,
            dispatches,
        }),
    )
        .into_response())
}

async fn zone(state: &AppState, property_id: i64) -> Result<String, Problem> {
    Ok(properties::find(&state.db, property_id)
        .await?
        .map(|property| property.time_zone)
        .unwrap_or_else(|| "UTC".into()))
}
