//! Sign-in under a flood: attempts are limited per client address and
//! overall, and password checks beyond the cores and a short queue are
//! refused at once, always with a `Retry-After`; nobody else is locked out.
use crate::helpers::{decode, spawn_app_with, TestApp, VOLNA_ADMIN};
use app::error::AppError;
use leptos::server_fn::ServerFn;
use reqwest::header::{ORIGIN, RETRY_AFTER};
use reqwest::StatusCode;
use std::net::IpAddr;

/// A sign-in attempt from `client` (one of the 127.0.0.0/8 loopback
/// addresses, so the server sees a different peer for each).
async fn attempt_from(
    app: &TestApp,
    client: IpAddr,
    email: &str,
    password: &str,
) -> reqwest::Response {
    reqwest::Client::builder()
        .local_address(client)
        .build()
        .expect("an HTTP client")
        .post(format!("{}{}", app.address, app::api::auth::SignIn::PATH))
        .header(ORIGIN, &app.address)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("the server answers")
}

fn loopback(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

/// The answer's status, `Retry-After` and error.
async fn refusal(response: reqwest::Response) -> (StatusCode, Option<u64>, AppError) {
    let status = response.status();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok());
    let error = decode::<()>(response).await.expect_err("a refusal");
    (status, retry_after, error)
}

#[tokio::test]
async fn one_address_is_limited_and_another_still_signs_in() {
    let app = spawn_app_with(|settings| {
        settings.sign_in.per_client_per_minute = 4;
        // Unknown e-mails: the per-e-mail limit plays no part.
        settings.sign_in.max_failures = 1_000;
    })
    .await;
    let noisy = loopback(7);
    for attempt in 0..4 {
        let email = format!("nobody{attempt}@example.org");
        let answer = attempt_from(&app, noisy, &email, "guess").await;
        assert_eq!(
            answer.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let (status, retry_after, error) =
        refusal(attempt_from(&app, noisy, "nobody9@example.org", "guess").await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        retry_after.is_some_and(|seconds| seconds >= 1),
        "{retry_after:?}"
    );
    assert!(matches!(error, AppError::SignInBusy { .. }), "{error:?}");

    let (email, password) = VOLNA_ADMIN;
    let other = attempt_from(&app, loopback(8), email, password).await;
    assert_eq!(other.status(), StatusCode::OK, "another address signs in");
}

#[tokio::test]
async fn many_addresses_together_are_limited_overall() {
    let app = spawn_app_with(|settings| {
        settings.sign_in.overall_per_second = 2;
        settings.sign_in.max_failures = 1_000;
    })
    .await;
    let attempts = (10..30u8).map(|last| {
        let app = &app;
        async move {
            let email = format!("flood{last}@example.org");
            attempt_from(app, loopback(last), &email, "guess")
                .await
                .status()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let refused = statuses
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let checked = statuses
        .iter()
        .filter(|status| **status == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(refused + checked, 20, "{statuses:?}");
    assert!(
        checked <= 5,
        "a burst of 4 (plus what a second refills): {statuses:?}"
    );
}

#[tokio::test]
async fn beyond_the_cores_and_the_queue_password_checks_are_refused_at_once() {
    let app = spawn_app_with(|settings| {
        settings.sign_in.hash_queue = 0;
        settings.sign_in.max_failures = 1_000;
        settings.sign_in.per_client_per_minute = 1_000;
        settings.sign_in.overall_per_second = 1_000;
    })
    .await;
    let attempts = (0..24u8).map(|index| {
        let app = &app;
        async move {
            let email = format!("queue{index}@example.org");
            refusal(attempt_from(app, loopback(40 + index), &email, "guess").await).await
        }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, _, _)| *status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(!busy.is_empty(), "24 at once cannot all find a core");
    for (_, retry_after, error) in &busy {
        assert_eq!(*retry_after, Some(1));
        assert_eq!(
            *error,
            AppError::SignInBusy {
                retry_after_secs: 1
            }
        );
    }
    assert!(
        answers.iter().all(|(status, _, _)| matches!(
            *status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::UNAUTHORIZED
        )),
        "every attempt is answered, none fails"
    );
}
