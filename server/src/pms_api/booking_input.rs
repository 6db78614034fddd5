//! The checks of a booking sent by the PMS: every field at fault is named.
use super::bookings::BookingBody;
use super::problem::FieldError;
use super::Problem;
use app::domain::booking::{BookingSource, BookingStatus};
use app::domain::{Email, Phone};
use app::ssr::db::planning::BookingInput;
use app::ssr::dispatch::plan::local_to_ms;

pub fn field(name: &'static str, problem: impl Into<String>) -> FieldError {
    FieldError {
        field: name,
        problem: problem.into(),
    }
}

pub fn instant(value: &str) -> Option<i64> {
    value
        .trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|at| at.as_millisecond())
}

/// Checks every field, reporting all that are wrong at once.
pub fn validate(number: &str, body: &BookingBody, zone: &str) -> Result<BookingInput, Problem> {
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
