//! Which numbers may send: WhatsApp Web recognised however its type is
//! spelled (and by a configured name or id), another channel refused, an
//! unknown type chosen only after the administrator confirms the warning;
//! each provider shows the number its name carries.
use crate::dispatch_helpers::DEMO_API_KEY;
use crate::emulator_helpers::TestEmulator;
use crate::helpers::{spawn_app_with, VOLNA_ADMIN};
use crate::sender_helpers::VOLNA_ORGANISATION;
use app::domain::integration::ProviderKind;
use app::error::{AppError, FieldProblem};
use reqwest::Method;
use serde_json::json;

/// Adds a provider to «Волна»'s organisation in the emulator; its id.
async fn add(emulator: &TestEmulator, name: &str, kind: &str) -> String {
    let path = format!("/organisations/{VOLNA_ORGANISATION}/providers");
    let provider = emulator
        .control(Method::POST, &path, json!({ "name": name, "type": kind }))
        .await;
    provider["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn providers_are_recognised_by_type_and_an_unknown_one_needs_a_confirmation() {
    let app = spawn_app_with(|settings| {
        settings.intellectdialog.whatsapp_web_types = vec!["WA Сервер".to_owned()];
    })
    .await;
    let emulator = app.emulator();
    let spelled = add(&emulator, "Ресепшн +7 900 111-22-33", "whatsapp-web").await;
    let configured = add(&emulator, "Второй номер", "WA Сервер").await;
    let unknown = add(&emulator, "Шлюз 8 (900) 444-55-66", "WA Gateway").await;
    let telegram = add(&emulator, "Бот", "Telegram").await;

    let admin = app.second_browser();
    admin.sign_in(VOLNA_ADMIN).await;
    let view = admin
        .check_api_key(DEMO_API_KEY, 0, false)
        .await
        .expect("connected");
    let providers = admin.providers().await.expect("providers");
    let kind_of = |id: &str| {
        let provider = providers.iter().find(|p| p.id == id).expect("listed");
        (provider.kind, provider.phone.clone())
    };
    assert_eq!(
        kind_of(&spelled),
        (ProviderKind::WhatsappWeb, Some("+79001112233".into()))
    );
    assert_eq!(kind_of(&configured).0, ProviderKind::WhatsappWeb);
    assert_eq!(
        kind_of(&unknown),
        (ProviderKind::Unknown, Some("+79004445566".into()))
    );
    assert_eq!(kind_of(&telegram).0, ProviderKind::Other);

    assert_eq!(
        admin
            .save_provider(&telegram, view.version, true)
            .await
            .err(),
        Some(AppError::invalid("provider_id", FieldProblem::Unsupported))
    );
    assert_eq!(
        admin
            .save_provider(&unknown, view.version, false)
            .await
            .err(),
        Some(AppError::invalid(
            "provider_id",
            FieldProblem::NeedsConfirmation
        ))
    );
    let saved = admin
        .save_provider(&unknown, view.version, true)
        .await
        .expect("confirmed");
    let chosen = saved.provider.expect("a provider");
    assert_eq!(
        (chosen.id.as_str(), chosen.kind),
        (unknown.as_str(), ProviderKind::Unknown)
    );
    assert!(chosen.usable_for_mailings, "confirmed by an administrator");
    let saved = admin
        .save_provider(&spelled, saved.version, false)
        .await
        .expect("saved");
    assert_eq!(
        saved.provider.map(|p| p.kind),
        Some(ProviderKind::WhatsappWeb)
    );
}
