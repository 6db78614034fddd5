//! The platform API: the host PMS provisions properties and their
//! subscriptions with its own token; deactivation ends sessions and holds
//! sending, a subscription change takes effect at the next tick.
use crate::dispatch_helpers::*;
use crate::helpers::{TestApp, TEST_PLATFORM_TOKEN, VOLNA_ADMIN};
use crate::launch_helpers::*;
use app::domain::mailing::MailingKind;
use app::ssr::demo::DEMO_PMS_TOKEN;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const MINUTE: i64 = 60_000;

impl TestApp {
    /// A platform API request with the platform token.
    pub async fn platform(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        self.pms_as(
            TEST_PLATFORM_TOKEN,
            method,
            &format!("/api/v1/platform{path}"),
            body,
        )
        .await
    }
}

fn hotel(name: &str, contact_center: bool, paid_until: Option<&str>) -> Value {
    json!({
        "name": name, "name_en": "Hotel Maяk", "time_zone": "Asia/Yekaterinburg", "locale": "ru",
        "subscription": { "gms": true, "contact_center": contact_center, "tariff": "basic",
                          "paid_until": paid_until }
    })
}

async fn body(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn a_property_is_created_then_updated_idempotently_and_listed() {
    let app = embedding_app().await;
    let created = app
        .platform(
            Method::PUT,
            "/properties/pms-hotel-7",
            Some(hotel("Гостиница «Маяк»", true, None)),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = body(created).await;
    assert_eq!(created["time_zone"], "Asia/Yekaterinburg");
    assert_eq!(created["subscription"]["missing"], json!([]));
    let again = app
        .platform(
            Method::PUT,
            "/properties/pms-hotel-7",
            Some(hotel("Гостиница «Маяк»", true, None)),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await, created, "the same PUT changes nothing");
    let shown = body(
        app.platform(Method::GET, "/properties/pms-hotel-7", None)
            .await,
    )
    .await;
    assert_eq!(shown, created);
    let page = body(
        app.platform(Method::GET, "/properties?limit=2&offset=0", None)
            .await,
    )
    .await;
    assert_eq!(page["total"], 4, "three demo properties and this one");
    assert_eq!(page["items"].as_array().unwrap().len(), 2);

    // A launch works the moment the property exists.
    let user = claims("pms-hotel-7", "mayak-1", "reception@mayak.example", "admin");
    let (session, _) = launched_session(&app.launch(&token(&user)).await);
    let view = app.session_of(&session).await.expect("signed in");
    assert_eq!(view.property_name, "Гостиница «Маяк»");
}

#[tokio::test]
async fn bad_properties_are_refused_naming_every_field() {
    let app = embedding_app().await;
    let bad = json!({
        "name": " ", "name_en": "", "time_zone": "Mars/Olympus", "locale": "de",
        "subscription": { "gms": true, "contact_center": true, "tariff": "gold", "paid_until": "31.12.2026" }
    });
    let refused = app.platform(Method::PUT, "/properties/x", Some(bad)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = body(refused).await["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        [
            "name",
            "name_en",
            "time_zone",
            "locale",
            "subscription.tariff",
            "subscription.paid_until"
        ]
    );
    let mut unknown = hotel("Маяк", true, None);
    unknown["stars"] = json!(5);
    let refused = app
        .platform(Method::PUT, "/properties/x", Some(unknown))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(refused).await["error"]["message"]
        .as_str()
        .unwrap()
        .contains("stars"));
    let missing = app.platform(Method::GET, "/properties/nowhere", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let paging = app.platform(Method::GET, "/properties?limit=0", None).await;
    assert_eq!(paging.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_platform_token_and_a_propertys_token_open_only_their_own_routes() {
    let app = embedding_app().await;
    let with_property_token = app
        .pms_as(
            DEMO_PMS_TOKEN,
            Method::GET,
            "/api/v1/platform/properties",
            None,
        )
        .await;
    assert_eq!(with_property_token.status(), StatusCode::UNAUTHORIZED);
    let with_platform_token = app
        .pms_as(
            TEST_PLATFORM_TOKEN,
            Method::GET,
            "/api/v1/staff-users",
            None,
        )
        .await;
    assert_eq!(with_platform_token.status(), StatusCode::UNAUTHORIZED);
    let off = crate::helpers::spawn_app_with(|settings| settings.platform.token = None).await;
    let refused = off.platform(Method::GET, "/properties", None).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(body(refused).await["error"]["message"]
        .as_str()
        .unwrap()
        .contains("APP_PLATFORM__TOKEN"));
}

#[tokio::test]
async fn deactivation_ends_sessions_and_refuses_launches_and_sign_ins_until_reactivated() {
    let app = embedding_app().await;
    let (session, _) = launched_session(&app.launch(&token(&volna_admin())).await);
    assert!(app.session_of(&session).await.is_ok());

    let deactivated = app
        .platform(Method::DELETE, "/properties/demo-volna", None)
        .await;
    assert_eq!(deactivated.status(), StatusCode::OK);
    assert_eq!(body(deactivated).await["active"], false);
    assert!(app.session_of(&session).await.is_err(), "the session ended");
    let launch = app.launch(&token(&volna_admin())).await;
    assert_eq!(launch.status(), StatusCode::FORBIDDEN);
    assert!(launch
        .text()
        .await
        .unwrap()
        .contains("property_deactivated"));
    let signed_in = app.second_browser().sign_in(VOLNA_ADMIN).await;
    assert_eq!(
        crate::helpers::decode::<()>(signed_in).await,
        Err(app::error::AppError::PropertyDeactivated)
    );

    let name = "Отель «Волна»";
    let mut volna = hotel(name, true, None);
    volna["time_zone"] = json!("Europe/Moscow");
    let reactivated = app
        .platform(Method::PUT, "/properties/demo-volna", Some(volna))
        .await;
    assert_eq!(reactivated.status(), StatusCode::OK);
    let (session, _) = launched_session(&app.launch(&token(&volna_admin())).await);
    assert!(app.session_of(&session).await.is_ok());
}

#[tokio::test]
async fn a_subscription_change_holds_and_resumes_sending_at_the_next_tick() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(2).await;
    let subscription = |contact_center: bool, paid_until: Option<&str>| {
        let mut volna = hotel("Отель «Волна»", contact_center, paid_until);
        volna["time_zone"] = json!("Europe/Moscow");
        volna
    };
    let put = |body: Value| {
        let app = &run.app;
        async move {
            let answer = app
                .platform(Method::PUT, "/properties/demo-volna", Some(body))
                .await;
            assert_eq!(answer.status(), StatusCode::OK);
        }
    };

    put(subscription(false, None)).await;
    run.run_until(start + MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 0, "no module: held");
    // Paid until yesterday (the run's clock is 2026-12-01).
    put(subscription(true, Some("2026-11-30"))).await;
    run.run_until(start + 2 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 0, "the paid period ended: held");
    assert_eq!(
        run.states().await.get("planned"),
        Some(&2),
        "held, not skipped"
    );

    put(subscription(true, Some("2026-12-01"))).await;
    run.run_until(start + 30 * MINUTE, MINUTE).await;
    assert_eq!(run.sent().await.len(), 2, "paid through today: sent");
}
