use super::*;
use crate::domain::booking::{BookingSource, BookingStatus};

const MOSCOW: &str = "Europe/Moscow";

fn booking(arrival: &str, departure: &str, booked_at: i64) -> BookingFacts {
    BookingFacts {
        status: BookingStatus::Active,
        source: BookingSource::Site,
        guaranteed: false,
        arrival_local: arrival.into(),
        departure_local: departure.into(),
        booked_at,
        has_phone: true,
    }
}

fn ms(local: &str) -> i64 {
    local_to_ms(local, MOSCOW).expect("a local time")
}

#[test]
fn welcome_goes_n_days_before_arrival_at_the_local_send_time() {
    let settings = MailingSettings::default_for(MailingKind::Welcome);
    let stay = booking(
        "2026-12-10T14:00",
        "2026-12-12T12:00",
        ms("2026-11-01T09:00"),
    );
    // 2 days before, 10:00 Moscow = 07:00 UTC.
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Due(ms("2026-12-08T10:00"))
    );
    assert_eq!(
        ms("2026-12-08T10:00"),
        local_to_ms("2026-12-08T07:00", "UTC").expect("utc")
    );
}

#[test]
fn feedback_goes_hours_after_departure_and_not_days_later() {
    let settings = MailingSettings::default_for(MailingKind::Feedback);
    let stay = booking(
        "2026-12-10T14:00",
        "2026-12-12T12:00",
        ms("2026-11-01T09:00"),
    );
    assert_eq!(
        plan(MailingKind::Feedback, &settings, &stay, MOSCOW, 0),
        Plan::Due(ms("2026-12-12T15:00"))
    );
    // Switched on a week after the stay: too late to ask.
    assert_eq!(
        plan(
            MailingKind::Feedback,
            &settings,
            &stay,
            MOSCOW,
            ms("2026-12-20T10:00")
        ),
        Plan::Skip(SkipReason::TooLate {
            deadline_at: ms("2026-12-15T15:00")
        })
    );
}

#[test]
fn a_booking_made_after_the_send_moment_gets_it_at_once_or_not_at_all() {
    let mut settings = MailingSettings::default_for(MailingKind::Welcome);
    let booked = ms("2026-12-09T18:30");
    let stay = booking("2026-12-10T14:00", "2026-12-12T12:00", booked);
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Due(booked)
    );
    settings.late = LatePolicy::Skip;
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::BookedAfterSendTime)
    );
}

#[test]
fn non_guaranteed_reminders_skip_guaranteed_and_other_sources() {
    let settings = MailingSettings::default_for(MailingKind::NonGuaranteed);
    let booked = ms("2026-12-01T12:00");
    let mut stay = booking("2026-12-10T14:00", "2026-12-12T12:00", booked);
    assert_eq!(
        plan(MailingKind::NonGuaranteed, &settings, &stay, MOSCOW, 0),
        Plan::Due(booked + 24 * 3_600_000)
    );
    stay.guaranteed = true;
    assert_eq!(
        plan(MailingKind::NonGuaranteed, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::Guaranteed)
    );
    stay.guaranteed = false;
    stay.source = BookingSource::Channel;
    assert_eq!(
        plan(MailingKind::NonGuaranteed, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::SourceFiltered)
    );
}

#[test]
fn cancelled_phoneless_and_filtered_bookings_get_nothing_with_a_reason() {
    let mut settings = MailingSettings::default_for(MailingKind::Welcome);
    let mut stay = booking("2026-12-10T14:00", "2026-12-11T12:00", 0);
    settings.min_nights = 2;
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::StayFiltered)
    );
    stay.has_phone = false;
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::NoPhone)
    );
    stay.status = BookingStatus::Cancelled;
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::BookingCancelled)
    );
}

#[test]
fn local_times_follow_the_zone_and_dates_read_naturally() {
    assert_eq!(
        ms("2026-12-08T10:00")
            - local_to_ms("2026-12-08T10:00", "Asia/Yekaterinburg").expect("a zone"),
        2 * 3_600_000
    );
    assert_eq!(local_to_ms("2026-13-40T10:00", MOSCOW), None);
    assert_eq!(local_to_ms("2026-12-08T10:00", "Mars/Olympus"), None);
    assert_eq!(guest_date("2026-12-08T10:00", "ru"), "08.12.2026");
    assert_eq!(guest_date("2026-12-08T10:00", "en"), "Dec 8, 2026");
    assert_eq!(local_day(ms("2026-12-08T00:30"), MOSCOW), "2026-12-08");
}
