//! Dispatch throughput with the throttle at 0 against the emulator, on SQLite
//! and (when reachable) PostgreSQL: sends per second, and each message's
//! `POST messages` latency (the scheduler's histogram), over ≥ 10,000
//! dispatches; it fails unless every dispatch ended sent. Prints figures;
//! asserts nothing timed.
//!
//! `cargo bench -p server --bench dispatch` (BENCH_DISPATCHES to change the count,
//! BENCH_POSTGRES_URL for another PostgreSQL; `none` skips it).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark fails by panicking"
)]
use app::domain::booking::{BookingSource, BookingStatus};
use app::domain::booking_input::BookingInput;
use app::domain::mailing::MailingKind;
use app::domain::sender_policy::SendingPolicy;
use app::domain::{DispatchState, PropertyId};
use app::ssr::clock::now_ms;
use app::ssr::dispatch::{planning, Dispatcher, SystemClock};
use app::ssr::metrics::Metrics;
use app::ssr::AppState;
use std::sync::Arc;
use std::time::Instant;

mod support;

#[tokio::main]
async fn main() {
    let count = support::count("BENCH_DISPATCHES", 10_000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (backend, url) in support::databases(dir.path()).await {
        run(backend, &url, count).await;
    }
}

async fn run(backend: &str, url: &str, count: usize) {
    let (address, state) = support::start(url).await;
    support::connect(&address).await;
    prepare(&state, count).await;
    forecast(backend, &state).await;
    // As in production: IntellectDialog's reports (sent, delivered, read:
    // three webhooks a message) arrive while the scheduler sends.
    measure(
        &format!("{backend}, all delivery reports flowing"),
        &state,
        count,
    )
    .await;
    // The send pipeline with only the `sent` reports: `delivered` and `read`
    // come after the measurement.
    set_timings(&address, 600_000).await;
    prepare(&state, count).await;
    measure(
        &format!("{backend}, delivered/read reports held"),
        &state,
        count,
    )
    .await;
}

/// How long the emulator waits before reporting `delivered`, and `read` after it.
async fn set_timings(address: &str, after_ms: u64) {
    let timings = serde_json::json!({ "delivered_after_ms": after_ms, "read_after_ms": after_ms });
    let url = format!("{address}/intellectdialog-emulator/control/timings");
    let answer = reqwest::Client::new()
        .put(url)
        .json(&timings)
        .send()
        .await
        .expect("timings");
    assert!(
        answer.status().is_success(),
        "timings refused: {}",
        answer.status()
    );
}

/// Sends every due reminder with a fresh scheduler and prints the figures;
/// fails unless each one left.
async fn measure(backend: &str, state: &AppState, count: usize) {
    let metrics = Arc::new(Metrics::default());
    let dispatcher = Dispatcher::new(state.clone(), Arc::new(SystemClock), metrics.clone());
    let started = Instant::now();
    let mut sent = 0;
    while sent < count {
        let report = dispatcher.tick().await.expect("a tick");
        sent += report.sent;
        if report.claimed == 0 {
            break;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    // The reminders, by state (the other mailings are off: cancelled).
    let sql = "SELECT d.state, COUNT(*) FROM dispatches d JOIN mailings m ON m.id = d.mailing_id \
               WHERE m.kind = $1 GROUP BY d.state";
    let states: Vec<(DispatchState, i64)> = app::on_db!(&state.db, pool => sqlx::query_as(sql)
        .bind(MailingKind::NonGuaranteed).fetch_all(pool).await)
    .expect("states");
    let left: i64 = states
        .iter()
        .filter(|(state, _)| state.has_left())
        .map(|(_, count)| count)
        .sum();
    assert_eq!(
        left,
        count as i64,
        "{backend}: every reminder must have been sent (delivery reports may have moved some on): {states:?}"
    );
    let latency = &metrics.send_latency;
    let bound = |share: f64| {
        latency
            .percentile_ms(share)
            .map_or("> 30000".to_owned(), |ms| ms.to_string())
    };
    println!(
        "{backend}: {sent} dispatches sent in {elapsed:.2} s = {:.0} sends/s; per-message API latency \
         (POST messages, {} sends) p50 ≤ {} ms, p99 ≤ {} ms",
        sent as f64 / elapsed,
        latency.count(),
        bound(0.50),
        bound(0.99),
    );
}

/// How long the number panel's 48-hour forecast takes over everything
/// planned: read and simulated as the page does (this policy), and simulated
/// again under the default protection (300 s, caps, warm-up, window).
async fn forecast(backend: &str, state: &AppState) {
    use app::ssr::dispatch::forecast::{capacity, per_hour, simulate, NumberState, Pending};
    let now = now_ms();
    let started = Instant::now();
    let snapshot =
        app::ssr::sender::panel::snapshot(&state.db, PropertyId(1), "Europe/Moscow", now)
            .await
            .expect("a snapshot")
            .expect("a number");
    let read_and_simulated = started.elapsed().as_secs_f64() * 1000.0;
    let pending: Vec<Pending> = snapshot
        .rows
        .iter()
        .map(|row| Pending {
            id: row.id,
            ready_at: row.next_attempt_at,
            deadline_at: row.deadline_at,
        })
        .collect();
    let number = NumberState {
        policy: SendingPolicy::default(),
        interval_ms: 300_000,
        ..snapshot.number.clone()
    };
    let started = Instant::now();
    let expected = simulate(&number, &pending, now);
    let hours = capacity(&number, now, &per_hour(&expected, now));
    let simulated = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!((expected.len(), hours.len()), (pending.len(), 48));
    println!(
        "{backend}: 48-hour forecast of {} planned dispatches: read and simulated in {read_and_simulated:.1} ms; \
         simulated under the default protection in {simulated:.1} ms",
        pending.len()
    );
}

/// Throttle at 0 and no caps (no warm-up, no window, no pauses), `count`
/// non-guaranteed bookings whose reminder is due now.
async fn prepare(state: &AppState, count: usize) {
    let policy = serde_json::to_string(&SendingPolicy::uncapped()).expect("a policy");
    let uncap = "INSERT INTO senders (property_id, provider_id, policy) \
                 SELECT property_id, provider_id, $1 FROM integrations WHERE property_id = 1 \
                 ON CONFLICT (property_id, provider_id) DO UPDATE SET policy = excluded.policy";
    app::on_db!(&state.db, pool => {
        sqlx::query("DELETE FROM bookings").execute(pool).await.expect("cleared");
        sqlx::query("UPDATE integrations SET send_interval_secs = 0").execute(pool).await.expect("throttle 0");
        sqlx::query(uncap).bind(&policy).execute(pool).await.expect("no caps");
    });
    let now = now_ms();
    for guest in 0..count {
        let input = BookingInput {
            number: format!("BENCH-{guest}"),
            status: BookingStatus::Active,
            source: BookingSource::Site,
            guaranteed: false,
            prepaid_amount: 0,
            payment_due_at: None,
            payment_link: None,
            arrival_local: "2030-01-10T14:00".into(),
            departure_local: "2030-01-12T12:00".into(),
            arrival_at: 0,
            departure_at: 0,
            guest_name: format!("Гость {guest}"),
            guest_phone: Some(format!("+7900{guest:07}")),
            guest_email: None,
            guest_language: "ru".into(),
            booked_at: now,
            modified_at: now,
        };
        planning::upsert_booking(&state.db, PropertyId(1), &input, now)
            .await
            .expect("booked");
    }
    // The reminder 0 hours after booking: every one is due now.
    let mut settings =
        app::domain::mailing_settings::MailingSettings::default_for(MailingKind::NonGuaranteed);
    settings.offset = 0;
    planning::change_mailing(
        &state.db,
        PropertyId(1),
        MailingKind::NonGuaranteed,
        true,
        Some(&settings),
        now,
    )
    .await
    .expect("switched on");
}
