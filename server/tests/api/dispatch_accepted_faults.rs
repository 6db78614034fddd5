//! Exactly once when IntellectDialog accepted and stored a message but its
//! answer failed on the way back — a 500, an answer held past the client's
//! timeout, a dropped connection: each dispatch is looked up by its mark, never
//! sent again, and ends `sent` with IntellectDialog's id. And a 429's
//! `Retry-After` holds the whole number on the virtual clock.
use crate::dispatch_helpers::*;
use crate::emulator_helpers::ms_of;
use app::domain::mailing::MailingKind;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::Ordering;

const MINUTE: i64 = 60_000;

/// `guests` of «Волна» due at once from a number without spacing; the client
/// gives up after 1 s, and no delivery report settles a dispatch in doubt
/// (the sender itself must find out).
async fn due_guests(guests: usize) -> Scheduled {
    let run = scheduled_app_with(at("2026-12-01T10:00"), |settings| {
        settings.intellectdialog.timeout_secs = 1;
    })
    .await;
    run.set_interval(1, 0).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(guests).await;
    run.app.emulator().hold_delivery_reports().await;
    run
}

/// The welcome dispatches: key → (state, IntellectDialog's message id).
async fn welcome_dispatches(run: &Scheduled) -> BTreeMap<String, (String, Option<String>)> {
    let sql = "SELECT d.dispatch_key, d.state, d.message_id FROM dispatches d \
               JOIN mailings m ON m.id = d.mailing_id WHERE m.kind = 'welcome'";
    let rows: Vec<(String, String, Option<String>)> =
        app::on_db!(&run.app.db, pool => sqlx::query_as(sql).fetch_all(pool).await)
            .expect("the dispatches");
    rows.into_iter()
        .map(|(key, state, message_id)| (key, (state, message_id)))
        .collect()
}

/// Every dispatch reached IntellectDialog exactly once and ended `sent`
/// holding the id IntellectDialog gave that very message.
async fn assert_each_sent_once_with_its_id(run: &Scheduled, guests: usize) {
    let mut arrivals: HashMap<String, Vec<String>> = HashMap::new();
    for message in run.sent().await {
        let mark = message["mark"].as_str().expect("a mark").to_owned();
        let id = message["message_id"].as_str().expect("an id").to_owned();
        arrivals.entry(mark).or_default().push(id);
    }
    let dispatches = welcome_dispatches(run).await;
    assert_eq!(dispatches.len(), guests, "{dispatches:?}");
    for (key, (state, message_id)) in &dispatches {
        let ids = arrivals
            .get(key)
            .unwrap_or_else(|| panic!("{key} never reached IntellectDialog"));
        assert_eq!(ids.len(), 1, "{key} reached IntellectDialog {ids:?}");
        assert_eq!(state, "sent", "{key}: {dispatches:?}");
        assert_eq!(message_id.as_ref(), Some(&ids[0]), "{key}'s message id");
    }
    assert_eq!(arrivals.len(), guests, "marks of no dispatch: {arrivals:?}");
}

/// Every send is accepted, then its answer fails as `fault` says; the fault
/// stays on throughout, so a resend would be stored (and counted) again.
async fn every_answer_lost_after_acceptance(fault: &str) {
    const GUESTS: usize = 6;
    let run = due_guests(GUESTS).await;
    let emulator = run.app.emulator();
    emulator.set_faults(json!({ "after_accept": fault })).await;

    run.run_until(run.clock.now(), MINUTE).await;
    assert_eq!(emulator.sent().await.len(), GUESTS, "all stored at once");
    let dispatches = welcome_dispatches(&run).await;
    assert!(
        dispatches.values().all(|(state, _)| state == "sending"),
        "all in doubt: {dispatches:?}"
    );
    // In doubt for 30 s (±20 %), then looked up.
    run.run_until(run.clock.now() + 10 * MINUTE, MINUTE / 2)
        .await;

    assert_each_sent_once_with_its_id(&run, GUESTS).await;
    let in_doubt = run.dispatcher.metrics.in_doubt.load(Ordering::Relaxed);
    assert_eq!(in_doubt, GUESTS as u64, "each send ended in doubt");
    assert_eq!(
        emulator.requests_to("GET", "/messages").await.len(),
        GUESTS,
        "one lookup by mark per dispatch in doubt"
    );
    assert_eq!(
        emulator.requests_to("POST", "/messages").await.len(),
        GUESTS,
        "no second attempt"
    );
}

#[tokio::test]
async fn a_server_error_after_the_message_was_stored_does_not_send_it_again() {
    every_answer_lost_after_acceptance("error").await;
}

#[tokio::test]
async fn an_answer_held_past_the_timeout_after_the_message_was_stored_does_not_send_it_again() {
    every_answer_lost_after_acceptance("hang").await;
}

#[tokio::test]
async fn a_connection_dropped_after_the_message_was_stored_does_not_send_it_again() {
    every_answer_lost_after_acceptance("drop").await;
}

#[tokio::test]
async fn answers_lost_for_half_the_accepted_sends_end_with_every_message_sent_once() {
    const GUESTS: usize = 30;
    let run = due_guests(GUESTS).await;
    let emulator = run.app.emulator();
    emulator
        .set_faults(json!({ "after_accept": "error", "after_accept_rate": 0.5 }))
        .await;

    run.run_until(run.clock.now() + 10 * MINUTE, MINUTE / 2)
        .await;

    assert_each_sent_once_with_its_id(&run, GUESTS).await;
    let in_doubt = run.dispatcher.metrics.in_doubt.load(Ordering::Relaxed);
    // Each of 30 sends is hit with odds of one half: never none, never all.
    assert!(
        (1..GUESTS as u64).contains(&in_doubt),
        "{in_doubt} in doubt"
    );
    assert_eq!(
        emulator.requests_to("GET", "/messages").await.len() as u64,
        in_doubt,
        "exactly the sends in doubt were looked up"
    );
    assert_eq!(
        emulator.requests_to("POST", "/messages").await.len(),
        GUESTS
    );
}

#[tokio::test]
async fn a_rate_limit_holds_every_send_from_the_number_for_its_retry_after() {
    const RETRY_AFTER_SECS: i64 = 120;
    let run = due_guests(5).await;
    let emulator = run.app.emulator();
    emulator
        .set_faults(json!({ "rate_limit_retry_after": RETRY_AFTER_SECS }))
        .await;

    run.run_until(run.clock.now(), MINUTE).await;
    // IntellectDialog would take everything at once from now on, and three
    // more guests of the same number fall due meanwhile.
    emulator
        .control(reqwest::Method::DELETE, "/faults", json!({}))
        .await;
    for guest in 0..3 {
        let body = booking(
            "2026-12-03T14:00",
            "2026-12-05T12:00",
            at("2026-11-20T10:00"),
            Some(&format!("+7 913 000-00-0{guest}")),
        );
        assert_eq!(
            run.app.put_booking(&format!("L-{guest}"), body).await,
            reqwest::StatusCode::CREATED
        );
    }
    run.run_until(run.clock.now() + 10 * MINUTE, MINUTE / 6)
        .await;

    let posts = emulator.requests_to("POST", "/messages").await;
    let refused: Vec<i64> = posts
        .iter()
        .filter(|post| post["status"] == 429)
        .map(|post| ms_of(&post["requested_at"]))
        .collect();
    assert_eq!(refused.len(), 5, "{posts:#?}");
    let limited_at = refused.iter().copied().max().expect("a 429");
    for post in posts.iter().filter(|post| post["status"] != 429) {
        let waited = ms_of(&post["requested_at"]) - limited_at;
        assert!(
            waited >= RETRY_AFTER_SECS * 1000,
            "sent {waited} ms after the 429 asked for {RETRY_AFTER_SECS} s: {post}"
        );
    }
    assert_each_sent_once_with_its_id(&run, 8).await;
}
