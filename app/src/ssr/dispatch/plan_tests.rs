use super::*;
use crate::domain::booking::{BookingSource, BookingStatus};
use crate::domain::sender_policy::SendingPolicy;

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
        opted_out: false,
        payment_due_at: None,
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
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0).due_at(),
        Some(ms("2026-12-08T10:00"))
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
        plan(MailingKind::Feedback, &settings, &stay, MOSCOW, 0).due_at(),
        Some(ms("2026-12-12T15:00"))
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
            deadline_at: ms("2026-12-15T12:00")
        })
    );
}

#[test]
fn a_booking_made_after_the_send_moment_gets_it_at_once_or_not_at_all() {
    let mut settings = MailingSettings::default_for(MailingKind::Welcome);
    let booked = ms("2026-12-09T18:30");
    let stay = booking("2026-12-10T14:00", "2026-12-12T12:00", booked);
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0).due_at(),
        Some(booked)
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
        plan(MailingKind::NonGuaranteed, &settings, &stay, MOSCOW, 0).due_at(),
        Some(booked + 24 * 3_600_000)
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

#[test]
fn a_moment_outside_the_send_window_moves_to_its_opening_and_says_so() {
    let settings = MailingSettings::default_for(MailingKind::Welcome);
    let policy = SendingPolicy::default();
    let context = PlanContext {
        zone: MOSCOW,
        activated_at: 0,
        policy: Some(&policy),
    };
    // Booked at 00:11 for tomorrow: the welcome is late, and the night is no time for it.
    let booked = ms("2026-12-09T00:11");
    let stay = booking("2026-12-10T14:00", "2026-12-12T12:00", booked);
    assert_eq!(
        plan_in(MailingKind::Welcome, &settings, &stay, &context),
        Plan::Due(Due {
            at: ms("2026-12-09T09:00"),
            deadline_at: ms("2026-12-10T14:00"),
            moved_from: Some(booked),
        })
    );
    // Booked at 23:30 the night before arrival at 08:00: the window opens too late.
    let night = booking(
        "2026-12-10T08:00",
        "2026-12-12T12:00",
        ms("2026-12-09T23:30"),
    );
    assert_eq!(
        plan_in(MailingKind::Welcome, &settings, &night, &context),
        Plan::Skip(SkipReason::TooLate {
            deadline_at: ms("2026-12-10T08:00")
        })
    );
}

#[test]
fn deadlines_follow_each_mailing() {
    let stay = BookingFacts {
        payment_due_at: Some(ms("2026-12-05T18:00")),
        ..booking("2026-12-10T14:00", "2026-12-12T12:00", 0)
    };
    let deadline_of = |kind| deadline(kind, &MailingSettings::default_for(kind), &stay, MOSCOW);
    assert_eq!(
        deadline_of(MailingKind::Welcome),
        Some(ms("2026-12-10T14:00"))
    );
    assert_eq!(
        deadline_of(MailingKind::NonGuaranteed),
        Some(ms("2026-12-05T18:00"))
    );
    assert_eq!(
        deadline_of(MailingKind::Feedback),
        Some(ms("2026-12-15T12:00"))
    );
}

#[test]
fn a_guest_who_opted_out_gets_nothing() {
    let settings = MailingSettings::default_for(MailingKind::Welcome);
    let mut stay = booking("2026-12-10T14:00", "2026-12-12T12:00", 0);
    stay.opted_out = true;
    assert_eq!(
        plan(MailingKind::Welcome, &settings, &stay, MOSCOW, 0),
        Plan::Skip(SkipReason::OptedOut)
    );
}
