//! The scheduler on a virtual clock: days of schedule in milliseconds.
use crate::dispatch_helpers::*;
use app::domain::mailing::MailingKind;
use reqwest::{Method, StatusCode};
use serde_json::json;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

#[tokio::test]
async fn the_right_bookings_get_the_right_message_at_the_right_local_time() {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::Welcome).await;
    let booked = start - 10 * 24 * HOUR;
    assert_eq!(
        run.app
            .put_booking(
                "W-1",
                booking(
                    "2026-12-04T14:00",
                    "2026-12-06T12:00",
                    booked,
                    Some("+7 912 000-00-01")
                )
            )
            .await,
        StatusCode::CREATED
    );
    assert_eq!(
        run.app
            .put_booking(
                "W-2",
                booking(
                    "2026-12-05T14:00",
                    "2026-12-06T12:00",
                    booked,
                    Some("+7 912 000-00-02")
                )
            )
            .await,
        StatusCode::CREATED
    );
    assert_eq!(
        run.app
            .put_booking(
                "W-3",
                booking("2026-12-04T14:00", "2026-12-06T12:00", booked, None)
            )
            .await,
        StatusCode::CREATED
    );

    run.run_until(at("2026-12-03T12:00"), 5 * MINUTE).await;

    let sent = run.sent().await;
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert_eq!(sent[0]["phone"], "+79120000001");
    assert!(
        sent[0]["text"]
            .as_str()
            .expect("a text")
            .contains("Анна Гостева"),
        "{}",
        sent[0]["text"]
    );
    assert!(sent[0]["text"]
        .as_str()
        .expect("a text")
        .contains("04.12.2026"));
    // Two days before arrival at 10:00 Moscow (07:00 UTC).
    assert_eq!(sent[0]["requested_at"], "2026-12-02T07:00:00.000Z");
    assert_eq!(sent[1]["phone"], "+79120000002");
    assert_eq!(sent[1]["requested_at"], "2026-12-03T07:00:00.000Z");
    let w3 = run.timeline("W-3").await;
    let welcome = Scheduled::dispatch(&w3, "welcome");
    assert_eq!(
        (welcome["state"].as_str(), welcome["reason"].as_str()),
        (Some("skipped"), Some("no_phone"))
    );
    let w1 = run.timeline("W-1").await;
    assert_eq!(Scheduled::dispatch(&w1, "welcome")["state"], "sent");
}

#[tokio::test]
async fn a_cancelled_booking_gets_nothing_and_a_date_change_moves_the_send() {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::Welcome).await;
    let booked = start - 24 * HOUR;
    run.app
        .put_booking(
            "C-1",
            booking(
                "2026-12-04T14:00",
                "2026-12-06T12:00",
                booked,
                Some("+7 912 000-00-01"),
            ),
        )
        .await;
    run.app
        .put_booking(
            "M-1",
            booking(
                "2026-12-04T14:00",
                "2026-12-06T12:00",
                booked,
                Some("+7 912 000-00-02"),
            ),
        )
        .await;

    let cancel = run
        .app
        .pms(
            Method::POST,
            "/api/v1/bookings/C-1/cancel",
            Some(json!({ "modified_at": rfc3339(start) })),
        )
        .await;
    assert_eq!(cancel.status(), StatusCode::OK);
    let mut moved = booking(
        "2026-12-06T14:00",
        "2026-12-08T12:00",
        booked,
        Some("+7 912 000-00-02"),
    );
    moved["modified_at"] = json!(rfc3339(start));
    assert_eq!(run.app.put_booking("M-1", moved).await, StatusCode::OK);
    // An older update arriving late changes nothing.
    let stale = booking(
        "2026-12-04T14:00",
        "2026-12-06T12:00",
        booked,
        Some("+7 912 000-00-02"),
    );
    assert_eq!(
        run.app.put_booking("M-1", stale).await,
        StatusCode::CONFLICT
    );

    run.run_until(at("2026-12-04T12:00"), 10 * MINUTE).await;

    let c1 = run.timeline("C-1").await;
    assert_eq!(Scheduled::dispatch(&c1, "welcome")["state"], "cancelled");
    let sent = run.sent().await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0]["requested_at"], "2026-12-04T07:00:00.000Z");
}

#[tokio::test]
async fn a_non_guaranteed_booking_guaranteed_before_the_reminder_gets_no_reminder() {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::NonGuaranteed).await;
    run.app
        .put_booking(
            "N-1",
            booking(
                "2026-12-10T14:00",
                "2026-12-12T12:00",
                start,
                Some("+7 912 000-00-01"),
            ),
        )
        .await;
    run.app
        .put_booking(
            "N-2",
            booking(
                "2026-12-10T14:00",
                "2026-12-12T12:00",
                start,
                Some("+7 912 000-00-02"),
            ),
        )
        .await;
    let mut paid = booking(
        "2026-12-10T14:00",
        "2026-12-12T12:00",
        start,
        Some("+7 912 000-00-01"),
    );
    paid["guaranteed"] = json!(true);
    paid["prepaid_amount"] = json!(500_000);
    paid["modified_at"] = json!(rfc3339(start + 2 * HOUR));
    assert_eq!(run.app.put_booking("N-1", paid).await, StatusCode::OK);

    run.run_until(start + 26 * HOUR, 10 * MINUTE).await;

    let sent = run.sent().await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0]["phone"], "+79120000002");
    let n1 = run.timeline("N-1").await;
    let reminder = Scheduled::dispatch(&n1, "non_guaranteed");
    assert_eq!(
        (reminder["state"].as_str(), reminder["reason"].as_str()),
        (Some("skipped"), Some("guaranteed"))
    );
}
