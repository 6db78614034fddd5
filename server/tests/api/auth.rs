//! Sign-in, sign-out, throttling and expired sessions.
use crate::helpers::{decode, session_cookie, spawn_app, VOLNA_ADMIN, VOLNA_STAFF};
use app::domain::Role;
use app::error::{AppError, FieldProblem};
use app::ssr::auth::session::new_token;
use app::ssr::clock::{hours, now_ms};
use app::ssr::db::{sessions, staff_users};

#[tokio::test]
async fn the_demo_admin_signs_in_and_gets_an_http_only_session() {
    let app = spawn_app().await;

    let response = app.sign_in(VOLNA_ADMIN).await;

    assert!(response.status().is_success(), "{}", response.status());
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let session = app.current_session().await.expect("a session");
    assert_eq!(session.email, VOLNA_ADMIN.0);
    assert_eq!(session.role, Role::Admin);
}

#[tokio::test]
async fn a_wrong_password_is_reported_as_wrong_credentials_without_a_session() {
    let app = spawn_app().await;

    let response = app.sign_in((VOLNA_ADMIN.0, "not-the-password")).await;

    assert!(session_cookie(&response).is_none());
    assert_eq!(
        decode::<()>(response).await,
        Err(AppError::WrongCredentials)
    );
    assert_eq!(app.current_session().await, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;

    let response = app.sign_in(("nobody@volna.example", "whatever")).await;

    assert_eq!(
        decode::<()>(response).await,
        Err(AppError::WrongCredentials)
    );
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let long_password = "x".repeat(2000);
    let long_email = format!("{}@volna.example", "a".repeat(260));
    let cases = [
        (("", "secret"), "email", FieldProblem::Required),
        (
            ("admin-at-volna", "secret"),
            "email",
            FieldProblem::InvalidEmail,
        ),
        (
            (long_email.as_str(), "secret"),
            "email",
            FieldProblem::TooLong,
        ),
        ((VOLNA_ADMIN.0, ""), "password", FieldProblem::Required),
        (
            (VOLNA_ADMIN.0, long_password.as_str()),
            "password",
            FieldProblem::TooLong,
        ),
    ];
    for (credentials, field, problem) in cases {
        let response = app.sign_in(credentials).await;

        assert_eq!(
            decode::<()>(response).await,
            Err(AppError::invalid(field, problem)),
            "{credentials:?}"
        );
    }
    assert_eq!(app.current_session().await, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn repeated_failures_lock_sign_in_for_that_email_only() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let response = app.sign_in((VOLNA_ADMIN.0, "guess")).await;
        assert_eq!(
            decode::<()>(response).await,
            Err(AppError::WrongCredentials)
        );
    }

    let locked = app.sign_in(VOLNA_ADMIN).await;
    let other_user = app.sign_in(VOLNA_STAFF).await;

    assert!(matches!(
        decode::<()>(locked).await,
        Err(AppError::TooManyAttempts { retry_after_minutes }) if (1..=15).contains(&retry_after_minutes)
    ));
    assert!(other_user.status().is_success());
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    app.sign_in(VOLNA_ADMIN).await;

    let response = app.call::<app::api::auth::SignOut>(&[]).await;

    assert!(response.status().is_success());
    assert_eq!(app.current_session().await, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn an_expired_session_sends_the_browser_to_sign_in_again() {
    let app = spawn_app().await;
    let admin = staff_users::find_password_user(&app.db, VOLNA_ADMIN.0)
        .await
        .unwrap()
        .unwrap();
    let (token, token_hash) = new_token();
    let now = now_ms();
    sessions::insert(
        &app.db,
        &token_hash,
        admin.id,
        now - hours(13),
        now - hours(1),
    )
    .await
    .unwrap();

    let response = app.get_with_session("/guests/chats", &token).await;

    assert!(response.status().is_redirection());
    let location = response.headers()["location"].to_str().unwrap();
    assert_eq!(location, "/login?expired=1&next=/guests/chats");
}

#[tokio::test]
async fn server_functions_refuse_callers_without_a_session() {
    let app = spawn_app().await;

    assert_eq!(app.current_session().await, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn parallel_guesses_cannot_exceed_the_attempt_limit() {
    let app = spawn_app().await;

    let guesses = (0..10).map(|_| app.sign_in((VOLNA_ADMIN.0, "guess")));
    let answers = futures_util::future::join_all(guesses).await;

    let mut wrong = 0;
    for answer in answers {
        match decode::<()>(answer).await {
            Err(AppError::WrongCredentials) => wrong += 1,
            Err(AppError::TooManyAttempts { .. }) => {}
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(wrong, 5);
}
