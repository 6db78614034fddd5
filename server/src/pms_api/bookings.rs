//! `/api/v1/bookings`: the PMS upserts and cancels bookings; each change
//! re-plans the booking's service mailings in the same transaction.
use super::problem::FieldError;
use super::{PmsProperty, Problem};
use app::domain::booking::{BookingSource, BookingStatus};
use app::domain::{Email, Phone};
use app::ssr::clock::now_ms;
use app::ssr::db::bookings::{self, BookingRow, DispatchRow};
use app::ssr::db::planning::{self, BookingInput, BookingUpsert};
use app::ssr::db::properties;
use app::ssr::dispatch::plan::local_to_ms;
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
    status: String,
    source: String,
    guaranteed: bool,
    #[serde(default)]
    prepaid_amount: i64,
    payment_due_at: Option<String>,
    payment_link: Option<String>,
    /// Local date-time in the property's zone, `YYYY-MM-DDTHH:MM`.
    arrival: String,
    departure: String,
    guest: GuestBody,
    /// RFC 3339 instants.
    booked_at: String,
    modified_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestBody {
    name: String,
    phone: Option<String>,
    email: Option<String>,
    language: Option<String>,
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
        number: row.number,
        status: BookingStatus::Cancelled,
        source: BookingSource::parse(&row.source).unwrap_or(BookingSource::Pms),
        guaranteed: row.guaranteed,
        prepaid_amount: row.prepaid_amount,
        payment_due_at: row.payment_due_at,
        payment_link: row.payment_link,
        arrival_local: row.arrival_local,
        departure_local: row.departure_local,
        arrival_at: row.arrival_at,
        departure_at: row.departure_at,
        guest_name: row.guest_name,
        guest_phone: row.guest_phone,
        guest_email: row.guest_email,
        guest_language: row.guest_language,
        booked_at: row.booked_at,
        modified_at,
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

fn field(name: &'static str, problem: impl Into<String>) -> FieldError {
    FieldError {
        field: name,
        problem: problem.into(),
    }
}

fn instant(value: &str) -> Option<i64> {
    value
        .trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|at| at.as_millisecond())
}

/// Checks every field, reporting all that are wrong at once.
fn validate(number: &str, body: &BookingBody, zone: &str) -> Result<BookingInput, Problem> {
    let mut fields = Vec::new();
    if number.trim().is_empty() || number.len() > 64 || number.chars().any(char::is_control) {
        fields.push(field("number", "must be 1–64 printable characters"));
    }
    let status = BookingStatus::parse(&body.status);
    if status.is_none() {
        fields.push(field(
            "status",
            format!("must be `active` or `cancelled`, got `{}`", body.status),
        ));
    }
    let source = BookingSource::parse(&body.source);
    if source.is_none() {
        fields.push(field(
            "source",
            format!("must be `site`, `channel` or `pms`, got `{}`", body.source),
        ));
    }
    if body.prepaid_amount < 0 {
        fields.push(field("prepaid_amount", "must not be negative"));
    }
    let payment_due_at = body.payment_due_at.as_deref().map(instant);
    if payment_due_at == Some(None) {
        fields.push(field("payment_due_at", "must be an RFC 3339 instant"));
    }
    let link = body
        .payment_link
        .as_deref()
        .map(str::trim)
        .filter(|link| !link.is_empty());
    if link.is_some_and(|link| {
        !(link.starts_with("https://") || link.starts_with("http://")) || link.len() > 500
    }) {
        fields.push(field(
            "payment_link",
            "must be an http(s) URL of at most 500 characters",
        ));
    }
    let arrival = local_to_ms(&body.arrival, zone);
    if arrival.is_none() {
        fields.push(field(
            "arrival",
            "must be a local date-time YYYY-MM-DDTHH:MM",
        ));
    }
    let departure = local_to_ms(&body.departure, zone);
    if departure.is_none() {
        fields.push(field(
            "departure",
            "must be a local date-time YYYY-MM-DDTHH:MM",
        ));
    }
    if let (Some(arrival), Some(departure)) = (arrival, departure) {
        if departure <= arrival {
            fields.push(field("departure", "must be after the arrival"));
        }
    }
    let name = body.guest.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        fields.push(field("guest.name", "must be 1–200 characters"));
    }
    let phone = body
        .guest
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|phone| !phone.is_empty())
        .map(Phone::parse);
    if let Some(Err(_)) = &phone {
        fields.push(field(
            "guest.phone",
            "is not a phone number (10–15 digits, e.g. +7 912 345-67-89)",
        ));
    }
    let email = body
        .guest
        .email
        .as_deref()
        .map(str::trim)
        .filter(|email| !email.is_empty())
        .map(Email::parse);
    if let Some(Err(_)) = &email {
        fields.push(field("guest.email", "is not an e-mail address"));
    }
    let language = body.guest.language.clone().unwrap_or_else(|| "ru".into());
    if !matches!(language.as_str(), "ru" | "en") {
        fields.push(field("guest.language", "must be `ru` or `en`"));
    }
    let booked_at = instant(&body.booked_at);
    if booked_at.is_none() {
        fields.push(field("booked_at", "must be an RFC 3339 instant"));
    }
    let modified_at = instant(&body.modified_at);
    if modified_at.is_none() {
        fields.push(field("modified_at", "must be an RFC 3339 instant"));
    }
    match (status, source, arrival, departure, booked_at, modified_at) {
        (
            Some(status),
            Some(source),
            Some(arrival_at),
            Some(departure_at),
            Some(booked_at),
            Some(modified_at),
        ) if fields.is_empty() => Ok(BookingInput {
            number: number.trim().to_owned(),
            status,
            source,
            guaranteed: body.guaranteed,
            prepaid_amount: body.prepaid_amount,
            payment_due_at: payment_due_at.flatten(),
            payment_link: link.map(str::to_owned),
            arrival_local: body.arrival.trim().to_owned(),
            departure_local: body.departure.trim().to_owned(),
            arrival_at,
            departure_at,
            guest_name: name.to_owned(),
            guest_phone: phone
                .and_then(Result::ok)
                .map(|phone| phone.as_str().to_owned()),
            guest_email: email
                .and_then(Result::ok)
                .map(|email| email.as_str().to_owned()),
            guest_language: language,
            booked_at,
            modified_at,
        }),
        _ => Err(Problem::invalid(fields)),
    }
}
