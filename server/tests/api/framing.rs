//! Inside a host's frame: who may frame the app, and the cookie a password
//! sign-in gets there.
use crate::launch_helpers::*;

#[tokio::test]
async fn pages_may_be_framed_by_exactly_the_configured_hosts() {
    let app = embedding_app().await;
    for path in ["/login", "/guests/contact-center", "/launch?token=x"] {
        let response = app.get(path).await;
        let policy = response
            .headers()
            .get(reqwest::header::CONTENT_SECURITY_POLICY)
            .and_then(|value| value.to_str().ok())
            .expect("a frame policy");
        assert!(
            policy.ends_with("; frame-ancestors 'self' https://pms.example http://localhost:3002"),
            "{path}: {policy}"
        );
        assert!(
            response.headers().get("x-frame-options").is_none(),
            "{path}"
        );
    }
    let standalone = crate::helpers::spawn_app().await;
    let response = standalone.get("/login").await;
    let policy = response.headers()[reqwest::header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.ends_with("; frame-ancestors 'self'"), "{policy}");
}

#[tokio::test]
async fn a_password_sign_in_inside_a_frame_gets_the_embedded_cookie_and_outside_the_lax_one() {
    let app = embedding_app().await;
    let (email, password) = crate::helpers::VOLNA_ADMIN;
    let framed = app
        .call::<app::api::auth::SignIn>(&[
            ("email", email),
            ("password", password),
            ("embedded", "true"),
        ])
        .await;
    let (_, header) = launched_session(&framed);
    assert!(
        header.contains("SameSite=None") && header.contains("Partitioned"),
        "{header}"
    );

    let standalone = app
        .second_browser()
        .sign_in(crate::helpers::VOLNA_ADMIN)
        .await;
    let (_, header) = launched_session(&standalone);
    assert!(
        header.contains("SameSite=Lax") && !header.contains("Partitioned"),
        "{header}"
    );
}
