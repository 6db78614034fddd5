//! The «Рассылки» use cases: the list with counters, a mailing's settings,
//! queue and sender, switching on and off, and a booking's timeline.
use crate::domain::mailing::{
    Counters, DispatchView, MailingDetail, MailingKind, MailingView, SenderView, WHATSAPP_WEB,
};
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::template::TemplateValues;
use crate::domain::Role;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::bookings::{self, DispatchRow};
use crate::ssr::db::planning::{self, MailingRow};
use crate::ssr::db::{audit, integrations};
use crate::ssr::dispatch::plan::guest_date;
use crate::ssr::AppState;

/// `DD.MM.YYYY HH:MM` of an instant in `zone`.
pub fn local_time(at_ms: i64, zone: &str) -> String {
    let zone = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|at| at.to_zoned(zone).strftime("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// What every «Рассылки» call needs: may the user edit, the property, its mailings.
struct Context {
    can_edit: bool,
    property: crate::ssr::db::properties::PropertyRow,
    mailings: Vec<MailingRow>,
}

async fn context(state: &AppState, user: CurrentUser) -> Result<Context, AppError> {
    let (staff, property) = user_and_property(state, user).await?;
    let can_edit = staff.role() == Role::Admin && property.subscription().allows_integrations();
    let mailings = planning::mailings(&state.db, user.property_id).await?;
    Ok(Context {
        can_edit,
        property,
        mailings,
    })
}

fn view(
    row: &MailingRow,
    counters: &[(String, String, i64)],
    zone: &str,
    can_edit: bool,
) -> Option<MailingView> {
    let kind = row.kind()?;
    let mut totals = Counters::default();
    for (_, state, count) in counters.iter().filter(|(kind, ..)| *kind == row.kind) {
        match state.as_str() {
            "planned" | "sending" => totals.planned += count,
            "sent" => totals.sent += count,
            "delivered" => totals.delivered += count,
            "read" => totals.read += count,
            "failed" => totals.failed += count,
            _ => {}
        }
    }
    // Delivered and read messages were sent too.
    totals.sent += totals.delivered + totals.read;
    totals.delivered += totals.read;
    Some(MailingView {
        kind,
        active: row.active,
        delivery_method: WHATSAPP_WEB.to_owned(),
        activated_at: row.activated_at.map(|at| local_time(at, zone)),
        counters: totals,
        can_edit,
    })
}

pub async fn list(state: &AppState, user: CurrentUser) -> Result<Vec<MailingView>, AppError> {
    let Context {
        can_edit,
        property,
        mailings: rows,
    } = context(state, user).await?;
    let zone = property.time_zone;
    let counters = bookings::counters(&state.db, user.property_id).await?;
    Ok(rows
        .iter()
        .filter_map(|row| view(row, &counters, &zone, can_edit))
        .collect())
}

fn dispatch_view(row: DispatchRow, zone: &str, estimated_at: Option<i64>) -> Option<DispatchView> {
    let in_future = matches!(row.state.as_str(), "planned" | "sending");
    Some(DispatchView {
        kind: MailingKind::parse(&row.kind)?,
        booking_number: row.number,
        guest_name: row.guest_name,
        due_at: (row.due_at > 0).then(|| local_time(row.due_at, zone)),
        estimated_at: estimated_at
            .filter(|_| in_future)
            .map(|at| local_time(at, zone)),
        sent_at: row.sent_at.map(|at| local_time(at, zone)),
        attempts: row.attempts,
        reason: row.reason,
        state: row.state,
    })
}

pub async fn detail(
    state: &AppState,
    user: CurrentUser,
    kind: MailingKind,
    now: i64,
) -> Result<MailingDetail, AppError> {
    let Context {
        can_edit,
        property,
        mailings: rows,
    } = context(state, user).await?;
    let zone = property.time_zone.clone();
    let row = rows
        .iter()
        .find(|row| row.kind() == Some(kind))
        .ok_or(AppError::NotFound)?;
    let counters = bookings::counters(&state.db, user.property_id).await?;
    let mailing = view(row, &counters, &zone, can_edit).ok_or(AppError::NotFound)?;
    let integration = integrations::find(&state.db, user.property_id).await?;
    let slot = match &integration.provider_id {
        Some(provider) => bookings::sender(&state.db, user.property_id, provider).await?,
        None => None,
    };
    let interval = integration.send_interval_secs.max(0) * 1000;
    // Each queued dispatch leaves at its time or at the sender's next free slot.
    let mut free = slot.as_ref().map_or(now, |(next, ..)| (*next).max(now));
    let queue = bookings::mailing_queue(&state.db, user.property_id, kind.as_str(), 100)
        .await?
        .into_iter()
        .filter_map(|row| {
            let estimated = (row.state == "planned").then(|| {
                let at = row.next_attempt_at.max(free);
                free = at + interval;
                at
            });
            dispatch_view(row, &zone, estimated)
        })
        .collect();
    let today = crate::ssr::dispatch::plan::local_day(now, &zone);
    let sender = integration.provider_id.as_ref().map(|_| SenderView {
        provider_name: integration.provider_name.clone().unwrap_or_default(),
        next_free_at: slot
            .as_ref()
            .map(|(next, ..)| local_time((*next).max(now), &zone)),
        today_count: slot
            .as_ref()
            .filter(|(_, day, _)| *day == today)
            .map_or(0, |(_, _, count)| *count),
        interval_secs: integration.send_interval_secs,
    });
    let sample = |language: &str| TemplateValues {
        guest_name: "Анна Иванова".to_owned(),
        property_name: property.name.clone(),
        arrival_date: guest_date("2026-12-24T14:00", language),
        departure_date: guest_date("2026-12-27T12:00", language),
        booking_number: "20261224-1042".to_owned(),
        payment_link: "https://pay.example/20261224-1042".to_owned(),
    };
    Ok(MailingDetail {
        sample: sample("ru"),
        sample_en: sample("en"),
        settings: row
            .settings()
            .unwrap_or_else(|| MailingSettings::default_for(kind)),
        mailing,
        time_zone: zone,
        queue,
        sender,
    })
}

/// Switches a mailing on or off (admins), re-planning its dispatches.
pub async fn set_active(
    state: &AppState,
    user: CurrentUser,
    kind: MailingKind,
    active: bool,
    now: i64,
) -> Result<(), AppError> {
    crate::ssr::integration::require_editor(state, user).await?;
    if !planning::change_mailing(&state.db, user.property_id, kind, active, None, now).await? {
        return Err(AppError::NotFound);
    }
    let action = if active {
        "mailing.activated"
    } else {
        "mailing.deactivated"
    };
    audit::record(
        &state.db,
        user.property_id,
        Some(user.staff_user_id),
        action,
        kind.as_str(),
        now,
    )
    .await?;
    Ok(())
}

/// Saves a mailing's settings (admins) and re-plans every booking for it.
pub async fn save_settings(
    state: &AppState,
    user: CurrentUser,
    kind: MailingKind,
    settings: &MailingSettings,
    now: i64,
) -> Result<(), AppError> {
    crate::ssr::integration::require_editor(state, user).await?;
    if let Some(problem) = settings.problems(kind).into_iter().next() {
        let field_problem = match problem.problem {
            crate::domain::mailing_settings::SettingsIssue::OffsetOutOfRange { .. } => {
                FieldProblem::OutOfRange
            }
            crate::domain::mailing_settings::SettingsIssue::Template(
                crate::domain::template::TemplateProblem::Empty,
            ) => FieldProblem::Required,
            crate::domain::mailing_settings::SettingsIssue::Template(
                crate::domain::template::TemplateProblem::TooLong,
            ) => FieldProblem::TooLong,
            crate::domain::mailing_settings::SettingsIssue::Template(
                crate::domain::template::TemplateProblem::UnknownPlaceholder(_),
            ) => FieldProblem::Unknown,
            _ => FieldProblem::Invalid,
        };
        return Err(AppError::invalid(problem.field, field_problem));
    }
    let active = planning::mailings(&state.db, user.property_id)
        .await?
        .iter()
        .find(|row| row.kind() == Some(kind))
        .map(|row| row.active)
        .ok_or(AppError::NotFound)?;
    planning::change_mailing(
        &state.db,
        user.property_id,
        kind,
        active,
        Some(settings),
        now,
    )
    .await?;
    audit::record(
        &state.db,
        user.property_id,
        Some(user.staff_user_id),
        "mailing.settings_saved",
        kind.as_str(),
        now,
    )
    .await?;
    Ok(())
}

/// What will be sent for a booking, when, and why something will not.
pub async fn timeline(
    state: &AppState,
    user: CurrentUser,
    number: &str,
) -> Result<Vec<DispatchView>, AppError> {
    let zone = crate::ssr::db::properties::find(&state.db, user.property_id)
        .await?
        .ok_or(AppError::NotFound)?
        .time_zone;
    let booking = bookings::find(&state.db, user.property_id, number.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(bookings::timeline(&state.db, booking.id)
        .await?
        .into_iter()
        .filter_map(|row| {
            let due = row.next_attempt_at;
            dispatch_view(row, &zone, Some(due))
        })
        .collect())
}
