//! Dispatch throughput with the throttle at 0 against the emulator, on SQLite
//! and (when reachable) PostgreSQL: sends per second and claim-to-send
//! latency over ≥ 10,000 dispatches. Prints figures; asserts nothing timed.
//!
//! `cargo bench -p server --bench dispatch` (BENCH_DISPATCHES to change the count,
//! BENCH_POSTGRES_URL for another PostgreSQL; `none` skips it).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark fails by panicking"
)]
use app::domain::booking::{BookingSource, BookingStatus};
use app::domain::mailing::MailingKind;
use app::ssr::clock::now_ms;
use app::ssr::db::planning::{self, BookingInput};
use app::ssr::dispatch::{Dispatcher, SystemClock};
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

    let dispatcher = Dispatcher::new(state.clone(), Arc::new(SystemClock), Arc::default());
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
    let mut latencies: Vec<i64> = app::on_db!(&state.db, pool => sqlx::query_scalar(
        "SELECT sent_at - sending_at FROM dispatches WHERE state = 'sent'").fetch_all(pool).await)
    .expect("latencies");
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or(0)
    };
    println!(
        "{backend}: {sent} dispatches sent in {elapsed:.2} s = {:.0} sends/s; claim-to-send latency p50 {} ms, p99 {} ms, max {} ms",
        sent as f64 / elapsed,
        percentile(0.50),
        percentile(0.99),
        latencies.last().copied().unwrap_or(0),
    );
}

/// Throttle at 0, `count` non-guaranteed bookings whose reminder is due now.
async fn prepare(state: &AppState, count: usize) {
    app::on_db!(&state.db, pool => {
        sqlx::query("DELETE FROM bookings").execute(pool).await.expect("cleared");
        sqlx::query("UPDATE integrations SET send_interval_secs = 0").execute(pool).await.expect("throttle 0");
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
        planning::upsert_booking(&state.db, 1, &input, now)
            .await
            .expect("booked");
    }
    // The reminder 0 hours after booking: every one is due now.
    let mut settings =
        app::domain::mailing_settings::MailingSettings::default_for(MailingKind::NonGuaranteed);
    settings.offset = 0;
    planning::change_mailing(
        &state.db,
        1,
        MailingKind::NonGuaranteed,
        true,
        Some(&settings),
        now,
    )
    .await
    .expect("switched on");
}
