//! Server-rendered pages: access, language, not found.
use crate::helpers::{session_cookie, spawn_app, VOLNA_ADMIN};
use reqwest::StatusCode;

#[tokio::test]
async fn pages_without_a_session_redirect_to_sign_in_and_come_back() {
    let app = spawn_app().await;

    let response = app.get("/guests/mailings").await;

    assert!(response.status().is_redirection());
    assert_eq!(
        response.headers()["location"],
        "/login?next=/guests/mailings"
    );
}

#[tokio::test]
async fn the_sign_in_page_is_russian_even_for_an_english_browser() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/login", app.address))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("Вход в личный кабинет"), "{html}");
    let html_tag = &html[html.find("<html").unwrap()..];
    assert!(html_tag[..html_tag.find('>').unwrap()].contains(r#"lang="ru""#));
}

#[tokio::test]
async fn a_chosen_language_is_rendered_by_the_server() {
    let app = spawn_app().await;
    let signed_in = app.sign_in(VOLNA_ADMIN).await;
    let session = session_cookie(&signed_in).expect("a session cookie");
    let session = session.split(';').next().unwrap();

    let response = reqwest::Client::new()
        .get(format!("{}/guests/contact-center", app.address))
        .header("cookie", format!("{session}; i18n_pref_locale=en"))
        .send()
        .await
        .unwrap();

    let html = response.text().await.unwrap();
    assert!(html.contains("Contact center connection"), "{html}");
    let html_tag = &html[html.find("<html").unwrap()..];
    let html_tag = &html_tag[..html_tag.find('>').unwrap()];
    assert!(html_tag.contains(r#"lang="en""#), "{html_tag}");
}

#[tokio::test]
async fn the_shell_renders_the_navigation_for_a_signed_in_user() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;

    let html = app
        .get("/guests/contact-center")
        .await
        .text()
        .await
        .unwrap();

    for label in [
        "Управление гостями",
        "Мои гости",
        "Контакт-центр",
        "Рассылки",
        "Чаты с гостями",
        "Подключение контакт-центра",
    ] {
        assert!(html.contains(label), "missing {label}");
    }
}

#[tokio::test]
async fn a_signed_in_user_skips_the_sign_in_page() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;

    let response = app.get("/login").await;

    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/guests/contact-center");
}

#[tokio::test]
async fn an_unknown_page_is_a_404() {
    let app = spawn_app().await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
