//! A real `contact-center` process killed (SIGKILL) while its send is in
//! flight: another instance recovers the dispatch and the message leaves once.
use crate::dispatch_helpers::{activate, booking, DEMO_API_KEY};
use crate::emulator_helpers::spawn_emulator;
use crate::helpers::{spawn_app_with, TestApp, TEST_MASTER_KEY, VOLNA_ADMIN};
use app::domain::mailing::MailingKind;
use app::ssr::clock::now_ms;
use app::ssr::dispatch::planning;
use app::ssr::dispatch::worker::LEASE_MS;
use app::ssr::dispatch::{Dispatcher, ManualClock};
use serde_json::json;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

async fn state_of_dispatch(app: &TestApp) -> Option<String> {
    app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT state FROM dispatches WHERE state <> 'cancelled' LIMIT 1")
        .fetch_optional(pool).await)
    .expect("read")
}

#[tokio::test]
async fn a_process_killed_mid_send_leaves_the_message_sent_exactly_once() {
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        // The child process shares the test's SQLite file; PostgreSQL is covered
        // by the two-instance test.
        return;
    }
    let emulator = spawn_emulator().await;
    let base_url = emulator.base_url.clone();
    let app = spawn_app_with(|settings| {
        settings.dispatch.enabled = false;
        settings.emulator.enabled = false;
        settings.intellectdialog.base_url = Some(base_url);
    })
    .await;
    app::on_db!(&app.db, pool => sqlx::query("DELETE FROM bookings").execute(pool).await.map(|_| ())).expect("cleared");
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    assert!(planning::change_mailing(
        &app.db,
        app::domain::PropertyId(1),
        MailingKind::Welcome,
        true,
        None,
        now_ms()
    )
    .await
    .expect("on"));
    // Arriving tomorrow: the welcome's moment has passed, so it goes at once.
    let tomorrow = jiff::Timestamp::from_millisecond(now_ms() + 86_400_000)
        .expect("an instant")
        .to_zoned(jiff::tz::TimeZone::get("Europe/Moscow").expect("a zone"))
        .date();
    let body = booking(
        &format!("{tomorrow}T14:00"),
        &format!("{tomorrow}T23:00"),
        now_ms() - 86_400_000,
        Some("+7 912 000-77-77"),
    );
    app.put_booking("K-1", body).await;
    assert_eq!(state_of_dispatch(&app).await.as_deref(), Some("planned"));

    // The child's POST hangs in the emulator long enough to be killed mid-flight.
    emulator.set_faults(json!({ "latency_ms": 3000 })).await;
    let database_url =
        secrecy::ExposeSecret::expose_secret(&app.state.settings.database.url).to_owned();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_contact-center"))
        .env("APP_SERVER__ADDRESS", "127.0.0.1:0")
        .env("APP_DATABASE__URL", database_url)
        .env("APP_INTELLECTDIALOG__BASE_URL", &emulator.base_url)
        .env("APP_EMULATOR__ENABLED", "false")
        .env("APP_DEMO__SEED", "false")
        .env("APP_DISPATCH__ENABLED", "true")
        .env("APP_SECURITY__MASTER_KEY", TEST_MASTER_KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let mut waited = 0;
    while state_of_dispatch(&app).await.as_deref() != Some("sending") {
        assert!(waited < 300, "the child never claimed the dispatch");
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill().await.expect("killed");
    assert_eq!(
        state_of_dispatch(&app).await.as_deref(),
        Some("sending"),
        "killed before recording"
    );

    // Let the hung request finish (or die) in the emulator, then recover.
    emulator
        .control(reqwest::Method::DELETE, "/faults", json!({}))
        .await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let clock = Arc::new(ManualClock::at(now_ms() + LEASE_MS + 1_000));
    let survivor = Dispatcher::new(app.state.clone(), clock, Arc::default());
    for _ in 0..3 {
        survivor.tick().await.expect("a tick");
    }

    let sent = emulator.sent().await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(state_of_dispatch(&app).await.as_deref(), Some("sent"));
}
