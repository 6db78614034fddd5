//! Words for mailings, dispatch states and the reasons nothing is sent.
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{SettingsIssue, SettingsProblem};
use crate::domain::template::TemplateProblem;
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

pub fn state_text(i18n: I18nContext<Locale>, state: &str) -> String {
    match state {
        "planned" => t_string!(i18n, dispatch_planned),
        "sending" => t_string!(i18n, dispatch_sending),
        "sent" => t_string!(i18n, dispatch_sent),
        "delivered" => t_string!(i18n, dispatch_delivered),
        "read" => t_string!(i18n, dispatch_read),
        "failed" => t_string!(i18n, dispatch_failed),
        "skipped" => t_string!(i18n, dispatch_skipped),
        _ => t_string!(i18n, dispatch_cancelled),
    }
    .to_string()
}

/// A planner's reason code in words; other reasons (API errors) as they are.
pub fn reason_text(i18n: I18nContext<Locale>, reason: &str) -> String {
    match reason {
        "booking_cancelled" => t_string!(i18n, reason_booking_cancelled).to_string(),
        "no_phone" => t_string!(i18n, reason_no_phone).to_string(),
        "guaranteed" => t_string!(i18n, reason_guaranteed).to_string(),
        "source_filtered" => t_string!(i18n, reason_source_filtered).to_string(),
        "stay_filtered" => t_string!(i18n, reason_stay_filtered).to_string(),
        "too_late" => t_string!(i18n, reason_too_late).to_string(),
        "booked_after_send_time" => t_string!(i18n, reason_booked_after_send_time).to_string(),
        "mailing_off" => t_string!(i18n, reason_mailing_off).to_string(),
        "integration_off" => t_string!(i18n, reason_integration_off).to_string(),
        "stop_list" => t_string!(i18n, reason_stop_list).to_string(),
        "bad_dates" => t_string!(i18n, reason_bad_dates).to_string(),
        other => other.to_owned(),
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
