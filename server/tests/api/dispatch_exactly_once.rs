//! Exactly once: crashes between "sending" and "sent", API faults, and two
//! instances on one database never send a message twice.
use crate::dispatch_helpers::*;
use app::domain::mailing::MailingKind;
use app::ssr::db::claimed::ClaimedDispatch;
use app::ssr::db::dispatch_outcomes::Outcome;
use app::ssr::db::dispatches::{self, Claim};
use app::ssr::dispatch::plan::local_day;
use app::ssr::dispatch::send;
use app::ssr::dispatch::worker::LEASE_MS;
use serde_json::json;
use std::collections::HashMap;

const MINUTE: i64 = 60_000;

/// Claims what is due for «Волна» as an instance that then dies.
async fn claim_and_crash(run: &Scheduled) -> Vec<ClaimedDispatch> {
    let now = run.clock.now();
    let sender = dispatches::due_senders(&run.app.db, now)
        .await
        .expect("senders")
        .remove(0);
    let today = local_day(now, MOSCOW);
    let terms = dispatches::ClaimTerms {
        owner: "crashed:0",
        now,
        lease_until: now + LEASE_MS,
        limit: 10,
        today: &today,
    };
    match dispatches::claim(&run.app.db, &sender, &terms, |_, _| now)
        .await
        .expect("claimed")
    {
        Claim::Claimed { dispatches, .. } => dispatches,
        Claim::Throttled { .. } => panic!("throttled"),
    }
}

/// How many times each dispatch key reached IntellectDialog.
async fn sends_per_key(run: &Scheduled) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for message in run.sent().await {
        *counts
            .entry(message["mark"].as_str().expect("a mark").to_owned())
            .or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn a_worker_killed_after_the_message_left_does_not_send_it_again() {
    let run = scheduled_app(at("2026-12-01T10:00")).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(1).await;
    let claimed = claim_and_crash(&run).await;
    assert_eq!(claimed.len(), 1);
    // The message leaves, then the worker dies before recording "sent".
    let client = send::client(&run.app.state, &claimed[0]).expect("a client");
    let settings = send::recheck(&claimed[0], run.clock.now()).expect("still due");
    let outcome = send::send(
        &client,
        &claimed[0],
        send::message_text(&claimed[0], settings),
        run.clock.now(),
    )
    .await;
    assert!(matches!(outcome, Outcome::Sent { .. }), "{outcome:?}");

    // Another worker finds it in doubt once the lease expires, and looks it up.
    run.run_until(run.clock.now() + 3 * LEASE_MS, MINUTE / 2)
        .await;

    assert_eq!(
        sends_per_key(&run)
            .await
            .values()
            .copied()
            .collect::<Vec<_>>(),
        vec![1]
    );
    assert_eq!(run.left().await, 1, "{:?}", run.states().await);
}

#[tokio::test]
async fn a_worker_killed_before_the_message_left_sends_it_once_after_the_lease() {
    let run = scheduled_app(at("2026-12-01T10:00")).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(1).await;
    claim_and_crash(&run).await;

    run.run_until(run.clock.now() + LEASE_MS / 2, MINUTE / 6)
        .await;
    assert!(
        run.sent().await.is_empty(),
        "nothing may leave while the lease holds"
    );
    run.run_until(run.clock.now() + 3 * LEASE_MS, MINUTE / 2)
        .await;

    assert_eq!(
        sends_per_key(&run)
            .await
            .values()
            .copied()
            .collect::<Vec<_>>(),
        vec![1]
    );
    assert_eq!(run.left().await, 1, "{:?}", run.states().await);
}

#[tokio::test]
async fn server_errors_rate_limits_and_timeouts_end_with_every_message_sent_exactly_once() {
    let run = scheduled_app_with(at("2026-12-01T10:00"), |settings| {
        settings.intellectdialog.timeout_secs = 1
    })
    .await;
    run.set_interval(1, 0).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(40).await;
    let emulator = run.app.emulator();
    // Delivery reports would move some on to `delivered` before the end.
    emulator.hold_delivery_reports().await;

    emulator.set_faults(json!({ "error_rate": 0.5 })).await;
    run.run_until(run.clock.now() + 2 * MINUTE, MINUTE).await;
    emulator
        .set_faults(json!({ "rate_limit_retry_after": 120 }))
        .await;
    run.run_until(run.clock.now() + 2 * MINUTE, MINUTE).await;
    emulator
        .set_faults(json!({ "error_rate": 0.0, "timeout": true }))
        .await;
    run.run_until(run.clock.now() + MINUTE, MINUTE).await;
    emulator
        .control(reqwest::Method::DELETE, "/faults", json!({}))
        .await;
    // Back-offs reach an hour at most; a day covers every retry.
    run.run_until(run.clock.now() + 24 * 60 * MINUTE, 10 * MINUTE)
        .await;

    let counts = sends_per_key(&run).await;
    assert_eq!(counts.len(), 40, "every guest got the message");
    assert!(
        counts.values().all(|count| *count == 1),
        "sent twice: {counts:?}"
    );
    assert_eq!(run.left().await, 40, "{:?}", run.states().await);
}

#[tokio::test]
async fn two_instances_on_one_database_never_send_twice_nor_break_the_spacing() {
    let run = scheduled_app(at("2026-12-01T10:00")).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(12).await;
    let other = run.second_instance().await;

    let until = run.clock.now() + 12 * 6 * MINUTE;
    let emulator = run.app.emulator();
    while run.clock.now() <= until {
        emulator
            .control(
                reqwest::Method::PUT,
                "/clock",
                json!({ "now_ms": run.clock.now() }),
            )
            .await;
        let (first, second) = tokio::join!(run.dispatcher.tick(), other.tick());
        first.expect("a tick");
        second.expect("a tick");
        run.clock.advance(MINUTE);
    }

    let counts = sends_per_key(&run).await;
    assert_eq!(counts.len(), 12, "{:?}", run.states().await);
    assert!(
        counts.values().all(|count| *count == 1),
        "sent twice: {counts:?}"
    );
    let times: Vec<i64> = run
        .sent()
        .await
        .iter()
        .map(|message| {
            let at: jiff::Timestamp = message["requested_at"]
                .as_str()
                .expect("a time")
                .parse()
                .expect("an instant");
            at.as_millisecond()
        })
        .collect();
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= 60_000,
            "two sends {} ms apart",
            pair[1] - pair[0]
        );
    }
}
