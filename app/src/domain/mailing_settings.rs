//! What a service mailing sends, to whom and when: trigger, filters,
//! templates per language, and what to do with bookings made too late.
use super::booking::BookingSource;
use super::mailing_kind::MailingKind;
use super::template::{self, TemplateProblem};
use serde::{Deserialize, Serialize};

/// The moment a send is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// `offset` days before the arrival date, at `send_time` local time.
    BeforeArrival,
    /// `offset` hours after departure.
    AfterDeparture,
    /// `offset` hours after the booking was made.
    AfterBooking,
}

/// A booking made after its send moment (or before the mailing was switched on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LatePolicy {
    SendAtOnce,
    Skip,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingSettings {
    pub anchor: Anchor,
    /// Days for `BeforeArrival`, hours otherwise.
    pub offset: u32,
    /// `HH:MM` in the property's time zone (for `BeforeArrival`).
    pub send_time: String,
    /// Points of sale to send for; empty means all.
    pub sources: Vec<BookingSource>,
    /// Length of stay in nights; 0 means no limit.
    pub min_nights: u32,
    pub max_nights: u32,
    pub template_ru: String,
    pub template_en: String,
    pub late: LatePolicy,
    /// Feedback: days after departure within which it may still leave.
    #[serde(default = "default_deadline_days")]
    pub deadline_days: u32,
}

/// Feedback asked more than three days after the stay is not asked.
pub const DEFAULT_DEADLINE_DAYS: u32 = 3;
/// The longest a feedback request may wait after departure.
pub const MAX_DEADLINE_DAYS: u32 = 30;

fn default_deadline_days() -> u32 {
    DEFAULT_DEADLINE_DAYS
}

/// What is wrong with settings, by field name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsProblem {
    pub field: &'static str,
    pub problem: SettingsIssue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingsIssue {
    AnchorNotAllowed,
    OffsetOutOfRange { max: u32 },
    BadTime,
    NightsReversed,
    DeadlineOutOfRange { max: u32 },
    Template(TemplateProblem),
}

impl MailingSettings {
    /// Settings that work as soon as the mailing is switched on.
    pub fn default_for(kind: MailingKind) -> Self {
        let (anchor, offset, sources, ru, en) = match kind {
            MailingKind::Welcome => (
                Anchor::BeforeArrival,
                2,
                vec![],
                "Здравствуйте, {guest_name}! Ждём вас в {property_name} {arrival_date}. Номер бронирования — {booking_number}. Если появятся вопросы, напишите в этот чат.",
                "Hello, {guest_name}! We look forward to welcoming you at {property_name} on {arrival_date}. Your booking number is {booking_number}. If you have any questions, write to this chat.",
            ),
            MailingKind::Feedback => (
                Anchor::AfterDeparture,
                3,
                vec![],
                "{guest_name}, спасибо, что выбрали {property_name}! Расскажите, пожалуйста, как прошло проживание, — нам важно ваше мнение.",
                "{guest_name}, thank you for staying at {property_name}! Please tell us how your stay went — your opinion matters to us.",
            ),
            MailingKind::NonGuaranteed => (
                Anchor::AfterBooking,
                24,
                vec![BookingSource::Site],
                "Здравствуйте, {guest_name}! Бронирование {booking_number} в {property_name} на {arrival_date} ещё не гарантировано. Оплатить его можно по ссылке: {payment_link}",
                "Hello, {guest_name}! Booking {booking_number} at {property_name} for {arrival_date} is not guaranteed yet. You can pay here: {payment_link}",
            ),
        };
        Self {
            anchor,
            offset,
            send_time: "10:00".to_owned(),
            sources,
            min_nights: 0,
            max_nights: 0,
            template_ru: ru.to_owned(),
            template_en: en.to_owned(),
            late: LatePolicy::SendAtOnce,
            deadline_days: DEFAULT_DEADLINE_DAYS,
        }
    }

    /// The anchors a mailing of `kind` may use.
    pub fn anchors_for(kind: MailingKind) -> &'static [Anchor] {
        match kind {
            MailingKind::Welcome => &[Anchor::BeforeArrival],
            MailingKind::Feedback => &[Anchor::AfterDeparture],
            MailingKind::NonGuaranteed => &[Anchor::AfterBooking, Anchor::BeforeArrival],
        }
    }

    /// Every problem, field by field.
    pub fn problems(&self, kind: MailingKind) -> Vec<SettingsProblem> {
        let mut problems = Vec::new();
        let mut add = |field, problem| problems.push(SettingsProblem { field, problem });
        if !Self::anchors_for(kind).contains(&self.anchor) {
            add("anchor", SettingsIssue::AnchorNotAllowed);
        }
        let max = if self.anchor == Anchor::BeforeArrival {
            60
        } else {
            720
        };
        if self.offset > max {
            add("offset", SettingsIssue::OffsetOutOfRange { max });
        }
        if parse_time(&self.send_time).is_none() {
            add("send_time", SettingsIssue::BadTime);
        }
        if self.max_nights != 0 && self.min_nights > self.max_nights {
            add("max_nights", SettingsIssue::NightsReversed);
        }
        if !(1..=MAX_DEADLINE_DAYS).contains(&self.deadline_days) {
            add(
                "deadline_days",
                SettingsIssue::DeadlineOutOfRange {
                    max: MAX_DEADLINE_DAYS,
                },
            );
        }
        if let Err(problem) = template::check(&self.template_ru) {
            add("template_ru", SettingsIssue::Template(problem));
        }
        if let Err(problem) = template::check(&self.template_en) {
            add("template_en", SettingsIssue::Template(problem));
        }
        problems
    }

    /// The template for a guest's language (Russian unless English).
    pub fn template_for(&self, language: &str) -> &str {
        if language == "en" {
            &self.template_en
        } else {
            &self.template_ru
        }
    }

    /// Whether a booking's source and length pass the filters.
    pub fn accepts(&self, source: BookingSource, nights: i64) -> bool {
        (self.sources.is_empty() || self.sources.contains(&source))
            && (self.min_nights == 0 || nights >= i64::from(self.min_nights))
            && (self.max_nights == 0 || nights <= i64::from(self.max_nights))
    }
}

/// `HH:MM` as (hours, minutes).
pub fn parse_time(value: &str) -> Option<(i8, i8)> {
    let (hours, minutes) = value.trim().split_once(':')?;
    let hours: i8 = hours.parse().ok()?;
    let minutes: i8 = minutes.parse().ok()?;
    ((0..24).contains(&hours) && (0..60).contains(&minutes) && value.trim().len() == 5)
        .then_some((hours, minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_for_every_kind() {
        for kind in [
            MailingKind::Welcome,
            MailingKind::Feedback,
            MailingKind::NonGuaranteed,
        ] {
            assert_eq!(MailingSettings::default_for(kind).problems(kind), vec![]);
        }
    }

    #[test]
    fn bad_settings_name_each_field() {
        let mut settings = MailingSettings::default_for(MailingKind::Welcome);
        settings.anchor = Anchor::AfterDeparture;
        settings.offset = 900;
        settings.send_time = "25:00".into();
        settings.min_nights = 5;
        settings.max_nights = 2;
        settings.template_en = "Hi {name}".into();
        let fields: Vec<&str> = settings
            .problems(MailingKind::Welcome)
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            ["anchor", "offset", "send_time", "max_nights", "template_en"]
        );
    }

    #[test]
    fn filters_limit_sources_and_stay_length() {
        let mut settings = MailingSettings::default_for(MailingKind::NonGuaranteed);
        assert!(settings.accepts(BookingSource::Site, 1));
        assert!(!settings.accepts(BookingSource::Channel, 1));
        settings.min_nights = 2;
        assert!(!settings.accepts(BookingSource::Site, 1));
        assert!(parse_time("09:30") == Some((9, 30)) && parse_time("9:30").is_none());
    }
}
