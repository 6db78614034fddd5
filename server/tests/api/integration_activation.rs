//! «Сохранить и активировать»: the settings and the switch change in one
//! transaction, so a refusal leaves the integration exactly as it was.
use crate::dispatch_helpers::{at, booking, scheduled_app};
use crate::helpers::{spawn_app, TestApp, VOLNA_ADMIN, VOLNA_STAFF};
use app::domain::mailing::MailingKind;
use app::domain::{IntegrationView, PropertyId};
use app::error::{AppError, FieldProblem};
use app::ssr::db::mailings;
use server::emulator::seed::{DEMO_API_KEY, DEMO_WHATSAPP_PROVIDER};

/// «Отель «Волна»», the property of `VOLNA_ADMIN`.
const VOLNA: PropertyId = PropertyId(1);

async fn connected_admin() -> (TestApp, IntegrationView) {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    let view = app
        .check_api_key(DEMO_API_KEY, 0, false)
        .await
        .expect("the demo key is accepted");
    (app, view)
}

/// What a refusal must leave untouched.
fn settings_of(view: &IntegrationView) -> (Option<String>, i64, bool, i64) {
    let provider = view.provider.as_ref().map(|provider| provider.id.clone());
    (provider, view.send_interval_secs, view.active, view.version)
}

#[tokio::test]
async fn save_and_activate_stores_the_settings_and_switches_the_integration_on() {
    let (app, view) = connected_admin().await;

    let active = app
        .save_and_activate(DEMO_WHATSAPP_PROVIDER, 600, view.version)
        .await
        .unwrap();
    let kinds = mailings::kinds(&app.db, VOLNA).await.unwrap();

    assert!(active.active);
    assert_eq!(active.provider.as_ref().unwrap().id, DEMO_WHATSAPP_PROVIDER);
    assert_eq!(active.send_interval_secs, 600);
    assert_eq!(active.version, view.version + 1);
    assert_eq!(active.audit[0].action, "integration.activated");
    assert_eq!(active.audit[1].action, "integration.settings_saved");
    assert_eq!(kinds, MailingKind::ALL);
    assert_eq!(app.integration_state().await.unwrap(), active);
}

#[tokio::test]
async fn a_refused_activation_saves_none_of_the_settings() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    let before = app.integration_state().await.unwrap();

    // No key was checked yet: activation is refused, and the interval with it.
    let refused = app.save_and_activate(DEMO_WHATSAPP_PROVIDER, 600, 0).await;
    let after = app.integration_state().await.unwrap();

    assert_eq!(
        refused,
        Err(AppError::ActivationIncomplete {
            missing_key: true,
            missing_provider: true
        })
    );
    assert_eq!(settings_of(&after), settings_of(&before));
    assert_eq!(after.send_interval_secs, 300);
    assert!(mailings::kinds(&app.db, VOLNA).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_conflict_rolls_back_the_mailings_created_for_the_activation() {
    let (first, view) = connected_admin().await;
    let saved = first
        .save_settings(DEMO_WHATSAPP_PROVIDER, 300, view.version)
        .await
        .unwrap();

    // The version the page saw before the save is stale now.
    let stale = first
        .save_and_activate(DEMO_WHATSAPP_PROVIDER, 900, view.version)
        .await;
    let after = first.integration_state().await.unwrap();

    assert!(matches!(stale, Err(AppError::Conflict(_))), "{stale:?}");
    assert_eq!(settings_of(&after), settings_of(&saved));
    assert_eq!(after.audit[0].action, "integration.settings_saved");
    assert!(mailings::kinds(&first.db, VOLNA).await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_settings_are_neither_saved_nor_activated() {
    let (app, view) = connected_admin().await;

    let too_fast = app
        .save_and_activate(DEMO_WHATSAPP_PROVIDER, 10, view.version)
        .await;
    let missing = app.save_and_activate("", 300, view.version).await;
    let after = app.integration_state().await.unwrap();

    assert_eq!(
        too_fast,
        Err(AppError::invalid(
            "send_interval_secs",
            FieldProblem::OutOfRange
        ))
    );
    assert_eq!(
        missing,
        Err(AppError::invalid("provider_id", FieldProblem::Required))
    );
    assert_eq!(settings_of(&after), settings_of(&view));
}

#[tokio::test]
async fn staff_cannot_save_and_activate() {
    let (admin, view) = connected_admin().await;
    let staff = admin.second_browser();
    staff.sign_in(VOLNA_STAFF).await;

    let refused = staff
        .save_and_activate(DEMO_WHATSAPP_PROVIDER, 600, view.version)
        .await;

    assert!(
        matches!(refused, Err(AppError::Forbidden { .. })),
        "{refused:?}"
    );
    assert!(!admin.integration_state().await.unwrap().active);
}

#[tokio::test]
async fn save_and_activate_needs_a_session() {
    let app = spawn_app().await;

    let refused = app.save_and_activate(DEMO_WHATSAPP_PROVIDER, 600, 0).await;

    assert_eq!(refused, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn dispatches_skipped_while_off_are_planned_again_by_save_and_activate() {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::Welcome).await;
    let stay = booking(
        "2026-12-04T14:00",
        "2026-12-06T12:00",
        start - 10 * 86_400_000,
        Some("+7 912 000-00-01"),
    );
    run.app.put_booking("OFF-1", stay).await;
    let admin = run.app.second_browser();
    admin.sign_in(VOLNA_ADMIN).await;
    let view = admin.integration_state().await.unwrap();
    let off = admin.set_active(false, view.version).await.unwrap();
    run.run_until(at("2026-12-02T12:00"), 30 * 60_000).await;
    let while_off = run.states().await;

    let on = admin
        .save_and_activate(DEMO_WHATSAPP_PROVIDER, 60, off.version)
        .await
        .unwrap();
    let after = run.states().await;

    assert_eq!(while_off.get("skipped"), Some(&1), "{while_off:?}");
    assert!(on.active);
    assert_eq!(after.get("planned"), Some(&1), "{after:?}");
    assert_eq!(after.get("skipped"), None, "{after:?}");
}
