//! The send window (every mailing, also one spanning midnight, also a late
//! booking's welcome at night) and the deadline order when a number's
//! budget is short, with the skip once a deadline passed.
use crate::dispatch_helpers::*;
use crate::sender_helpers::*;
use app::domain::mailing::MailingKind;
use app::domain::sender_policy::{SendWindow, SendingPolicy};
use serde_json::{json, Value};

fn minute_of_day(ms: i64) -> u32 {
    let clock = moscow_clock(ms);
    let (hours, minutes) = clock[11..].split_once(':').expect("HH:MM");
    hours.parse::<u32>().expect("hours") * 60 + minutes.parse::<u32>().expect("minutes")
}

#[tokio::test]
async fn every_mailing_waits_for_a_window_spanning_midnight_and_says_why() {
    let start = at("2026-12-01T12:00");
    let run = scheduled_app(start).await;
    let policy = SendingPolicy {
        window: Some(SendWindow {
            start: "22:00".into(),
            end: "06:00".into(),
        }),
        ..unrestricted()
    };
    set_policy(&run.app, 1, &policy).await;
    for kind in [
        MailingKind::Welcome,
        MailingKind::Feedback,
        MailingKind::NonGuaranteed,
    ] {
        run.switch_on(kind).await;
    }
    // Welcome due 12-03 10:00, non-guaranteed 12-02 11:00 (booked + 24 h),
    // feedback 12-06 15:00 (3 h after departure): all in the day.
    let mut body = booking(
        "2026-12-05T14:00",
        "2026-12-06T12:00",
        at("2026-12-01T11:00"),
        Some("+7 912 400-00-01"),
    );
    body["payment_link"] = json!("https://pay.example/W-1");
    assert_eq!(
        run.app.put_booking("W-1", body).await,
        reqwest::StatusCode::CREATED
    );

    let planned = run.timeline("W-1").await;
    for kind in ["welcome", "feedback", "non_guaranteed"] {
        let dispatch = Scheduled::dispatch(&planned, kind);
        assert_eq!(dispatch["state"], "planned", "{kind}: {dispatch}");
        assert_eq!(dispatch["reason"], "outside_window", "{kind}: {dispatch}");
    }

    run.run_until(at("2026-12-07T00:00"), 10 * MINUTE).await;

    let times = run.send_times().await;
    let clocks: Vec<String> = times.iter().map(|at| moscow_clock(*at)).collect();
    assert_eq!(
        clocks,
        ["02.12.2026 22:00", "03.12.2026 22:00", "06.12.2026 22:00"]
    );
    for at in times {
        let minute = minute_of_day(at);
        assert!(
            !(6 * 60..22 * 60).contains(&minute),
            "sent at {}",
            moscow_clock(at)
        );
    }
}

#[tokio::test]
async fn a_booking_made_at_night_gets_its_welcome_in_the_morning() {
    let start = at("2026-12-02T00:11");
    let run = scheduled_app(start).await;
    set_policy(
        &run.app,
        1,
        &SendingPolicy {
            window: SendingPolicy::default().window,
            ..unrestricted()
        },
    )
    .await;
    run.switch_on(MailingKind::Welcome).await;
    // Arrives tomorrow: the welcome's moment (two days before) has passed,
    // so it is sent at once — which at night means when the window opens.
    let body = booking(
        "2026-12-03T14:00",
        "2026-12-04T12:00",
        start,
        Some("+7 912 400-00-02"),
    );
    assert_eq!(
        run.app.put_booking("N-1", body).await,
        reqwest::StatusCode::CREATED
    );

    run.run_until(at("2026-12-02T12:00"), 10 * MINUTE).await;

    let times = run.send_times().await;
    assert_eq!(
        times.iter().map(|at| moscow_clock(*at)).collect::<Vec<_>>(),
        ["02.12.2026 09:01"]
    );
}

/// Books a guest arriving today at `arrival` (a late booking: its welcome is due at once).
async fn book_arriving_today(run: &Scheduled, number: &str, arrival: &str, phone: &str) {
    let booked = at("2026-12-01T09:00");
    let body = booking(
        &format!("2026-12-01T{arrival}"),
        "2026-12-02T12:00",
        booked,
        Some(phone),
    );
    assert_eq!(
        run.app.put_booking(number, body).await,
        reqwest::StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_short_budget_sends_the_earliest_deadline_first_and_skips_what_it_cannot_save() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.set_interval(1, 60).await;
    set_policy(
        &run.app,
        1,
        &SendingPolicy {
            hourly_cap: 1,
            daily_cap: 100,
            ..unrestricted()
        },
    )
    .await;
    run.switch_on(MailingKind::Welcome).await;
    // Booked in this order; their deadlines (arrivals) in another.
    book_arriving_today(&run, "A", "18:00", "+7 912 500-00-01").await;
    book_arriving_today(&run, "B", "12:30", "+7 912 500-00-02").await;
    book_arriving_today(&run, "E", "10:45", "+7 912 500-00-05").await;
    book_arriving_today(&run, "C", "10:30", "+7 912 500-00-03").await;
    book_arriving_today(&run, "D", "11:30", "+7 912 500-00-04").await;

    run.run_until(at("2026-12-01T14:00"), 5 * MINUTE).await;

    let phones: Vec<String> = run
        .sent()
        .await
        .iter()
        .map(|message| message["phone"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        phones,
        [
            "+79125000003",
            "+79125000004",
            "+79125000002",
            "+79125000001"
        ],
        "C (10:30), D (11:30), B (12:30), A (18:00); E's slot never came"
    );
    let skipped: Value = Scheduled::dispatch(&run.timeline("E").await, "welcome").clone();
    assert_eq!(skipped["state"], "skipped", "{skipped}");
    assert_eq!(skipped["reason"], "too_late", "{skipped}");
}
