//! `spawn_app()` and `TestApp`: one running server and its database per test.
use app::error::AppError;
use app::ssr::config::Settings;
use app::ssr::db::Db;
use leptos::server_fn::ServerFn;
use rand::Rng;
use reqwest::header::{COOKIE, ORIGIN};
use reqwest::redirect::Policy;
use server::startup::Application;

pub const VOLNA_ADMIN: (&str, &str) = ("admin@volna.example", "Volna-Admin-2026");
pub const VOLNA_STAFF: (&str, &str) = ("anna@volna.example", "Volna-Staff-2026");
pub const SEVER_ADMIN: (&str, &str) = ("admin@sever.example", "Sever-Admin-2026");
/// 32 bytes of 0x2a, base64: the master key of every test app.
/// The master key of this test run: random, so no published value (which a
/// server outside demo mode refuses).
pub fn test_master_key() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        use base64::Engine;
        let bytes: [u8; 32] = rand::random();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    })
}
/// The bearer token `/metrics` asks of the test apps' scraper.
pub const TEST_METRICS_TOKEN: &str = "test-metrics-token";
/// The host PMS's platform token of the test apps.
pub const TEST_PLATFORM_TOKEN: &str = "test-platform-token-0123456789abcdef";

/// A running server with the demo data, and a cookie-keeping browser-like client.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub state: app::ssr::AppState,
    _database_dir: Option<tempfile::TempDir>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A test app with some settings changed first.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with_clock(configure, None).await
}

/// The settings of a test app on a fresh database (kept while the
/// directory lives): demo data, the in-process emulator, a random master key.
pub async fn test_settings() -> (Settings, Option<tempfile::TempDir>) {
    let (database_url, database_dir) = match std::env::var("TEST_DATABASE_URL") {
        Ok(base) => (fresh_postgres_database(&base).await, None),
        Err(_) => {
            let dir = tempfile::tempdir().expect("a temporary directory");
            (
                format!("sqlite://{}/test.db", dir.path().display()),
                Some(dir),
            )
        }
    };
    let mut settings = Settings::load().expect("default settings");
    settings.server.address = "127.0.0.1:0".to_owned();
    settings.database.url = database_url.into();
    settings.demo.seed = true;
    settings.security.master_key = Some(test_master_key().to_owned().into());
    settings.metrics.token = Some(TEST_METRICS_TOKEN.to_owned().into());
    settings.platform.token = Some(TEST_PLATFORM_TOKEN.to_owned().into());
    // The in-process emulator answers the app's IntellectDialog calls.
    settings.emulator.enabled = true;
    (settings, database_dir)
}

/// A test app whose scheduler (when enabled) reads `clock`.
pub async fn spawn_app_with_clock(
    configure: impl FnOnce(&mut Settings),
    clock: Option<std::sync::Arc<dyn app::ssr::dispatch::Clock>>,
) -> TestApp {
    let (mut settings, database_dir) = test_settings().await;
    configure(&mut settings);
    let mut application = Application::build(settings)
        .await
        .expect("the application starts");
    if let Some(clock) = clock {
        application = application.with_clock(clock);
    }
    let address = format!("http://{}", application.address());
    let db = application.state().db.clone();
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("an HTTP client");
    TestApp {
        address,
        client,
        db,
        state,
        _database_dir: database_dir,
    }
}

/// Creates an empty PostgreSQL database next to the one `base` names.
async fn fresh_postgres_database(base: &str) -> String {
    use sqlx::Connection;
    let name = format!("cc_test_{:016x}", rand::thread_rng().gen::<u64>());
    let mut connection = sqlx::PgConnection::connect(base)
        .await
        .expect("PostgreSQL is reachable");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .expect("a test database is created");
    let (server, _) = base
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL ends with /<database>");
    format!("{server}/{name}")
}

impl TestApp {
    /// Calls server function `F` with form fields, as our UI does.
    pub async fn call<F: ServerFn>(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.address, F::PATH))
            .header(ORIGIN, &self.address)
            .form(fields)
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn sign_in(&self, (email, password): (&str, &str)) -> reqwest::Response {
        self.call::<app::api::auth::SignIn>(&[("email", email), ("password", password)])
            .await
    }

    pub async fn current_session(&self) -> Result<app::domain::SessionView, AppError> {
        decode(self.call::<app::api::session::CurrentSession>(&[]).await).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }

    /// `/metrics` as the configured scraper reads it.
    pub async fn metrics(&self) -> String {
        let response = reqwest::Client::new()
            .get(format!("{}/metrics", self.address))
            .bearer_auth(TEST_METRICS_TOKEN)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), 200, "/metrics");
        response.text().await.expect("metrics")
    }

    /// A GET carrying only the given session cookie (no cookie store).
    pub async fn get_with_session(&self, path: &str, token: &str) -> reqwest::Response {
        reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .expect("an HTTP client")
            .get(format!("{}{path}", self.address))
            .header(COOKIE, format!("cc_session={token}"))
            .send()
            .await
            .expect("the server answers")
    }
}

/// The value or the `AppError` a server function answered with.
pub async fn decode<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, AppError> {
    let success = response.status().is_success();
    let body = response.text().await.expect("a response body");
    if success {
        Ok(serde_json::from_str(&body)
            .unwrap_or_else(|error| panic!("unexpected body {body}: {error}")))
    } else {
        Err(serde_json::from_str(&body)
            .unwrap_or_else(|error| panic!("unexpected error body {body}: {error}")))
    }
}

/// The session cookie a response sets, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("cc_session=") && !value.starts_with("cc_session=;"))
        .map(str::to_owned)
}

impl TestApp {
    /// Another browser (its own cookies) on the same server and database.
    pub fn second_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .expect("an HTTP client"),
            db: self.db.clone(),
            state: self.state.clone(),
            _database_dir: None,
        }
    }

    /// This browser (its cookies) on another server over the same database.
    pub fn with_address(&self, address: String, state: app::ssr::AppState) -> TestApp {
        TestApp {
            address,
            client: self.client.clone(),
            db: state.db.clone(),
            state,
            _database_dir: None,
        }
    }
}
