//! Spacing per sender number: at least the interval between two sends from
//! one number, numbers independent, and a dispatch that stays home frees its slot.
use crate::dispatch_helpers::*;
use app::domain::mailing::MailingKind;
use reqwest::{Method, StatusCode};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// «Бриз» pushes `count` bookings through its own token.
async fn book_at_briz(app: &crate::helpers::TestApp, booked: i64, count: usize) {
    let briz = app::ssr::auth::pms_token::issue(&app.db, "demo-briz", "test", 0)
        .await
        .expect("stored")
        .expect("a property");
    for guest in 0..count {
        let body = booking(
            "2026-12-03T14:00",
            "2026-12-05T12:00",
            booked,
            Some(&format!("+7 921 200-00-{guest:02}")),
        );
        let path = format!("/api/v1/bookings/B-{guest}");
        let response = app.pms_as(&briz, Method::PUT, &path, Some(body)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
}

/// When each message to a phone starting with `prefix` was asked for (unix ms).
fn send_times(sent: &[serde_json::Value], prefix: &str) -> Vec<i64> {
    sent.iter()
        .filter(|message| {
            message["phone"]
                .as_str()
                .is_some_and(|phone| phone.starts_with(prefix))
        })
        .map(|message| {
            jiff::Timestamp::from_str(message["requested_at"].as_str().expect("a time"))
                .expect("an instant")
                .as_millisecond()
        })
        .collect()
}

#[tokio::test]
async fn due_dispatches_of_one_sender_leave_at_least_the_interval_apart_while_two_senders_run_in_parallel(
) {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    activate(&run.app, BRIZ_ADMIN, SECOND_API_KEY).await;
    set_policy(&run.app, 2, &unrestricted()).await;
    run.set_interval(1, 300).await;
    run.set_interval(2, 300).await;
    run.switch_on(MailingKind::Welcome).await;
    assert!(app::ssr::dispatch::planning::change_mailing(
        &run.app.db,
        app::domain::PropertyId(2),
        MailingKind::Welcome,
        true,
        None,
        start
    )
    .await
    .expect("stored"));
    let booked = start - 24 * HOUR;
    for guest in 0..50 {
        let phone = format!("+7 912 100-{:02}-{:02}", guest / 100, guest % 100);
        run.app
            .put_booking(
                &format!("T-{guest}"),
                booking("2026-12-03T14:00", "2026-12-05T12:00", booked, Some(&phone)),
            )
            .await;
    }
    book_at_briz(&run.app, booked, 5).await;

    run.run_until(at("2026-12-01T10:00") + 50 * 7 * MINUTE, MINUTE)
        .await;

    let sent = run.sent().await;
    let times = |prefix: &str| send_times(&sent, prefix);
    let volna = times("+791210");
    let briz = times("+792120");
    assert_eq!((volna.len(), briz.len()), (50, 5), "{sent:#?}");
    for pair in volna.windows(2) {
        assert!(
            pair[1] - pair[0] >= 300_000,
            "sends {} ms apart",
            pair[1] - pair[0]
        );
    }
    // The second number does not wait for the first one's queue.
    assert!(
        briz[1] < volna[2],
        "Briz's second send waited for Volna's queue"
    );
}

#[tokio::test]
async fn a_dispatch_skipped_at_send_time_does_not_use_up_the_numbers_slot() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(2).await;
    // Cancelled behind the planner's back: only the send-time check sees it.
    app::on_db!(&run.app.db, pool => sqlx::query("UPDATE bookings SET status = 'cancelled' WHERE number = 'G-0'")
        .execute(pool).await.map(|_| ()))
    .expect("cancelled");

    run.run_until(start, 1).await;

    let sent = run.sent().await;
    assert_eq!(
        sent.len(),
        1,
        "the second guest need not wait an interval: {sent:#?}"
    );
    assert_eq!(sent[0]["phone"], "+79120000001");
    let g0 = run.timeline("G-0").await;
    assert_eq!(
        Scheduled::dispatch(&g0, "welcome")["reason"],
        "booking_cancelled"
    );
}

use std::str::FromStr;
