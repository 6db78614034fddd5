//! The client against the emulator over HTTP: envelope, keys, providers,
//! employees and malformed requests.
use crate::emulator_helpers::spawn_emulator;
use app::domain::integration::ProviderKind;
use app::ssr::intellectdialog::ApiError;
use server::emulator::seed::{DEMO_API_KEY, DEMO_WHATSAPP_PROVIDER, SECOND_API_KEY};

#[tokio::test]
async fn answers_come_in_the_response_envelope_with_paging() {
    let emulator = spawn_emulator().await;

    let body: serde_json::Value = emulator
        .http
        .get(format!("{}employees?limit=3&offset=1", emulator.base_url))
        .header("Authorization", DEMO_API_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let response = &body["response"];
    assert_eq!(response["status"], "success");
    assert_eq!(
        response["date"].as_str().unwrap().len(),
        "2026-11-25 10:00:00".len()
    );
    assert_eq!(
        response["pagin"],
        serde_json::json!({ "limit": 3, "offset": 1, "total": 4 })
    );
    assert_eq!(response["data"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_and_a_right_one_names_the_organisation() {
    let emulator = spawn_emulator().await;

    let wrong = emulator.client("not-a-key").company().await;
    let right = emulator.demo_client().company().await.unwrap();
    let other = emulator.client(SECOND_API_KEY).company().await.unwrap();

    assert!(matches!(wrong, Err(ApiError::Unauthorized { .. })));
    assert_eq!(right.name, "ООО «Отель Волна»");
    assert_ne!(other.id, right.id);
}

#[tokio::test]
async fn a_bearer_key_is_accepted_too() {
    let emulator = spawn_emulator().await;

    let response = emulator
        .http
        .get(format!("{}companies", emulator.base_url))
        .header("Authorization", format!("Bearer {DEMO_API_KEY}"))
        .send()
        .await
        .unwrap();

    assert!(response.status().is_success());
}

#[tokio::test]
async fn providers_are_listed_and_fetched_with_their_type() {
    let client = spawn_emulator().await.demo_client();

    let page = client.providers(None, None).await.unwrap();
    let whatsapp = client.provider(DEMO_WHATSAPP_PROVIDER).await.unwrap();
    let unknown = client.provider("no-such-provider").await;

    assert_eq!(page.pagin.total, 2);
    assert_eq!(
        page.items
            .iter()
            .filter(|provider| provider.kind(&[]) == ProviderKind::WhatsappWeb)
            .count(),
        1
    );
    assert_eq!(whatsapp.kind(&[]), ProviderKind::WhatsappWeb);
    assert!(matches!(unknown, Err(ApiError::NotFound { .. })));
}

#[tokio::test]
async fn employees_are_paged_through_and_carry_their_rights() {
    let client = spawn_emulator().await.demo_client();

    let first_page = client.employees(Some(1), Some(0)).await.unwrap();
    let everyone = client.all_employees().await.unwrap();
    let one = client.employee(&everyone[2].id).await.unwrap();
    let code = client.employee_code(&one.id).await.unwrap();

    assert_eq!(first_page.items.len(), 1);
    assert_eq!(first_page.pagin.total, 4);
    assert_eq!(everyone.len(), 4);
    assert_eq!(everyone.iter().filter(|employee| employee.admin).count(), 1);
    assert_eq!(
        everyone.iter().filter(|employee| employee.dialogs).count(),
        2
    );
    assert_eq!(one.display_name(), "Петров Иван");
    assert!(!code.code.is_empty());
    assert!(matches!(
        client.employee("nobody").await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        client.employee_code("nobody").await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn malformed_bodies_and_unknown_paths_get_the_error_envelope() {
    let emulator = spawn_emulator().await;
    let post = |path: &str, body: &'static str| {
        emulator
            .http
            .post(format!("{}{path}", emulator.base_url))
            .header("Authorization", DEMO_API_KEY)
            .body(body)
            .send()
    };

    let not_json = post("messages", "{oops").await.unwrap();
    let huge = emulator
        .http
        .post(format!("{}messages", emulator.base_url))
        .header("Authorization", DEMO_API_KEY)
        .body(vec![b'x'; 300 * 1024])
        .send()
        .await
        .unwrap();
    let unknown = emulator
        .http
        .get(format!("{}nowhere", emulator.base_url))
        .send()
        .await
        .unwrap();

    assert_eq!(not_json.status(), 400);
    let body: serde_json::Value = not_json.json().await.unwrap();
    assert_eq!(body["response"]["status"], "error");
    assert!(body["response"]["error"]
        .as_str()
        .unwrap()
        .contains("not valid"));
    assert_eq!(huge.status(), 413);
    assert_eq!(unknown.status(), 404);
}
