//! The number pauses itself on each risk signal — repeated 429s, a
//! disconnected or blocked provider, messages accepted but never delivered
//! (a run of them, or a share of an hour's) — and only an administrator
//! resumes it, audited.
use crate::dispatch_helpers::*;
use crate::sender_helpers::*;
use crate::waiting::eventually;
use app::domain::mailing::MailingKind;
use app::domain::sender::PauseReason;
use app::domain::sender_policy::SendingPolicy;
use serde_json::json;
use std::time::Duration;

/// A run with `guests` welcomes due at its start, the number's pause signals on.
async fn guarded(guests: usize, policy: SendingPolicy) -> Scheduled {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.set_interval(1, 60).await;
    set_policy(&run.app, 1, &policy).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(guests).await;
    run
}

fn signals_on() -> SendingPolicy {
    SendingPolicy {
        undelivered_run: 10,
        undelivered_share_percent: 30,
        rate_limit_pause_after: 3,
        ..unrestricted()
    }
}

/// The number's pause as the administrator's panel shows it.
async fn shown_pause(admin: &crate::helpers::TestApp) -> Option<PauseReason> {
    let panel = admin
        .sender_panel()
        .await
        .expect("a panel")
        .expect("a number");
    panel.paused.map(|pause| pause.reason)
}

/// Resumes as the administrator and checks it was audited.
async fn resume(run: &Scheduled) {
    let admin = run.admin().await;
    let panel = admin
        .resume_sender()
        .await
        .expect("resumed")
        .expect("a number");
    assert_eq!(panel.paused, None);
    let sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'sender.resumed' AND staff_user_id IS NOT NULL";
    let audited: i64 =
        app::on_db!(&run.app.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
            .expect("counted");
    assert!(audited >= 1);
}

#[tokio::test]
async fn repeated_rate_limits_pause_the_number_until_an_administrator_resumes_it() {
    let run = guarded(2, signals_on()).await;
    let emulator = run.app.emulator();
    emulator
        .set_faults(json!({ "rate_limit_retry_after": 1 }))
        .await;

    run.run_until(run.clock.now() + 10 * MINUTE, 5_000).await;

    let (code, _) = run.pause().await.expect("paused");
    assert_eq!(code, "rate_limited");
    let admin = run.admin().await;
    assert_eq!(
        shown_pause(&admin).await,
        Some(PauseReason::RateLimited { times: 3 })
    );
    assert_eq!(run.sent().await.len(), 0);
    // Paused, it stays quiet even once IntellectDialog would accept again.
    emulator
        .control(reqwest::Method::DELETE, "/faults", json!({}))
        .await;
    run.run_until(run.clock.now() + 10 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 0);
    // Non-admins cannot resume it.
    let staff = run.app.second_browser();
    staff
        .sign_in(("anna@volna.example", "Volna-Staff-2026"))
        .await;
    assert!(staff.resume_sender().await.is_err());

    resume(&run).await;
    run.run_until(run.clock.now() + 10 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 2);
}

#[tokio::test]
async fn a_disconnected_or_blocked_provider_pauses_the_number() {
    for (status, reason) in [
        ("disconnected", PauseReason::ProviderDisconnected),
        ("blocked", PauseReason::ProviderBlocked),
    ] {
        let run = guarded(1, signals_on()).await;
        run.provider_health(VOLNA_WHATSAPP, json!({ "status": status }))
            .await;

        run.run_until(run.clock.now() + 5 * MINUTE, MINUTE).await;

        let admin = run.admin().await;
        assert_eq!(shown_pause(&admin).await, Some(reason), "{status}");
        let view = admin.integration_state().await.expect("the card");
        assert_eq!(view.sender_pause.map(|pause| pause.reason), Some(reason));
        assert_eq!(run.sent().await.len(), 0);

        run.provider_health(VOLNA_WHATSAPP, json!({ "status": "active" }))
            .await;
        resume(&run).await;
        // The failed attempt retries after its back-off.
        run.run_until(run.clock.now() + 10 * MINUTE, MINUTE).await;
        assert_eq!(run.sent().await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn a_run_of_messages_never_delivered_pauses_the_number() {
    let policy = SendingPolicy {
        undelivered_run: 3,
        ..signals_on()
    };
    let run = guarded(5, policy).await;
    run.provider_health(VOLNA_WHATSAPP, json!({ "filtered": true }))
        .await;

    run.run_until(run.clock.now() + 2 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 3);
    assert_eq!(
        run.pause().await,
        None,
        "not before the messages had an hour"
    );
    run.clock.advance(HOUR);
    run.run_until(run.clock.now() + MINUTE, MINUTE).await;

    let (code, _) = run.pause().await.expect("paused");
    assert_eq!(code, "undelivered_run");
    let admin = run.admin().await;
    assert_eq!(
        shown_pause(&admin).await,
        Some(PauseReason::UndeliveredRun { run: 3 })
    );
    let sent_before = run.sent().await.len();
    run.run_until(run.clock.now() + 30 * MINUTE, MINUTE).await;
    assert_eq!(
        run.sent().await.len(),
        sent_before,
        "paused numbers send nothing"
    );
}

/// Waits until `count` dispatches are delivered (reports arrive in real time).
async fn delivered(run: &Scheduled, count: i64) {
    eventually("delivery reports", Duration::from_secs(20), || async {
        let states = run.states().await;
        let done = states.get("delivered").copied().unwrap_or(0)
            + states.get("read").copied().unwrap_or(0);
        (done >= count).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_share_of_an_hours_messages_left_undelivered_pauses_the_number() {
    let run = guarded(10, signals_on()).await;
    run.run_until(run.clock.now() + 6 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 7);
    delivered(&run, 7).await;
    run.provider_health(VOLNA_WHATSAPP, json!({ "filtered": true }))
        .await;
    run.run_until(run.clock.now() + 3 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 10);

    run.clock.advance(HOUR);
    run.run_until(run.clock.now() + MINUTE, MINUTE).await;

    let admin = run.admin().await;
    assert_eq!(
        shown_pause(&admin).await,
        Some(PauseReason::UndeliveredShare {
            percent: 30,
            of: 10
        })
    );
}
