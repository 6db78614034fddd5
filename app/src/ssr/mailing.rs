//! The «Рассылки» use cases: the list with counters, a mailing's settings,
//! queue and sender, switching on and off, and a booking's timeline.
pub mod changes;
pub mod preview;
pub mod views;

pub use changes::{save_settings, set_active};

use crate::domain::local_time::{guest_date, local_time};
use crate::domain::mailing::DispatchView;
use crate::domain::mailing::{MailingDetail, MailingKind, MailingView, SenderView};
use crate::domain::template::TemplateValues;
use crate::domain::{Role, SubscriptionPart};
use crate::error::AppError;
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::plan_store::{self, MailingRow};
use crate::ssr::db::{bookings, dispatch_rows, properties};
use crate::ssr::sender::panel;
use crate::ssr::AppState;
use views::{dispatch_view, mailing_view};

/// What every «Рассылки» call needs: may the user edit, the property, its mailings.
struct Context {
    can_edit: bool,
    /// What the subscription is missing (the mailings are held meanwhile).
    missing: Vec<SubscriptionPart>,
    property: properties::PropertyRow,
    mailings: Vec<MailingRow>,
}

async fn context(state: &AppState, user: CurrentUser) -> Result<Context, AppError> {
    let (staff, property) = user_and_property(state, user).await?;
    let missing = property.subscription().missing();
    let can_edit = staff.role() == Role::Admin && missing.is_empty();
    let mailings = plan_store::mailings(&state.db, user.property_id).await?;
    // Never activated and not allowed to be: say what the subscription lacks.
    if mailings.is_empty() && !missing.is_empty() {
        return Err(AppError::SubscriptionMissing { missing });
    }
    Ok(Context {
        can_edit,
        missing,
        property,
        mailings,
    })
}

pub async fn list(state: &AppState, user: CurrentUser) -> Result<Vec<MailingView>, AppError> {
    let Context {
        can_edit,
        missing,
        property,
        mailings,
    } = context(state, user).await?;
    let counters = dispatch_rows::counters(&state.db, user.property_id).await?;
    let zone = &property.time_zone;
    Ok(mailings
        .iter()
        .map(|row| MailingView {
            subscription_missing: missing.clone(),
            ..mailing_view(row, &counters, zone, can_edit)
        })
        .collect())
}

pub async fn detail(
    state: &AppState,
    user: CurrentUser,
    kind: MailingKind,
    now: i64,
) -> Result<MailingDetail, AppError> {
    let Context {
        can_edit,
        missing,
        property,
        mailings,
    } = context(state, user).await?;
    let zone = property.time_zone.clone();
    let row = mailings
        .iter()
        .find(|row| row.kind == kind)
        .ok_or(AppError::NotFound)?;
    let counters = dispatch_rows::counters(&state.db, user.property_id).await?;
    let mailing = MailingView {
        subscription_missing: missing,
        ..mailing_view(row, &counters, &zone, can_edit)
    };
    let snapshot = panel::snapshot(&state.db, user.property_id, &zone, now).await?;
    let expected = snapshot
        .as_ref()
        .map(|s| s.expected_at())
        .unwrap_or_default();
    let queue = dispatch_rows::mailing_queue(&state.db, user.property_id, kind, 100)
        .await?
        .into_iter()
        .map(|row| {
            let estimated = expected.get(&row.id).copied().flatten();
            dispatch_view(row, &zone, estimated)
        })
        .collect();
    let sender = snapshot.as_ref().map(|snapshot| SenderView {
        provider_name: snapshot.provider_name.clone(),
        next_free_at: panel::next_free(snapshot, now).map(|at| local_time(at, &zone)),
        today_count: i64::from(panel::sent_today(snapshot, now)),
        interval_secs: snapshot.number.interval_ms / 1000,
    });
    Ok(MailingDetail {
        sample: sample(&property.name, "ru"),
        sample_en: sample(&property.name, "en"),
        settings: row.settings.clone(),
        mailing,
        time_zone: zone,
        queue,
        sender,
    })
}

/// The booking the live preview renders.
fn sample(property_name: &str, language: &str) -> TemplateValues {
    TemplateValues {
        guest_name: "Анна Иванова".to_owned(),
        property_name: property_name.to_owned(),
        arrival_date: guest_date("2026-12-24T14:00", language),
        departure_date: guest_date("2026-12-27T12:00", language),
        booking_number: "20261224-1042".to_owned(),
        payment_link: "https://pay.example/20261224-1042".to_owned(),
    }
}

/// What will be sent for a booking, when, and why something will not; a
/// pending one shows when it is expected to leave (the number's forecast).
pub async fn timeline(
    state: &AppState,
    user: CurrentUser,
    number: &str,
    now: i64,
) -> Result<Vec<DispatchView>, AppError> {
    let zone = properties::find(&state.db, user.property_id)
        .await?
        .ok_or(AppError::NotFound)?
        .time_zone;
    let booking = bookings::find(&state.db, user.property_id, number.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let snapshot = panel::snapshot(&state.db, user.property_id, &zone, now).await?;
    let expected = snapshot
        .as_ref()
        .map(|s| s.expected_at())
        .unwrap_or_default();
    Ok(dispatch_rows::timeline(&state.db, booking.id)
        .await?
        .into_iter()
        .map(|row| {
            let estimated = expected.get(&row.id).copied().flatten();
            dispatch_view(row, &zone, estimated)
        })
        .collect())
}
