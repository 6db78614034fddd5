//! Secure defaults: the headers every response carries, metrics behind a
//! token, and a server that refuses to start with the emulator beside a real
//! IntellectDialog or, in production, with a secret published in this repository.
use crate::helpers::{spawn_app, spawn_app_with, test_settings, TEST_METRICS_TOKEN, VOLNA_ADMIN};
use app::ssr::config::AppEnv;
use reqwest::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
};
use reqwest::StatusCode;
use server::startup::Application;

#[tokio::test]
async fn pages_carry_a_script_policy_whose_nonce_every_inline_script_has() {
    let app = spawn_app().await;
    let page = app.get("/login").await;
    let headers = page.headers().clone();
    let policy = headers[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[REFERRER_POLICY], "strict-origin-when-cross-origin");
    assert!(
        headers.get(STRICT_TRANSPORT_SECURITY).is_none(),
        "plain http"
    );
    assert!(
        headers.get("x-csp-nonce").is_none(),
        "the nonce stays inside"
    );
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("a nonce in {policy}"))
        .to_owned();
    for directive in [
        "default-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    let html = page.text().await.unwrap();
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert!(!scripts.is_empty(), "the page hydrates with scripts");
    for script in scripts {
        let (tag, rest) = script.split_once('>').unwrap_or_default();
        let content = rest.split("</script>").next().unwrap_or_default();
        // An empty script (leptos_i18n's placeholder) runs nothing: browsers
        // skip it before any policy check.
        let runs_something = tag.contains("src=") || !content.trim().is_empty();
        assert!(
            !runs_something || tag.contains(&format!("nonce=\"{nonce}\"")),
            "a script without the page's nonce: <script{tag}>{content}"
        );
    }
    // Machine answers are covered too.
    let health = app.get("/healthz").await;
    assert!(health.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .starts_with("default-src 'self'"));
}

#[tokio::test]
async fn an_https_public_url_turns_on_hsts_and_secure_cookies() {
    let app = spawn_app_with(|settings| {
        settings.server.public_url = Some("https://contact-center.example".to_owned());
    })
    .await;
    let page = app.get("/login").await;
    assert_eq!(
        page.headers()[STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    let signed_in = app.sign_in(VOLNA_ADMIN).await;
    let cookie = crate::helpers::session_cookie(&signed_in).expect("a session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn metrics_answer_only_the_configured_bearer_token() {
    let app = spawn_app().await;
    let url = format!("{}/metrics", app.address);
    let client = reqwest::Client::new();
    let none = client.get(&url).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let wrong = client.get(&url).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = client
        .get(&url)
        .bearer_auth(TEST_METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);

    let unset = spawn_app_with(|settings| settings.metrics.token = None).await;
    let refused = client
        .get(format!("{}/metrics", unset.address))
        .bearer_auth(TEST_METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(refused.text().await.unwrap().contains("APP_METRICS__TOKEN"));
}

/// Starting the server with these settings fails; the error's text.
async fn refused_start(configure: impl FnOnce(&mut app::ssr::config::Settings)) -> String {
    let (mut settings, _dir) = test_settings().await;
    configure(&mut settings);
    match Application::build(settings).await {
        Ok(_) => panic!("the server started"),
        Err(error) => format!("{error:#}"),
    }
}

#[tokio::test]
async fn the_emulator_never_runs_beside_a_real_intellectdialog() {
    let error = refused_start(|settings| {
        settings.intellectdialog.base_url = Some("https://api.intellectdialog.com/v2/".to_owned());
    })
    .await;
    assert!(
        error.contains("APP_EMULATOR__ENABLED") && error.contains("APP_INTELLECTDIALOG__BASE_URL"),
        "{error}"
    );
}

/// Makes one setting unsafe for production.
type Unsafe = fn(&mut app::ssr::config::Settings);

#[tokio::test]
async fn production_refuses_each_unsafe_setting_naming_its_variable() {
    use app::ssr::published::{LAUNCH_SECRETS, MASTER_KEYS, METRICS_TOKENS};
    let production = |settings: &mut app::ssr::config::Settings| {
        settings.env = Some(AppEnv::Production);
        settings.demo.seed = false;
        settings.emulator.enabled = false;
        settings.intellectdialog.base_url = Some("http://127.0.0.1:9/v2/".to_owned());
    };
    let cases: [(&str, Unsafe); 8] = [
        ("APP_EMBEDDING__LAUNCH_SECRET", |settings| {
            settings.embedding.launch_secret = Some(LAUNCH_SECRETS[0].to_owned().into());
        }),
        ("APP_EMBEDDING__PROPERTY_SECRETS", |settings| {
            let pairs = format!("p-1={}", LAUNCH_SECRETS[1]);
            settings.embedding.property_secrets = Some(pairs.into());
        }),
        ("APP_SECURITY__MASTER_KEY holds", |settings| {
            settings.security.master_key = Some(MASTER_KEYS[0].to_owned().into());
        }),
        ("APP_SECURITY__MASTER_KEY is not set", |settings| {
            settings.security.master_key = None;
        }),
        ("APP_METRICS__TOKEN", |settings| {
            settings.metrics.token = Some(METRICS_TOKENS[0].to_owned().into());
        }),
        ("APP_DEMO__SEED", |settings| settings.demo.seed = true),
        ("APP_EMULATOR__ENABLED", |settings| {
            settings.emulator.enabled = true;
            settings.intellectdialog.base_url = None;
        }),
        ("APP_SERVER__SECURE_COOKIES", |settings| {
            settings.server.public_url = Some("https://contact-center.example".to_owned());
            settings.server.secure_cookies = Some(false);
        }),
    ];
    for (variable, make_unsafe) in cases {
        let error = refused_start(|settings| {
            production(settings);
            make_unsafe(settings);
        })
        .await;
        assert!(error.contains(variable), "{variable}: {error}");
        assert!(error.contains("production"), "{error}");
    }
    // A safe production configuration starts, and so does development with
    // a published value.
    let (mut settings, _dir) = test_settings().await;
    production(&mut settings);
    assert!(Application::build(settings).await.is_ok());
    let (mut settings, _dir) = test_settings().await;
    settings.metrics.token = Some(METRICS_TOKENS[0].to_owned().into());
    settings.env = Some(AppEnv::Development);
    assert!(Application::build(settings).await.is_ok());
}

#[tokio::test]
async fn a_database_with_the_demo_token_and_users_is_refused_in_production() {
    let demo = spawn_app().await;
    let mut settings = (*demo.state.settings).clone();
    settings.server.address = "127.0.0.1:0".to_owned();
    settings.demo.seed = false;
    settings.emulator.enabled = false;
    settings.env = Some(AppEnv::Production);
    let error = match Application::build(settings.clone()).await {
        Ok(_) => panic!("started with the demo token live"),
        Err(error) => format!("{error:#}"),
    };
    assert!(error.contains("demo PMS token"), "{error}");
    assert!(error.contains("--revoke demo"), "{error}");
    assert!(error.contains("admin@volna.example"), "demo users: {error}");

    let volna = app::ssr::db::properties::find_by_external_id(&demo.db, "demo-volna")
        .await
        .unwrap()
        .unwrap();
    app::ssr::db::pms_tokens::revoke(&demo.db, volna.id, "demo", app::ssr::clock::now_ms())
        .await
        .unwrap();
    let no_passwords = "UPDATE staff_users SET password_hash = NULL";
    app::on_db!(&demo.db, pool => sqlx::query(no_passwords).execute(pool).await.map(|_| ()))
        .unwrap();
    assert!(Application::build(settings).await.is_ok());
}
