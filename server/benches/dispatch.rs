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
use app::ssr::config::Settings;
use app::ssr::db::planning::{self, BookingInput};
use app::ssr::dispatch::{Dispatcher, SystemClock};
use app::ssr::AppState;
use server::startup::Application;
use std::sync::Arc;
use std::time::Instant;

const KEY: &str = "idk-demo-volna-6f1d2c9a8b7e4f30";

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_DISPATCHES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    run(
        "SQLite",
        &format!("sqlite://{}/bench.db", dir.path().display()),
        count,
    )
    .await;
    let postgres = std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    if postgres != "none" {
        match fresh_postgres(&postgres).await {
            Some(url) => run("PostgreSQL", &url, count).await,
            None => println!("PostgreSQL at {postgres} is not reachable: skipped"),
        }
    }
}

async fn fresh_postgres(base: &str) -> Option<String> {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(base).await.ok()?;
    let name = format!("cc_test_bench_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut connection)
        .await
        .ok()?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .ok()?;
    Some(format!("{}/{name}", base.rsplit_once('/')?.0))
}

async fn run(backend: &str, url: &str, count: usize) {
    let mut settings = Settings::load().expect("settings");
    settings.server.address = "127.0.0.1:0".into();
    settings.database.url = url.to_owned().into();
    settings.database.max_connections = 8;
    settings.demo.seed = true;
    settings.emulator.enabled = true;
    settings.dispatch.enabled = false;
    settings.security.master_key = Some(
        "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio="
            .to_owned()
            .into(),
    );
    let application = Application::build(settings).await.expect("the app starts");
    let address = format!("http://{}", application.address());
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());
    connect(&address).await;
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

/// Connects and activates «Волна» as its administrator would, through the app.
async fn connect(address: &str) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client");
    let call = |path: &str, form: Vec<(&str, String)>| {
        client
            .post(format!("{address}/rpc/{path}"))
            .header("origin", address)
            .form(&form)
            .send()
    };
    call(
        "sign_in",
        vec![
            ("email", "admin@volna.example".into()),
            ("password", "Volna-Admin-2026".into()),
        ],
    )
    .await
    .expect("signed in");
    let view: serde_json::Value = call(
        "check_api_key",
        vec![("api_key", KEY.into()), ("version", "0".into())],
    )
    .await
    .expect("checked")
    .json()
    .await
    .expect("a view");
    let version = view["version"].as_i64().expect("a version");
    let view: serde_json::Value = call(
        "save_integration_settings",
        vec![
            ("provider_id", "b6f8a0c2-0001-4000-8000-0000a0000001".into()),
            ("send_interval_secs", "60".into()),
            ("version", version.to_string()),
        ],
    )
    .await
    .expect("saved")
    .json()
    .await
    .expect("a view");
    let version = view["version"].as_i64().expect("a version");
    call(
        "set_integration_active",
        vec![("active", "true".into()), ("version", version.to_string())],
    )
    .await
    .expect("activated");
    // No delivery reports during the run: they would compete for the database.
    client
        .put(format!(
            "{address}/intellectdialog-emulator/control/timings"
        ))
        .json(&serde_json::json!({ "delivered_after_ms": 3_600_000, "read_after_ms": 3_600_000 }))
        .send()
        .await
        .expect("timings set");
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
