//! CSRF: state-changing requests from other origins are refused.
use crate::helpers::{spawn_app, VOLNA_ADMIN};
use app::api::auth::SignIn;
use leptos::server_fn::ServerFn;
use reqwest::header::ORIGIN;
use reqwest::StatusCode;

async fn post_sign_in(app: &crate::helpers::TestApp, origin: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}{}", app.address, SignIn::PATH))
        .form(&[("email", VOLNA_ADMIN.0), ("password", VOLNA_ADMIN.1)]);
    if let Some(origin) = origin {
        request = request.header(ORIGIN, origin);
    }
    request.send().await.expect("the server answers")
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_changes_nothing() {
    let app = spawn_app().await;

    let response = post_sign_in(&app, Some("https://evil.example")).await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("Origin"));
    assert!(app.current_session().await.is_err());
}

#[tokio::test]
async fn a_post_without_origin_or_referer_is_refused() {
    let app = spawn_app().await;

    let response = post_sign_in(&app, None).await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
