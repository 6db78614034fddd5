//! Before a mailing is switched on: how many guests it would message at
//! once and within a day, planned exactly as switching it on would (the
//! number's window included), so the administrator confirms knowingly.
use crate::domain::mailing::{MailingKind, SwitchPreview};
use crate::domain::DispatchState;
use crate::error::AppError;
use crate::on_tx;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::plan_store;
use crate::ssr::dispatch::planning::decide;
use crate::ssr::AppState;
use std::collections::HashMap;

const DAY_MS: i64 = 86_400_000;

/// What switching `kind` on at `now` would send now and in the next 24 hours.
pub async fn switch_preview(
    state: &AppState,
    user: CurrentUser,
    kind: MailingKind,
    now: i64,
) -> Result<SwitchPreview, AppError> {
    crate::ssr::integration::require_editor(state, user).await?;
    let property_id = user.property_id;
    // Read in one transaction (a consistent picture); nothing is written.
    let mut tx = state.db.begin_write().await?;
    let mut mailing = plan_store::mailings_in(&mut tx, property_id)
        .await?
        .into_iter()
        .find(|row| row.kind == kind)
        .ok_or(AppError::NotFound)?;
    if !mailing.active {
        mailing.active = true;
        mailing.activated_at = Some(now);
    }
    let place = plan_store::place(&mut tx, property_id).await?;
    let bookings = plan_store::property_facts(&mut tx, property_id).await?;
    const STATES: &str = "SELECT booking_id, state FROM dispatches WHERE mailing_id = $1";
    let states: Vec<(crate::domain::BookingId, DispatchState)> = on_tx!(&mut tx, conn =>
        sqlx::query_as(STATES).bind(mailing.id).fetch_all(&mut *conn).await)?;
    tx.rollback().await?;
    let states: HashMap<_, _> = states.into_iter().collect();
    let mut preview = SwitchPreview::default();
    for booking in &bookings {
        // What left already is never sent again.
        if states
            .get(&booking.id)
            .is_some_and(|state| !DispatchState::REPLANNABLE.contains(state))
        {
            continue;
        }
        let planned = decide(&mailing, booking, &place);
        if planned.state != DispatchState::Planned {
            continue;
        }
        if planned.due_at <= now {
            preview.now += 1;
        } else if planned.due_at <= now + DAY_MS {
            preview.next_day += 1;
        }
    }
    Ok(preview)
}
