//! Background work is supervised: a panicking scheduler is logged, restarted
//! and goes on sending; SIGTERM in the middle of a batch ends the process
//! within the shutdown budget with every message that left recorded.
use crate::dispatch_helpers::{activate, booking, DEMO_API_KEY};
use crate::emulator_helpers::spawn_emulator;
use crate::helpers::{spawn_app_with, spawn_app_with_clock, TestApp, VOLNA_ADMIN};
use crate::waiting::eventually;
use app::domain::mailing::MailingKind;
use app::domain::{DispatchState, PropertyId};
use app::ssr::clock::now_ms;
use app::ssr::dispatch::{planning, Clock};
use serde_json::json;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The real time, except that its first reading panics.
struct BreaksOnce(AtomicBool);

impl Clock for BreaksOnce {
    fn now_ms(&self) -> i64 {
        assert!(
            !self.0.swap(false, Ordering::SeqCst),
            "the clock broke (test)"
        );
        now_ms()
    }
}

/// Log lines written by this test's thread (the runtime is single-threaded,
/// so every task of the app logs here).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("the log").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("the log")).into_owned()
    }
}

/// A welcome due now for `count` guests of «Волна» (arriving tomorrow).
async fn due_welcomes(app: &TestApp, count: usize) {
    app::on_db!(&app.db, pool => sqlx::query("DELETE FROM bookings").execute(pool).await.map(|_| ()))
        .expect("demo bookings removed");
    assert!(planning::change_mailing(
        &app.db,
        PropertyId(1),
        MailingKind::Welcome,
        true,
        None,
        now_ms()
    )
    .await
    .expect("switched on"));
    let tomorrow = crate::dispatch_helpers::moscow_date_in(1);
    for guest in 0..count {
        let phone = format!("+7 912 100-{:02}-{:02}", guest / 100, guest % 100);
        let body = booking(
            &format!("{tomorrow}T14:00"),
            &format!("{tomorrow}T23:00"),
            now_ms() - 86_400_000,
            Some(&phone),
        );
        app.put_booking(&format!("S-{guest}"), body).await;
    }
}

#[tokio::test]
async fn a_panicking_scheduler_is_logged_restarted_and_keeps_sending() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let clock = Arc::new(BreaksOnce(AtomicBool::new(true)));
    let app = spawn_app_with_clock(|_| {}, Some(clock)).await;
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    // On the wall clock: no send window, or the test would wait for the morning.
    crate::dispatch_helpers::set_policy(&app, 1, &crate::dispatch_helpers::unrestricted()).await;

    due_welcomes(&app, 1).await;

    let sent = eventually(
        "the restarted scheduler to send",
        Duration::from_secs(30),
        || async { Some(app.emulator().sent().await).filter(|sent| !sent.is_empty()) },
    )
    .await;
    assert_eq!(sent[0]["phone"], "+79121000000");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("cc_background_restarts_total{task=\"dispatch_scheduler\"} 1"),
        "{metrics}"
    );
    let logged = logs.text();
    assert!(
        logged.contains("background task panicked; restarting")
            && logged.contains("task=\"dispatch_scheduler\"")
            && logged.contains("the clock broke (test)"),
        "{logged}"
    );
}

/// Sends SIGTERM to a child process.
fn terminate(child: &tokio::process::Child) {
    let pid = child.id().expect("a running child").to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[tokio::test]
async fn sigterm_during_a_batch_ends_within_the_budget_with_nothing_half_sent() {
    let emulator = spawn_emulator().await;
    emulator.hold_delivery_reports().await;
    let base_url = emulator.base_url.clone();
    let app = spawn_app_with(|settings| {
        settings.dispatch.enabled = false;
        settings.emulator.enabled = false;
        settings.intellectdialog.base_url = Some(base_url);
    })
    .await;
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    // On the wall clock: no send window, or the test would wait for the
    // morning; the default caps keep the run short of all 300.
    let policy = app::domain::sender_policy::SendingPolicy {
        window: None,
        ..Default::default()
    };
    crate::dispatch_helpers::set_policy(&app, 1, &policy).await;
    let unthrottled = "UPDATE integrations SET send_interval_secs = 0";
    app::on_db!(&app.db, pool => sqlx::query(unthrottled).execute(pool).await.map(|_| ()))
        .expect("no spacing");
    due_welcomes(&app, 300).await;
    // Each send takes a while: the batch is in flight when SIGTERM comes.
    emulator.set_faults(json!({ "latency_ms": 150 })).await;

    let mut child = crate::dispatch_kill::spawn_child(&app, &emulator.base_url);
    let count = |state: DispatchState| {
        let db = app.db.clone();
        async move {
            let sql = "SELECT COUNT(*) FROM dispatches WHERE state = $1";
            app::on_db!(&db, pool => sqlx::query_scalar::<_, i64>(sql).bind(state).fetch_one(pool).await)
                .expect("counted")
        }
    };
    let sending = DispatchState::Sending;
    eventually(
        "the child to claim a batch",
        Duration::from_secs(30),
        || async { (count(sending).await > 0).then_some(()) },
    )
    .await;

    terminate(&child);
    let asked = Instant::now();
    let exit = tokio::time::timeout(Duration::from_secs(15), child.wait()).await;
    let exit = exit
        .expect("the process ended within the 15 s budget")
        .expect("an exit status");

    assert!(exit.success(), "{exit:?} after {:?}", asked.elapsed());
    assert_eq!(count(sending).await, 0, "nothing is left half-sent");
    let recorded = count(DispatchState::Sent).await;
    let left = emulator.sent().await.len() as i64;
    assert!(left > 0 && left < 300, "SIGTERM came mid-run: {left} sent");
    assert_eq!(
        recorded, left,
        "every message that left is recorded as sent"
    );
}
