//! Three server instances on one database (PostgreSQL in CI's second run)
//! share one number: a 2 s interval, an hourly cap of 10 and a window hold
//! across all of them.
use crate::dispatch_helpers::*;
use crate::sender_helpers::*;
use app::domain::mailing::MailingKind;
use app::domain::sender_policy::{SendWindow, SendingPolicy};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn three_instances_keep_the_interval_the_hourly_cap_and_the_window() {
    let start = at("2026-12-01T09:59");
    let run = scheduled_app(start).await;
    let second = run.second_instance().await;
    let third = run.second_instance().await;
    // 2 s: below the form's minimum, set behind it to make the test quick.
    run.set_interval(1, 2).await;
    let policy = SendingPolicy {
        hourly_cap: 10,
        window: Some(SendWindow {
            start: "10:05".into(),
            end: "10:20".into(),
        }),
        ..unrestricted()
    };
    set_policy(&run.app, 1, &policy).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(30).await;
    let emulator = run.app.emulator();

    let until = at("2026-12-02T10:30");
    while run.clock.now() <= until {
        let now = run.clock.now();
        emulator
            .control(Method::PUT, "/clock", json!({ "now_ms": now }))
            .await;
        let (a, b, c) = tokio::join!(run.dispatcher.tick(), second.tick(), third.tick());
        for report in [a, b, c] {
            report.expect("a tick");
        }
        // One-second steps inside the window, ten-minute steps outside it.
        let minute = moscow_clock(now)[11..].to_owned();
        let step = if ("10:04".."10:21").contains(&minute.as_str()) {
            1_000
        } else {
            10 * MINUTE
        };
        run.clock.advance(step);
    }

    let times = run.send_times().await;
    assert_eq!(times.len(), 20, "ten a day: {times:?}");
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= 2_000,
            "sends {} ms apart",
            pair[1] - pair[0]
        );
    }
    assert_hourly_cap(&times, 10);
    for at in &times {
        let clock = moscow_clock(*at);
        assert!(
            ("10:05".."10:20").contains(&&clock[11..]),
            "sent at {clock}"
        );
    }
}
