//! `/launch`: signed tokens from the host PMS open sessions, once, in the
//! right property; every bad token is refused with what to fix.
use crate::launch_helpers::*;
use app::domain::Role;
use app::error::AppError;
use app::ssr::embedding::launch_token::mint;
use reqwest::StatusCode;

#[tokio::test]
async fn a_valid_token_opens_an_iframe_ready_session_on_the_asked_page() {
    let app = embedding_app().await;
    let mut claims = volna_admin();
    claims.page = Some("/guests/mailings".to_owned());
    claims.locale = Some("en".to_owned());

    let response = app.launch(&token(&claims)).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/guests/mailings");
    let (session, header) = launched_session(&response);
    for attribute in [
        "HttpOnly",
        "SameSite=None",
        "Secure",
        "Partitioned",
        "Path=/",
    ] {
        assert!(
            header.contains(attribute),
            "{attribute} missing in {header}"
        );
    }
    let locale = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("i18n_pref_locale=en"))
        .expect("the token's language is kept");
    assert!(locale.contains("Partitioned"), "{locale}");
    let view = app.session_of(&session).await.expect("signed in");
    assert_eq!(view.email, "admin@volna.example");
    assert_eq!(view.role, Role::Admin);
    assert_eq!(view.property_name, "Отель «Волна»");
}

#[tokio::test]
async fn a_new_pms_user_is_created_and_later_launches_update_name_and_role() {
    let app = embedding_app().await;
    let claims = claims("demo-volna", "volna-004", "maria@volna.example", "staff");

    let (session, _) = launched_session(&app.launch(&token(&claims)).await);
    let view = app.session_of(&session).await.expect("signed in");
    assert_eq!(
        (view.user_name.as_str(), view.role),
        ("Мария Новикова", Role::Staff)
    );

    let mut promoted =
        crate::launch_helpers::claims("demo-volna", "volna-004", "maria@volna.example", "admin");
    promoted.name = "Мария Новикова-Орлова".to_owned();
    let (session, _) = launched_session(&app.launch(&token(&promoted)).await);
    let view = app.session_of(&session).await.expect("signed in");
    assert_eq!(
        (view.user_name.as_str(), view.role),
        ("Мария Новикова-Орлова", Role::Admin)
    );
}

#[tokio::test]
async fn a_page_outside_the_app_opens_the_contact_center_instead() {
    let app = embedding_app().await;
    for page in [
        "https://evil.example/",
        "//evil.example",
        "/login",
        "/api/v1/staff-users",
    ] {
        let mut claims = volna_admin();
        claims.page = Some(page.to_owned());
        let response = app.launch(&token(&claims)).await;
        assert_eq!(location(&response), "/guests/contact-center", "{page}");
    }
}

/// Launches and expects a refusal page with `code` and `status`.
async fn assert_refused(
    app: &crate::helpers::TestApp,
    token: &str,
    status: StatusCode,
    code: &str,
) {
    let response = app.launch(token).await;
    assert_eq!(response.status(), status, "{code}");
    assert!(
        response
            .headers()
            .get(reqwest::header::SET_COOKIE)
            .is_none(),
        "no cookie on a refusal ({code})"
    );
    let page = response.text().await.expect("a page");
    assert!(
        page.contains(&format!("<code>{code}</code>")),
        "{code} not in {page}"
    );
    assert!(page.contains("How to fix it"), "{page}");
}

#[tokio::test]
async fn expired_and_tampered_tokens_are_refused_with_what_to_fix() {
    let app = embedding_app().await;
    let mut expired = volna_admin();
    expired.iat -= 600;
    expired.exp -= 600;
    assert_refused(&app, &token(&expired), StatusCode::UNAUTHORIZED, "expired").await;

    let good = token(&volna_admin());
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let mut forged = volna_admin();
    forged.role = "admin".to_owned();
    forged.sub = "volna-002".to_owned();
    forged.email = "anna@volna.example".to_owned();
    parts[1] = token(&forged)
        .split('.')
        .nth(1)
        .expect("a payload")
        .to_owned();
    assert_refused(
        &app,
        &parts.join("."),
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    let signed_elsewhere =
        mint(&volna_admin(), "some-other-secret-0123456789abcdefgh").expect("signed");
    assert_refused(
        &app,
        &signed_elsewhere,
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
}

#[tokio::test]
async fn tokens_for_another_app_too_long_lived_or_malformed_are_refused_with_what_to_fix() {
    let app = embedding_app().await;
    let mut wrong_audience = volna_admin();
    wrong_audience.aud = "another-app".to_owned();
    assert_refused(
        &app,
        &token(&wrong_audience),
        StatusCode::UNAUTHORIZED,
        "wrong_audience",
    )
    .await;

    let mut long_lived = volna_admin();
    long_lived.exp = long_lived.iat + 3600;
    assert_refused(
        &app,
        &token(&long_lived),
        StatusCode::UNAUTHORIZED,
        "lifetime_too_long",
    )
    .await;

    let hs512 = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
        &volna_admin(),
        &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .expect("signed");
    assert_refused(&app, &hs512, StatusCode::BAD_REQUEST, "wrong_algorithm").await;

    let mut bad_role = volna_admin();
    bad_role.role = "owner".to_owned();
    assert_refused(
        &app,
        &token(&bad_role),
        StatusCode::BAD_REQUEST,
        "malformed_token",
    )
    .await;
    assert_refused(
        &app,
        "not-a-token",
        StatusCode::BAD_REQUEST,
        "malformed_token",
    )
    .await;
    assert_refused(&app, "", StatusCode::BAD_REQUEST, "missing_token").await;
}

#[tokio::test]
async fn a_token_is_accepted_once() {
    let app = embedding_app().await;
    let token = token(&volna_admin());

    assert_eq!(app.launch(&token).await.status(), StatusCode::SEE_OTHER);
    assert_refused(&app, &token, StatusCode::UNAUTHORIZED, "replayed").await;
}

#[tokio::test]
async fn a_token_for_one_property_cannot_reach_another() {
    let app = embedding_app().await;
    // «Бриз» has its own secret: the global one does not open it.
    let briz = claims("demo-briz", "briz-002", "staff@briz.example", "staff");
    assert_refused(
        &app,
        &token(&briz),
        StatusCode::UNAUTHORIZED,
        "bad_signature",
    )
    .await;
    // Signed for «Бриз», a Volna user's e-mail does not carry their account
    // over: it is another user of «Бриз» (e-mails are per property).
    let namesake = claims("demo-briz", "briz-999", "admin@volna.example", "admin");
    let signed = mint(&namesake, BRIZ_SECRET).expect("signed");
    let (session, _) = launched_session(&app.launch(&signed).await);
    let view = app.session_of(&session).await.expect("signed in");
    assert_eq!(view.property_name, "Отель «Бриз»");
    let volna_admin = app::ssr::db::staff_users::find_password_user(&app.db, "admin@volna.example")
        .await
        .unwrap()
        .expect("the Volna admin is still there");
    assert_eq!(volna_admin.property_id, app::domain::PropertyId(1));
    assert_eq!(volna_admin.external_id.as_deref(), Some("volna-001"));
    // Nor does the Volna secret open «Бриз».
    let own = mint(&briz, BRIZ_SECRET).expect("signed");
    let (session, _) = launched_session(&app.launch(&own).await);
    let view = app.session_of(&session).await.expect("signed in");
    assert_eq!(view.property_name, "Отель «Бриз»");

    let unknown = claims("demo-nowhere", "x-1", "x@nowhere.example", "staff");
    assert_refused(
        &app,
        &token(&unknown),
        StatusCode::NOT_FOUND,
        "unknown_property",
    )
    .await;
}

#[tokio::test]
async fn a_deactivated_user_is_signed_out_at_once_and_cannot_launch() {
    let app = embedding_app().await;
    let anna = claims("demo-volna", "volna-002", "anna@volna.example", "staff");
    let (session, _) = launched_session(&app.launch(&token(&anna)).await);
    assert!(app.session_of(&session).await.is_ok());

    let response = app
        .pms(
            reqwest::Method::DELETE,
            "/api/v1/staff-users/volna-002",
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    assert_eq!(app.session_of(&session).await, Err(AppError::Unauthorized));
    let again = claims("demo-volna", "volna-002", "anna@volna.example", "staff");
    assert_refused(
        &app,
        &token(&again),
        StatusCode::FORBIDDEN,
        "user_deactivated",
    )
    .await;
}
