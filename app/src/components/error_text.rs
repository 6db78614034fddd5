//! Turns an `AppError` into a sentence in the user's language.
use crate::domain::SubscriptionPart;
use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// The message for an error not tied to one form field.
pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::WrongCredentials => t_string!(i18n, error_wrong_credentials).to_string(),
        AppError::TooManyAttempts {
            retry_after_minutes,
        } => {
            let minutes = *retry_after_minutes;
            t_string!(i18n, error_too_many_attempts, minutes).to_string()
        }
        AppError::SignInBusy { retry_after_secs } => {
            let seconds = *retry_after_secs;
            t_string!(i18n, error_sign_in_busy, seconds).to_string()
        }
        AppError::PropertyDeactivated => t_string!(i18n, error_property_deactivated).to_string(),
        AppError::SubscriptionMissing { missing } => {
            let parts = parts_text(i18n, missing);
            t_string!(i18n, error_subscription_missing, parts).to_string()
        }
        AppError::Validation { problem, .. } => problem_text(i18n, *problem),
        AppError::Unauthorized => t_string!(i18n, error_unauthorized).to_string(),
        AppError::Forbidden { .. } => t_string!(i18n, error_forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, error_not_found).to_string(),
        AppError::Conflict(_) => t_string!(i18n, error_conflict).to_string(),
        AppError::WrongApiKey => t_string!(i18n, error_wrong_api_key).to_string(),
        AppError::ServiceUnavailable => t_string!(i18n, error_service_unavailable).to_string(),
        AppError::ConfirmReset { organisation_name } => {
            let organisation = organisation_name.clone();
            t_string!(i18n, error_confirm_reset, organisation).to_string()
        }
        AppError::ActivationIncomplete {
            missing_key: true, ..
        } => t_string!(i18n, error_activation_needs_key).to_string(),
        AppError::ActivationIncomplete { .. } => {
            t_string!(i18n, error_activation_needs_provider).to_string()
        }
        AppError::Internal => t_string!(i18n, error_internal).to_string(),
        AppError::BadRequest(_) => t_string!(i18n, error_bad_request).to_string(),
        AppError::Transport(_) => t_string!(i18n, error_transport).to_string(),
    }
}

/// The name of a part of the subscription.
pub fn part_text(i18n: I18nContext<Locale>, part: SubscriptionPart) -> String {
    match part {
        SubscriptionPart::Gms => t_string!(i18n, part_gms).to_string(),
        SubscriptionPart::ContactCenterModule => t_string!(i18n, part_module).to_string(),
        SubscriptionPart::BasicTariff => t_string!(i18n, part_tariff).to_string(),
        SubscriptionPart::PaidPeriod => t_string!(i18n, part_paid_period).to_string(),
    }
}

/// The parts a subscription lacks, as one list.
pub fn parts_text(i18n: I18nContext<Locale>, parts: &[SubscriptionPart]) -> String {
    parts
        .iter()
        .map(|part| part_text(i18n, *part))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The message shown beside a refused form field.
pub fn problem_text(i18n: I18nContext<Locale>, problem: FieldProblem) -> String {
    match problem {
        FieldProblem::Required => t_string!(i18n, error_required).to_string(),
        FieldProblem::TooLong => t_string!(i18n, error_too_long).to_string(),
        FieldProblem::InvalidEmail => t_string!(i18n, error_invalid_email).to_string(),
        FieldProblem::InvalidPhone => t_string!(i18n, error_invalid_phone).to_string(),
        FieldProblem::OutOfRange => t_string!(i18n, error_out_of_range).to_string(),
        FieldProblem::Unsupported => t_string!(i18n, error_unsupported_choice).to_string(),
        FieldProblem::Invalid => t_string!(i18n, error_invalid_characters).to_string(),
        FieldProblem::Unknown => t_string!(i18n, error_unknown_choice).to_string(),
        FieldProblem::Duplicate => t_string!(i18n, error_duplicate).to_string(),
        FieldProblem::NeedsConfirmation => t_string!(i18n, error_needs_confirmation).to_string(),
    }
}

/// The problem with `field`, if `error` is a validation error about it.
pub fn field_problem(error: Option<&AppError>, field: &str) -> Option<FieldProblem> {
    match error {
        Some(AppError::Validation {
            field: name,
            problem,
        }) if name == field => Some(*problem),
        _ => None,
    }
}
