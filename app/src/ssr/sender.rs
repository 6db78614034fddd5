//! The sender number as administrators see and steer it: the panel (today's
//! budget, warm-up stage, window, pause) with the 48-hour forecast, the
//! policy «Защита номера от блокировки», and resuming a paused number.
pub mod gauges;
pub mod panel;

use crate::domain::sender_policy::SendingPolicy;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{audit, integrations, senders};
use crate::ssr::dispatch::planning;
use crate::ssr::AppState;

pub use panel::panel;

/// Saves the chosen number's policy (administrators) and re-plans the
/// active mailings in the same transaction (the window may have moved).
pub async fn save_policy(
    state: &AppState,
    user: CurrentUser,
    policy: &SendingPolicy,
    now: i64,
) -> Result<(), AppError> {
    crate::ssr::integration::require_editor(state, user).await?;
    if let Some(problem) = policy.problems().into_iter().next() {
        let field_problem = match problem.issue {
            crate::domain::sender_policy::PolicyIssue::BadTime
            | crate::domain::sender_policy::PolicyIssue::EmptyWindow => FieldProblem::Invalid,
            _ => FieldProblem::OutOfRange,
        };
        return Err(AppError::invalid(&problem.field, field_problem));
    }
    let provider_id = chosen_number(state, user).await?;
    let property_id = user.property_id;
    let mut tx = state.db.begin_write().await?;
    let before = senders::ensure_in(&mut tx, property_id, &provider_id).await?;
    senders::save_policy(&mut tx, property_id, &provider_id, policy).await?;
    let by = (property_id, Some(user.staff_user_id));
    if policy.warmed && !before.policy.warmed {
        audit::record_in(&mut tx, by, "sender.marked_warmed", &provider_id, now).await?;
    }
    let detail = serde_json::to_string(policy).unwrap_or_default();
    audit::record_in(&mut tx, by, "sender.policy_saved", &detail, now).await?;
    planning::replan_active_mailings_in(&mut tx, property_id, now).await?;
    tx.commit().await?;
    state.sender_waits.forget(property_id);
    Ok(())
}

/// Resumes the chosen number after it paused itself (administrators, who
/// saw the reason on the page); what was sent before no longer counts.
pub async fn resume(state: &AppState, user: CurrentUser, now: i64) -> Result<(), AppError> {
    crate::ssr::integration::require_editor(state, user).await?;
    let provider_id = chosen_number(state, user).await?;
    let mut tx = state.db.begin_write().await?;
    if !senders::resume(&mut tx, user.property_id, &provider_id, now).await? {
        tx.rollback().await?;
        return Err(AppError::Conflict("the number is not paused".to_owned()));
    }
    let by = (user.property_id, Some(user.staff_user_id));
    audit::record_in(&mut tx, by, "sender.resumed", &provider_id, now).await?;
    tx.commit().await?;
    state.sender_waits.forget(user.property_id);
    Ok(())
}

/// The provider the integration sends from, or why there is none.
async fn chosen_number(state: &AppState, user: CurrentUser) -> Result<String, AppError> {
    integrations::find(&state.db, user.property_id)
        .await?
        .provider_id
        .ok_or_else(|| AppError::invalid("provider_id", FieldProblem::Required))
}
