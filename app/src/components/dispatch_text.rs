//! Words for mailings, dispatch states and the reasons nothing is sent.
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{SettingsIssue, SettingsProblem};
use crate::domain::template::TemplateProblem;
use crate::domain::{
    ApiErrorClass, DispatchReason, DispatchState, FailureReason, RetryReason, SkipReason,
    WaitReason,
};
use crate::i18n::*;
use leptos_i18n::I18nContext;

pub fn mailing_name(i18n: I18nContext<Locale>, kind: MailingKind) -> String {
    match kind {
        MailingKind::Welcome => t_string!(i18n, mailing_welcome),
        MailingKind::Feedback => t_string!(i18n, mailing_feedback),
        MailingKind::NonGuaranteed => t_string!(i18n, mailing_non_guaranteed),
    }
    .to_string()
}

/// A dispatch state in words.
pub fn state_text(i18n: I18nContext<Locale>, state: DispatchState) -> String {
    match state {
        DispatchState::Planned => t_string!(i18n, dispatch_planned),
        DispatchState::Sending => t_string!(i18n, dispatch_sending),
        DispatchState::Sent => t_string!(i18n, dispatch_sent),
        DispatchState::Delivered => t_string!(i18n, dispatch_delivered),
        DispatchState::Read => t_string!(i18n, dispatch_read),
        DispatchState::Failed => t_string!(i18n, dispatch_failed),
        DispatchState::Skipped => t_string!(i18n, dispatch_skipped),
        DispatchState::Cancelled => t_string!(i18n, dispatch_cancelled),
    }
    .to_string()
}

/// Why a dispatch is where it is, in words; `at` is the instant the reason
/// speaks of, already in the property's zone.
pub fn reason_text(i18n: I18nContext<Locale>, reason: DispatchReason, at: Option<&str>) -> String {
    match reason {
        DispatchReason::Skip(reason) => skip_text(i18n, reason, at),
        DispatchReason::Failure(reason) => failure_text(i18n, reason),
        DispatchReason::Retry(reason) => retry_text(i18n, reason),
        DispatchReason::Wait(WaitReason::OutsideWindow { .. }) => match at {
            Some(time) => {
                let time = time.to_owned();
                t_string!(i18n, reason_outside_window_at, time).to_string()
            }
            None => t_string!(i18n, reason_outside_window).to_string(),
        },
    }
}

fn skip_text(i18n: I18nContext<Locale>, reason: SkipReason, at: Option<&str>) -> String {
    match reason {
        SkipReason::BookingCancelled => t_string!(i18n, reason_booking_cancelled).to_string(),
        SkipReason::NoPhone => t_string!(i18n, reason_no_phone).to_string(),
        SkipReason::Guaranteed => t_string!(i18n, reason_guaranteed).to_string(),
        SkipReason::SourceFiltered => t_string!(i18n, reason_source_filtered).to_string(),
        SkipReason::StayFiltered => t_string!(i18n, reason_stay_filtered).to_string(),
        SkipReason::TooLate { .. } => match at {
            Some(time) => {
                let time = time.to_owned();
                t_string!(i18n, reason_too_late_at, time).to_string()
            }
            None => t_string!(i18n, reason_too_late).to_string(),
        },
        SkipReason::BookedAfterSendTime => {
            t_string!(i18n, reason_booked_after_send_time).to_string()
        }
        SkipReason::MailingOff => t_string!(i18n, reason_mailing_off).to_string(),
        SkipReason::IntegrationOff => t_string!(i18n, reason_integration_off).to_string(),
        SkipReason::StopList => t_string!(i18n, reason_stop_list).to_string(),
        SkipReason::BadDates => t_string!(i18n, reason_bad_dates).to_string(),
        SkipReason::OptedOut => t_string!(i18n, reason_opted_out).to_string(),
    }
}

fn failure_text(i18n: I18nContext<Locale>, reason: FailureReason) -> String {
    match reason {
        FailureReason::InvalidRecipient => t_string!(i18n, reason_invalid_recipient).to_string(),
        FailureReason::Refused { class } => {
            let class = api_class_text(i18n, class);
            t_string!(i18n, reason_refused, class).to_string()
        }
        FailureReason::GaveUp { attempts, last } => {
            let class = api_class_text(i18n, last);
            t_string!(i18n, reason_gave_up, attempts, class).to_string()
        }
        FailureReason::NeverReceived { attempts } => {
            t_string!(i18n, reason_never_received, attempts).to_string()
        }
        FailureReason::NotDelivered => t_string!(i18n, reason_not_delivered).to_string(),
    }
}

fn retry_text(i18n: I18nContext<Locale>, reason: RetryReason) -> String {
    match reason {
        RetryReason::ApiError { class } => {
            let class = api_class_text(i18n, class);
            t_string!(i18n, reason_api_error, class).to_string()
        }
        RetryReason::KeyUnreadable => t_string!(i18n, reason_key_unreadable).to_string(),
        RetryReason::LeaseShort => t_string!(i18n, reason_lease_short).to_string(),
        RetryReason::NotReceived => t_string!(i18n, reason_not_received).to_string(),
        RetryReason::InDoubt { class } => {
            let class = api_class_text(i18n, class);
            t_string!(i18n, reason_in_doubt, class).to_string()
        }
    }
}

/// How an IntellectDialog call went wrong, in words.
pub fn api_class_text(i18n: I18nContext<Locale>, class: ApiErrorClass) -> String {
    match class {
        ApiErrorClass::Unauthorized => t_string!(i18n, api_class_unauthorized).to_string(),
        ApiErrorClass::RateLimited => t_string!(i18n, api_class_rate_limited).to_string(),
        ApiErrorClass::InvalidRecipient => t_string!(i18n, api_class_invalid_recipient).to_string(),
        ApiErrorClass::NotFound => t_string!(i18n, api_class_not_found).to_string(),
        ApiErrorClass::Unavailable => t_string!(i18n, api_class_unavailable).to_string(),
        ApiErrorClass::UnreadableAnswer => t_string!(i18n, api_class_unreadable).to_string(),
        ApiErrorClass::Refused { status } => t_string!(i18n, api_class_refused, status).to_string(),
        ApiErrorClass::ProviderDisconnected => {
            t_string!(i18n, api_class_provider_disconnected).to_string()
        }
        ApiErrorClass::ProviderBlocked => t_string!(i18n, api_class_provider_blocked).to_string(),
    }
}

/// A settings problem in words.
pub fn settings_problem_text(i18n: I18nContext<Locale>, problem: &SettingsProblem) -> String {
    let field = if problem.field == "template_en" {
        t_string!(i18n, mailing_template_en).to_string()
    } else {
        t_string!(i18n, mailing_template_ru).to_string()
    };
    match &problem.problem {
        SettingsIssue::AnchorNotAllowed => t_string!(i18n, settings_problem_anchor).to_string(),
        SettingsIssue::OffsetOutOfRange { max } => {
            let max = *max;
            t_string!(i18n, settings_problem_offset, max).to_string()
        }
        SettingsIssue::BadTime => t_string!(i18n, settings_problem_time).to_string(),
        SettingsIssue::NightsReversed => t_string!(i18n, settings_problem_nights).to_string(),
        SettingsIssue::DeadlineOutOfRange { max } => {
            let max = *max;
            t_string!(i18n, settings_problem_deadline_days, max).to_string()
        }
        SettingsIssue::Template(TemplateProblem::Empty) => {
            t_string!(i18n, settings_problem_template_empty, field).to_string()
        }
        SettingsIssue::Template(TemplateProblem::TooLong) => {
            t_string!(i18n, settings_problem_template_long, field).to_string()
        }
        SettingsIssue::Template(TemplateProblem::UnknownPlaceholder(name)) => {
            let name = format!("{{{name}}}");
            t_string!(i18n, settings_problem_template_unknown, field, name).to_string()
        }
        SettingsIssue::Template(TemplateProblem::Unbalanced) => {
            t_string!(i18n, settings_problem_template_unbalanced, field).to_string()
        }
    }
}
