//! Setting up the IntellectDialog integration through its server functions.
use crate::dump::database_dump;
use crate::helpers::{spawn_app, TestApp, SEVER_ADMIN, VOLNA_ADMIN, VOLNA_STAFF};
use app::error::{AppError, FieldProblem};
use app::ssr::db::mailings;
use server::emulator::seed::{DEMO_API_KEY, DEMO_WHATSAPP_PROVIDER, SECOND_API_KEY};

async fn connected_admin() -> (TestApp, app::domain::IntegrationView) {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    let view = app
        .check_api_key(DEMO_API_KEY, 0, false)
        .await
        .expect("the demo key is accepted");
    (app, view)
}

#[tokio::test]
async fn a_right_key_connects_and_names_the_organisation_with_the_key_masked() {
    let (app, view) = connected_admin().await;

    assert_eq!(view.organisation_name.as_deref(), Some("ООО «Отель Волна»"));
    assert_eq!(view.api_key_masked.as_deref(), Some("••••••••4f30"));
    assert!(view.connected() && view.can_edit && !view.active);
    assert_eq!(view.audit[0].action, "integration.key_checked");
    assert!(!view.audit[0].detail.contains(DEMO_API_KEY));
    assert_eq!(app.integration_state().await.unwrap(), view);
}

#[tokio::test]
async fn the_stored_database_holds_no_api_key_in_clear() {
    let (app, _) = connected_admin().await;

    let dump = database_dump(&app.db).await;

    assert!(
        dump.contains("Отель Волна"),
        "the dump reads the integration"
    );
    assert!(!dump.contains(DEMO_API_KEY));
}

#[tokio::test]
async fn a_wrong_key_is_reported_as_wrong_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;

    let answer = app
        .check_api_key("idk-not-a-real-key-000000", 0, false)
        .await;

    assert_eq!(answer, Err(AppError::WrongApiKey));
    let view = app.integration_state().await.unwrap();
    assert!(!view.connected() && view.api_key_masked.is_none() && view.version == 0);
}

#[tokio::test]
async fn an_outage_is_reported_as_unavailable_never_as_a_wrong_key() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;
    app.emulator()
        .set_faults(serde_json::json!({ "outage": true }))
        .await;

    let answer = app.check_api_key(DEMO_API_KEY, 0, false).await;

    assert_eq!(answer, Err(AppError::ServiceUnavailable));
    assert!(!app.integration_state().await.unwrap().connected());
}

#[tokio::test]
async fn an_empty_or_over_long_key_is_refused_naming_the_field() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;

    let empty = app.check_api_key("   ", 0, false).await;
    let long = app.check_api_key(&"k".repeat(201), 0, false).await;

    assert_eq!(
        empty,
        Err(AppError::invalid("api_key", FieldProblem::Required))
    );
    assert_eq!(
        long,
        Err(AppError::invalid("api_key", FieldProblem::TooLong))
    );
}

#[tokio::test]
async fn staff_read_the_integration_but_cannot_change_it() {
    let (admin, view) = connected_admin().await;
    let staff = admin.second_browser();
    staff.sign_in(VOLNA_STAFF).await;

    let seen = staff.integration_state().await.unwrap();
    let change = staff.check_api_key(DEMO_API_KEY, view.version, false).await;
    let activate = staff.set_active(true, view.version).await;
    let providers = staff.providers().await;

    assert!(seen.connected() && !seen.can_edit && seen.audit.is_empty());
    assert!(matches!(change, Err(AppError::Forbidden { .. })));
    assert!(matches!(activate, Err(AppError::Forbidden { .. })));
    assert!(matches!(providers, Err(AppError::Forbidden { .. })));
}

#[tokio::test]
async fn a_property_without_the_module_cannot_connect_even_by_a_direct_call() {
    let app = spawn_app().await;
    app.sign_in(SEVER_ADMIN).await;

    let answer = app.check_api_key(SECOND_API_KEY, 0, false).await;

    // Named by what the subscription lacks, not as a missing right.
    assert!(
        matches!(&answer, Err(AppError::SubscriptionMissing { missing })
            if missing.contains(&app::domain::SubscriptionPart::ContactCenterModule)),
        "{answer:?}"
    );
    assert!(!app.integration_state().await.unwrap().can_edit);
}

#[tokio::test]
async fn another_property_never_sees_this_integration() {
    let (volna, _) = connected_admin().await;
    let sever = volna.second_browser();
    sever.sign_in(SEVER_ADMIN).await;

    let seen = sever.integration_state().await.unwrap();

    assert!(!seen.connected() && seen.api_key_masked.is_none() && seen.audit.is_empty());
    assert!(matches!(
        sever.providers().await,
        Err(AppError::SubscriptionMissing { .. })
    ));
}

#[tokio::test]
async fn providers_are_listed_and_the_choice_is_saved_with_the_interval() {
    let (app, view) = connected_admin().await;

    let providers = app.providers().await.unwrap();
    let saved = app
        .save_settings(DEMO_WHATSAPP_PROVIDER, 300, view.version)
        .await
        .unwrap();

    assert_eq!(providers.len(), 2);
    assert_eq!(
        providers
            .iter()
            .filter(|provider| provider.usable_for_mailings)
            .count(),
        1
    );
    let provider = saved.provider.unwrap();
    assert_eq!(provider.id, DEMO_WHATSAPP_PROVIDER);
    assert!(provider.usable_for_mailings);
    assert_eq!(saved.send_interval_secs, 300);
    assert_eq!(saved.version, view.version + 1);
}

#[tokio::test]
async fn bad_settings_are_refused_naming_the_field() {
    let (app, view) = connected_admin().await;

    let too_fast = app
        .save_settings(DEMO_WHATSAPP_PROVIDER, 10, view.version)
        .await;
    let unknown = app
        .save_settings("no-such-provider", 300, view.version)
        .await;
    let missing = app.save_settings("", 300, view.version).await;

    assert_eq!(
        too_fast,
        Err(AppError::invalid(
            "send_interval_secs",
            FieldProblem::OutOfRange
        ))
    );
    assert_eq!(
        unknown,
        Err(AppError::invalid("provider_id", FieldProblem::Unknown))
    );
    assert_eq!(
        missing,
        Err(AppError::invalid("provider_id", FieldProblem::Required))
    );
    assert_eq!(app.integration_state().await.unwrap().version, view.version);
}

#[tokio::test]
async fn activation_needs_a_provider_then_creates_three_deactivated_mailings() {
    let (app, view) = connected_admin().await;

    let too_early = app.set_active(true, view.version).await;
    let saved = app
        .save_settings(DEMO_WHATSAPP_PROVIDER, 300, view.version)
        .await
        .unwrap();
    let active = app.set_active(true, saved.version).await.unwrap();
    let kinds = mailings::kinds(&app.db, app::domain::PropertyId(1))
        .await
        .unwrap();
    let listed = app.mailings().await.unwrap();
    let inactive = app.set_active(false, active.version).await.unwrap();
    let other_property = app.second_browser();
    other_property.sign_in(SEVER_ADMIN).await;

    assert_eq!(
        too_early,
        Err(AppError::ActivationIncomplete {
            missing_key: false,
            missing_provider: true
        })
    );
    assert!(active.active);
    assert_eq!(kinds, app::domain::mailing::MailingKind::ALL);
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|mailing| !mailing.active));
    // Another property sees none of them (this one lacks the module, and
    // says so).
    assert!(matches!(
        other_property.mailings().await,
        Err(AppError::SubscriptionMissing { .. })
    ));
    assert!(!inactive.active);
    assert_eq!(inactive.audit[0].action, "integration.deactivated");
}

#[tokio::test]
async fn a_second_admin_saving_stale_settings_is_told_about_the_conflict() {
    let (first, view) = connected_admin().await;
    let second = first.second_browser();
    second.sign_in(VOLNA_ADMIN).await;

    first
        .save_settings(DEMO_WHATSAPP_PROVIDER, 300, view.version)
        .await
        .unwrap();
    let stale = second
        .save_settings(DEMO_WHATSAPP_PROVIDER, 600, view.version)
        .await;

    assert!(matches!(stale, Err(AppError::Conflict(_))), "{stale:?}");
    assert_eq!(
        first.integration_state().await.unwrap().send_interval_secs,
        300
    );
}

#[tokio::test]
async fn a_key_of_another_organisation_needs_confirmation_and_resets_the_provider() {
    let (app, view) = connected_admin().await;
    let saved = app
        .save_settings(DEMO_WHATSAPP_PROVIDER, 300, view.version)
        .await
        .unwrap();

    let unconfirmed = app
        .check_api_key(SECOND_API_KEY, saved.version, false)
        .await;
    let replaced = app
        .check_api_key(SECOND_API_KEY, saved.version, true)
        .await
        .unwrap();

    assert!(
        matches!(unconfirmed, Err(AppError::ConfirmReset { ref organisation_name }) if organisation_name.contains("Север"))
    );
    assert!(replaced.organisation_name.unwrap().contains("Север"));
    assert_eq!(replaced.provider, None);
    assert!(!replaced.active);
    assert_eq!(replaced.audit[0].action, "integration.key_replaced");
}
