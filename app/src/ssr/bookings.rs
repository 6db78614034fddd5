//! The PMS's bookings: upsert, cancel and look up, each change re-planning
//! the booking's service mailings in the same transaction. The REST handlers
//! (server/src/pms_api/bookings.rs) only map these to HTTP.
use crate::domain::booking::BookingStatus;
use crate::domain::booking_input::{BookingDraft, BookingInput, FieldError};
use crate::domain::PropertyId;
use crate::ssr::db::bookings::{self, BookingRow};
use crate::ssr::db::dispatch_rows::{self, DispatchRow};
use crate::ssr::db::properties;
use crate::ssr::dispatch::planning::{self, BookingUpsert};
use crate::ssr::AppState;

/// Why a booking change was refused.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("invalid booking")]
    Invalid(Vec<FieldError>),
    /// A later modification is stored (compare `modified_at`).
    #[error("a later modification of this booking is stored")]
    Stale,
    #[error("no such booking")]
    NotFound,
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
}

/// A booking and its timeline of service messages.
#[derive(Debug, Clone)]
pub struct BookingWithTimeline {
    pub created: bool,
    pub booking: BookingRow,
    pub dispatches: Vec<DispatchRow>,
}

/// Creates or updates booking `number` from the PMS's draft.
#[tracing::instrument(skip(state, draft), fields(%property_id))]
pub async fn put(
    state: &AppState,
    property_id: PropertyId,
    number: &str,
    draft: &BookingDraft,
    now: i64,
) -> Result<BookingWithTimeline, BookingError> {
    let zone = properties::find(&state.db, property_id)
        .await?
        .map_or_else(|| "UTC".to_owned(), |property| property.time_zone);
    let input = BookingInput::parse(number, draft, &zone).map_err(BookingError::Invalid)?;
    store(state, property_id, &input, now).await
}

/// Cancels booking `number` as of `modified_at` (its pending mailings are cancelled).
pub async fn cancel(
    state: &AppState,
    property_id: PropertyId,
    number: &str,
    modified_at: i64,
    now: i64,
) -> Result<BookingWithTimeline, BookingError> {
    let row = bookings::find(&state.db, property_id, number)
        .await?
        .ok_or(BookingError::NotFound)?;
    let input = BookingInput {
        status: BookingStatus::Cancelled,
        modified_at,
        ..row.into_input()
    };
    store(state, property_id, &input, now).await
}

/// Booking `number` and its timeline.
pub async fn show(
    state: &AppState,
    property_id: PropertyId,
    number: &str,
) -> Result<BookingWithTimeline, BookingError> {
    let booking = bookings::find(&state.db, property_id, number)
        .await?
        .ok_or(BookingError::NotFound)?;
    let dispatches = dispatch_rows::timeline(&state.db, booking.id).await?;
    Ok(BookingWithTimeline {
        created: false,
        booking,
        dispatches,
    })
}

async fn store(
    state: &AppState,
    property_id: PropertyId,
    input: &BookingInput,
    now: i64,
) -> Result<BookingWithTimeline, BookingError> {
    let created = match planning::upsert_booking(&state.db, property_id, input, now).await? {
        BookingUpsert::Created(_) => true,
        BookingUpsert::Updated(_) => false,
        BookingUpsert::Stale(_) => return Err(BookingError::Stale),
    };
    let mut found = show(state, property_id, &input.number).await?;
    found.created = created;
    Ok(found)
}
