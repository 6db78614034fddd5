//! A real `contact-center` process killed (SIGKILL) after IntellectDialog
//! accepted and stored its message but before the answer came back: another
//! instance finds the message by its mark and records it; it never leaves twice.
use crate::dispatch_helpers::{activate, booking, DEMO_API_KEY};
use crate::emulator_helpers::spawn_emulator;
use crate::helpers::{spawn_app_with, test_master_key, TestApp, VOLNA_ADMIN};
use crate::waiting::eventually;
use app::domain::mailing::MailingKind;
use app::ssr::clock::now_ms;
use app::ssr::dispatch::planning;
use app::ssr::dispatch::{Dispatcher, ManualClock};
use serde_json::json;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

/// The one live dispatch: its state, IntellectDialog id and lease expiry.
async fn dispatch_row(app: &TestApp) -> (String, Option<String>, Option<i64>) {
    app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT state, message_id, lease_expires_at FROM dispatches WHERE state <> 'cancelled'")
        .fetch_one(pool).await)
    .expect("one dispatch")
}

/// «Волна» activated against `base_url`, its welcome on, one guest due now.
async fn app_with_a_due_welcome(base_url: String) -> TestApp {
    let app = spawn_app_with(|settings| {
        settings.dispatch.enabled = false;
        settings.emulator.enabled = false;
        settings.intellectdialog.base_url = Some(base_url);
    })
    .await;
    app::on_db!(&app.db, pool => sqlx::query("DELETE FROM bookings").execute(pool).await.map(|_| ())).expect("cleared");
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    // On the wall clock: no send window, or the test would wait for the morning.
    crate::dispatch_helpers::set_policy(&app, 1, &crate::dispatch_helpers::unrestricted()).await;
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
    assert_eq!(dispatch_row(&app).await.0, "planned");
    app
}

/// The server binary on the same database (SQLite file or PostgreSQL) and
/// IntellectDialog, its scheduler on.
pub fn spawn_child(app: &TestApp, intellectdialog: &str) -> tokio::process::Child {
    let database_url =
        secrecy::ExposeSecret::expose_secret(&app.state.settings.database.url).to_owned();
    tokio::process::Command::new(env!("CARGO_BIN_EXE_contact-center"))
        .env("APP_SERVER__ADDRESS", "127.0.0.1:0")
        .env("APP_DATABASE__URL", database_url)
        .env("APP_INTELLECTDIALOG__BASE_URL", intellectdialog)
        .env("APP_EMULATOR__ENABLED", "false")
        .env("APP_DEMO__SEED", "false")
        .env("APP_ENV", "development")
        .env("APP_DISPATCH__ENABLED", "true")
        .env("APP_SECURITY__MASTER_KEY", test_master_key())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts")
}

#[tokio::test]
async fn a_process_killed_after_its_message_was_accepted_leaves_it_sent_exactly_once() {
    let emulator = spawn_emulator().await;
    // Settled by the survivor's lookup, not by a delivery report.
    emulator.hold_delivery_reports().await;
    let app = app_with_a_due_welcome(emulator.base_url.clone()).await;
    // IntellectDialog stores the message, then holds the answer (2 min).
    emulator.set_faults(json!({ "after_accept": "hang" })).await;

    let mut child = spawn_child(&app, &emulator.base_url);
    let sent = eventually(
        "the child's message to be stored by IntellectDialog",
        Duration::from_secs(30),
        || async { Some(emulator.sent().await).filter(|sent| !sent.is_empty()) },
    )
    .await;
    child.kill().await.expect("killed");
    assert_eq!(sent.len(), 1, "{sent:#?}");
    let (state, message_id, lease_expires_at) = dispatch_row(&app).await;
    assert_eq!(state, "sending", "killed before recording");
    assert_eq!(message_id, None);

    // Another instance, once the dead one's lease has run out.
    emulator
        .control(reqwest::Method::DELETE, "/faults", json!({}))
        .await;
    let lease_expires_at = lease_expires_at.expect("a lease");
    let clock = Arc::new(ManualClock::at(lease_expires_at + 1_000));
    let survivor = Dispatcher::new(app.state.clone(), clock, Arc::default());
    let report = survivor.tick().await.expect("a tick");
    survivor.tick().await.expect("a tick");

    assert_eq!(report.recovered, 1, "{report:?}");
    let after = emulator.sent().await;
    assert_eq!(after.len(), 1, "sent again: {after:#?}");
    let (state, message_id, _) = dispatch_row(&app).await;
    assert_eq!(state, "sent");
    assert_eq!(
        message_id.as_deref(),
        after[0]["message_id"].as_str(),
        "the dispatch holds IntellectDialog's id"
    );
    assert_eq!(
        emulator.requests_to("GET", "/messages").await.len(),
        1,
        "looked up once by its mark"
    );
}
