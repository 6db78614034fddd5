//! Opt-out: a guest who writes only a stop word is put on the property's
//! list (and IntellectDialog's stop list), and every mailing skips them from
//! then on; chats still work. Administrators see and edit the list; every
//! change is audited and re-plans that guest's mailings at once.
use crate::domain::local_time::local_time;
use crate::domain::opt_out::{is_stop_word, OptOutSource, OptOutView};
use crate::domain::{Phone, PropertyId, StaffUserId};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{audit, integrations, opt_outs, properties, Db};
use crate::ssr::dispatch::planning;
use crate::ssr::integration::require_subscribed_admin;
use crate::ssr::AppState;

/// A guest's message in a chat: a stop word on its own opts them out.
/// `person_id` (IntellectDialog's) puts them on its stop list too.
pub async fn on_guest_message(
    state: &AppState,
    property_id: PropertyId,
    (phone, person_id): (Option<&str>, Option<&str>),
    text: &str,
    now: i64,
) -> sqlx::Result<()> {
    let Some(phone) = phone.filter(|_| is_stop_word(text)) else {
        return Ok(());
    };
    let phone = Phone::normalized(phone);
    let added = change(
        &state.db,
        property_id,
        &phone,
        Change::Add(OptOutSource::Guest, None),
        now,
    )
    .await?;
    if !added {
        return Ok(());
    }
    tracing::info!(%property_id, "a guest opted out of mailings");
    let Some(person_id) = person_id else {
        return Ok(());
    };
    let row = integrations::find(&state.db, property_id).await?;
    let Ok(client) = crate::ssr::api_key::client_for(state, &row) else {
        return Ok(());
    };
    if let Err(error) = client.add_to_stop_list(person_id).await {
        // Our own list already keeps the mailings away; IntellectDialog's is a second guard.
        tracing::warn!(%error, %property_id, "could not add an opted-out guest to IntellectDialog's stop list");
    }
    Ok(())
}

/// The property's list (any signed-in user may read it).
pub async fn list(state: &AppState, user: CurrentUser) -> Result<Vec<OptOutView>, AppError> {
    let zone = properties::find(&state.db, user.property_id)
        .await?
        .ok_or(AppError::NotFound)?
        .time_zone;
    Ok(opt_outs::list(&state.db, user.property_id)
        .await?
        .into_iter()
        .map(|row| OptOutView {
            phone: row.phone,
            source: row.source,
            created_at: local_time(row.created_at, &zone),
            created_by: row.created_by,
            guest_name: row.guest_name,
        })
        .collect())
}

/// An administrator puts a phone on the list.
pub async fn add(
    state: &AppState,
    user: CurrentUser,
    phone: &str,
    now: i64,
) -> Result<(), AppError> {
    require_subscribed_admin(state, user, "the opt-out list").await?;
    let phone = Phone::parse(phone).map_err(|problem| AppError::invalid("phone", problem))?;
    let who = Change::Add(OptOutSource::Staff, Some(user.staff_user_id));
    if !change(&state.db, user.property_id, phone.as_str(), who, now).await? {
        return Err(AppError::invalid(
            "phone",
            crate::error::FieldProblem::Duplicate,
        ));
    }
    Ok(())
}

/// An administrator takes a phone off the list (after confirming).
pub async fn remove(
    state: &AppState,
    user: CurrentUser,
    phone: &str,
    now: i64,
) -> Result<(), AppError> {
    require_subscribed_admin(state, user, "the opt-out list").await?;
    let phone = Phone::normalized(phone);
    let who = Change::Remove(user.staff_user_id);
    if !change(&state.db, user.property_id, &phone, who, now).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

enum Change {
    Add(OptOutSource, Option<StaffUserId>),
    Remove(StaffUserId),
}

/// Applies a change of the list, its audit entry and the re-planning of
/// that guest's mailings in one transaction; false when nothing changed.
async fn change(
    db: &Db,
    property_id: PropertyId,
    phone: &str,
    change: Change,
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.begin_write().await?;
    let (changed, by, action) = match change {
        Change::Add(source, by) => {
            let added = opt_outs::add(&mut tx, property_id, phone, (source, by), now).await?;
            (added, by, "opt_out.added")
        }
        Change::Remove(by) => {
            let removed = opt_outs::remove(&mut tx, property_id, phone).await?;
            (removed, Some(by), "opt_out.removed")
        }
    };
    if !changed {
        tx.rollback().await?;
        return Ok(false);
    }
    audit::record_in(&mut tx, (property_id, by), action, phone, now).await?;
    planning::replan_guest_in(&mut tx, property_id, phone, now).await?;
    tx.commit().await?;
    Ok(true)
}
