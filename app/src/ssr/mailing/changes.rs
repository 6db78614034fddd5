//! Administrators change a mailing: its switch and its settings. Each change
//! re-plans the mailing's dispatches in the same transaction, and is audited.
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{MailingSettings, SettingsIssue};
use crate::domain::template::TemplateProblem;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{audit, plan_store};
use crate::ssr::dispatch::planning;
use crate::ssr::AppState;

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
    let by = Some(user.staff_user_id);
    audit::record(&state.db, user.property_id, by, action, kind.as_str(), now).await?;
    Ok(())
}

/// The form field problem a settings issue amounts to.
fn field_problem(issue: &SettingsIssue) -> FieldProblem {
    match issue {
        SettingsIssue::OffsetOutOfRange { .. } | SettingsIssue::DeadlineOutOfRange { .. } => {
            FieldProblem::OutOfRange
        }
        SettingsIssue::Template(TemplateProblem::Empty) => FieldProblem::Required,
        SettingsIssue::Template(TemplateProblem::TooLong) => FieldProblem::TooLong,
        SettingsIssue::Template(TemplateProblem::UnknownPlaceholder(_)) => FieldProblem::Unknown,
        SettingsIssue::AnchorNotAllowed
        | SettingsIssue::BadTime
        | SettingsIssue::NightsReversed
        | SettingsIssue::Template(TemplateProblem::Unbalanced) => FieldProblem::Invalid,
    }
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
        return Err(AppError::invalid(
            problem.field,
            field_problem(&problem.problem),
        ));
    }
    let active = plan_store::mailings(&state.db, user.property_id)
        .await?
        .iter()
        .find(|row| row.kind == kind)
        .map(|row| row.active)
        .ok_or(AppError::NotFound)?;
    let property_id = user.property_id;
    planning::change_mailing(&state.db, property_id, kind, active, Some(settings), now).await?;
    let by = Some(user.staff_user_id);
    let action = "mailing.settings_saved";
    audit::record(&state.db, user.property_id, by, action, kind.as_str(), now).await?;
    Ok(())
}
