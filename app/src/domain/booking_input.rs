//! A booking as the PMS sends it (`BookingDraft`, unchecked) and as the rest
//! of the server sees it (`BookingInput`, every field checked once). Every
//! field at fault is named at once, so the PMS can fix them in one go.
use super::booking::{BookingSource, BookingStatus};
use super::local_time::{instant, local_to_ms};
use super::{Email, Phone};
use serde::Deserialize;

/// A booking as the PMS sends it (the body of `PUT /api/v1/bookings/{number}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingDraft {
    pub status: String,
    pub source: String,
    pub guaranteed: bool,
    #[serde(default)]
    pub prepaid_amount: i64,
    pub payment_due_at: Option<String>,
    pub payment_link: Option<String>,
    /// Local date-time in the property's zone, `YYYY-MM-DDTHH:MM`.
    pub arrival: String,
    pub departure: String,
    pub guest: GuestDraft,
    /// RFC 3339 instants.
    pub booked_at: String,
    pub modified_at: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestDraft {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: Option<String>,
}

/// A booking, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingInput {
    pub number: String,
    pub status: BookingStatus,
    pub source: BookingSource,
    pub guaranteed: bool,
    pub prepaid_amount: i64,
    pub payment_due_at: Option<i64>,
    pub payment_link: Option<String>,
    pub arrival_local: String,
    pub departure_local: String,
    pub arrival_at: i64,
    pub departure_at: i64,
    pub guest_name: String,
    pub guest_phone: Option<String>,
    pub guest_email: Option<String>,
    pub guest_language: String,
    pub booked_at: i64,
    pub modified_at: i64,
}

/// One field the PMS got wrong, and how (English: the PMS API's language).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: String,
}

/// A field and what is wrong with it.
pub fn field_error(field: &'static str, problem: impl Into<String>) -> FieldError {
    FieldError {
        field,
        problem: problem.into(),
    }
}

/// Collects the problems while the fields are read.
#[derive(Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    fn check<T>(&mut self, field: &'static str, value: Option<T>, problem: &str) -> Option<T> {
        if value.is_none() {
            self.0.push(field_error(field, problem));
        }
        value
    }

    fn refuse(&mut self, field: &'static str, problem: impl Into<String>) {
        self.0.push(field_error(field, problem));
    }
}

const LOCAL_TIME: &str = "must be a local date-time YYYY-MM-DDTHH:MM";
const INSTANT: &str = "must be an RFC 3339 instant";

impl BookingInput {
    /// Checks every field of `draft` for booking `number` of a property in
    /// `zone`, reporting all that are wrong at once.
    pub fn parse(number: &str, draft: &BookingDraft, zone: &str) -> Result<Self, Vec<FieldError>> {
        let mut problems = Problems::default();
        if number.trim().is_empty() || number.len() > 64 || number.chars().any(char::is_control) {
            problems.refuse("number", "must be 1–64 printable characters");
        }
        let status = BookingStatus::parse(&draft.status);
        let status = problems.check(
            "status",
            status,
            &format!("must be `active` or `cancelled`, got `{}`", draft.status),
        );
        let source = BookingSource::parse(&draft.source);
        let source = problems.check(
            "source",
            source,
            &format!("must be `site`, `channel` or `pms`, got `{}`", draft.source),
        );
        if draft.prepaid_amount < 0 {
            problems.refuse("prepaid_amount", "must not be negative");
        }
        let payment_due_at = match draft.payment_due_at.as_deref() {
            Some(raw) => problems
                .check("payment_due_at", instant(raw), INSTANT)
                .map(Some),
            None => Some(None),
        };
        let payment_link = payment_link(draft, &mut problems);
        let arrival = problems.check("arrival", local_to_ms(&draft.arrival, zone), LOCAL_TIME);
        let departure =
            problems.check("departure", local_to_ms(&draft.departure, zone), LOCAL_TIME);
        if let (Some(arrival), Some(departure)) = (arrival, departure) {
            if departure <= arrival {
                problems.refuse("departure", "must be after the arrival");
            }
        }
        let guest = guest(&draft.guest, &mut problems);
        let booked_at = problems.check("booked_at", instant(&draft.booked_at), INSTANT);
        let modified_at = problems.check("modified_at", instant(&draft.modified_at), INSTANT);
        match (
            status,
            source,
            payment_due_at,
            arrival,
            departure,
            guest,
            booked_at,
            modified_at,
        ) {
            (
                Some(status),
                Some(source),
                Some(payment_due_at),
                Some(arrival_at),
                Some(departure_at),
                Some((guest_name, guest_phone, guest_email, guest_language)),
                Some(booked_at),
                Some(modified_at),
            ) if problems.0.is_empty() => Ok(Self {
                number: number.trim().to_owned(),
                status,
                source,
                guaranteed: draft.guaranteed,
                prepaid_amount: draft.prepaid_amount,
                payment_due_at,
                payment_link,
                arrival_local: draft.arrival.trim().to_owned(),
                departure_local: draft.departure.trim().to_owned(),
                arrival_at,
                departure_at,
                guest_name,
                guest_phone,
                guest_email,
                guest_language,
                booked_at,
                modified_at,
            }),
            _ => Err(problems.0),
        }
    }
}

fn payment_link(draft: &BookingDraft, problems: &mut Problems) -> Option<String> {
    let link = draft
        .payment_link
        .as_deref()
        .map(str::trim)
        .filter(|link| !link.is_empty())?;
    let web = link.starts_with("https://") || link.starts_with("http://");
    if !web || link.len() > 500 {
        problems.refuse(
            "payment_link",
            "must be an http(s) URL of at most 500 characters",
        );
        return None;
    }
    Some(link.to_owned())
}

type Guest = (String, Option<String>, Option<String>, String);

/// The guest's name, phone, e-mail and language, checked.
fn guest(draft: &GuestDraft, problems: &mut Problems) -> Option<Guest> {
    let before = problems.0.len();
    let name = draft.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        problems.refuse("guest.name", "must be 1–200 characters");
    }
    let present = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    let phone = present(&draft.phone).and_then(|phone| match Phone::parse(&phone) {
        Ok(phone) => Some(phone.as_str().to_owned()),
        Err(_) => {
            problems.refuse(
                "guest.phone",
                "is not a phone number (10–15 digits, e.g. +7 912 345-67-89)",
            );
            None
        }
    });
    let email = present(&draft.email).and_then(|email| match Email::parse(&email) {
        Ok(email) => Some(email.as_str().to_owned()),
        Err(_) => {
            problems.refuse("guest.email", "is not an e-mail address");
            None
        }
    });
    let language = draft.language.clone().unwrap_or_else(|| "ru".into());
    if !matches!(language.as_str(), "ru" | "en") {
        problems.refuse("guest.language", "must be `ru` or `en`");
    }
    (problems.0.len() == before).then(|| (name.to_owned(), phone, email, language))
}

#[cfg(test)]
#[path = "booking_input_tests.rs"]
mod tests;
