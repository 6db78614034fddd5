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
pub const TEST_MASTER_KEY: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";

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
    settings.security.master_key = Some(TEST_MASTER_KEY.to_owned().into());
    // The in-process emulator answers the app's IntellectDialog calls.
    settings.emulator.enabled = true;
    configure(&mut settings);
    let application = Application::build(settings)
        .await
        .expect("the application starts");
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
}

/// A standalone emulator on a free port, as the contract tests see it.
pub struct TestEmulator {
    pub base_url: String,
    pub control_url: String,
    pub http: reqwest::Client,
}

pub async fn spawn_emulator() -> TestEmulator {
    use server::emulator::{router, Emulator};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("a bound address");
    let emulator = Emulator::new().expect("the emulator starts");
    tokio::spawn(async move { axum::serve(listener, router(emulator)).await });
    TestEmulator {
        base_url: format!("http://{address}/v2/"),
        control_url: format!("http://{address}/control"),
        http: reqwest::Client::new(),
    }
}

impl TestEmulator {
    /// A client with `key` and a short timeout (so the timeout fault is quick).
    pub fn client(&self, key: &str) -> app::ssr::intellectdialog::Client {
        let http = app::ssr::intellectdialog::http_client(std::time::Duration::from_secs(1))
            .expect("an HTTP client");
        app::ssr::intellectdialog::Client::new(http, &self.base_url, key.to_owned().into())
    }

    pub fn demo_client(&self) -> app::ssr::intellectdialog::Client {
        self.client(server::emulator::seed::DEMO_API_KEY)
    }

    /// Calls a control endpoint with a JSON body and checks it succeeded.
    pub async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let response = self
            .http
            .request(method, format!("{}{path}", self.control_url))
            .json(&body)
            .send()
            .await
            .expect("the emulator answers");
        assert!(
            response.status().is_success(),
            "control {path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(serde_json::Value::Null)
    }

    pub async fn set_faults(&self, faults: serde_json::Value) {
        self.control(reqwest::Method::PUT, "/faults", faults).await;
    }

    /// What `POST messages` sent, in order, with the times they left.
    pub async fn sent(&self) -> Vec<serde_json::Value> {
        let body: serde_json::Value = self
            .http
            .get(format!("{}/sent-messages", self.control_url))
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .expect("a JSON answer");
        body["messages"].as_array().cloned().unwrap_or_default()
    }
}

impl TestApp {
    pub async fn integration_state(&self) -> Result<app::domain::IntegrationView, AppError> {
        decode(
            self.call::<app::api::integration::IntegrationState>(&[])
                .await,
        )
        .await
    }

    pub async fn check_api_key(
        &self,
        key: &str,
        version: i64,
        confirmed: bool,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let version = version.to_string();
        let confirmed = confirmed.to_string();
        let fields = [
            ("api_key", key),
            ("version", version.as_str()),
            ("reset_confirmed", confirmed.as_str()),
        ];
        decode(
            self.call::<app::api::integration::CheckApiKey>(&fields)
                .await,
        )
        .await
    }

    pub async fn providers(&self) -> Result<Vec<app::domain::ProviderOption>, AppError> {
        decode(
            self.call::<app::api::integration::IntegrationProviders>(&[])
                .await,
        )
        .await
    }

    pub async fn save_settings(
        &self,
        provider_id: &str,
        interval: i64,
        version: i64,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let (interval, version) = (interval.to_string(), version.to_string());
        let fields = [
            ("provider_id", provider_id),
            ("send_interval_secs", interval.as_str()),
            ("version", version.as_str()),
        ];
        decode(
            self.call::<app::api::integration::SaveIntegrationSettings>(&fields)
                .await,
        )
        .await
    }

    pub async fn set_active(
        &self,
        active: bool,
        version: i64,
    ) -> Result<app::domain::IntegrationView, AppError> {
        let (active, version) = (active.to_string(), version.to_string());
        let fields = [("active", active.as_str()), ("version", version.as_str())];
        decode(
            self.call::<app::api::integration::SetIntegrationActive>(&fields)
                .await,
        )
        .await
    }

    /// Calls a control of the in-process IntellectDialog emulator.
    pub async fn emulator_control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) {
        let response = reqwest::Client::new()
            .request(
                method,
                format!("{}/intellectdialog-emulator/control{path}", self.address),
            )
            .json(&body)
            .send()
            .await
            .expect("the emulator answers");
        assert!(
            response.status().is_success(),
            "emulator control {path}: {}",
            response.status()
        );
    }
}

impl TestApp {
    pub async fn submit_account_request(&self, fields: &[(&str, &str)]) -> Result<i64, AppError> {
        decode(
            self.call::<app::api::account_request::SubmitAccountRequest>(fields)
                .await,
        )
        .await
    }

    pub async fn account_requests(
        &self,
    ) -> Result<Vec<app::domain::account_request::AccountRequestView>, AppError> {
        decode(
            self.call::<app::api::account_request::AccountRequests>(&[])
                .await,
        )
        .await
    }

    /// What the in-process emulator's sales contact received.
    pub async fn received_account_requests(&self) -> Vec<serde_json::Value> {
        let body: serde_json::Value = reqwest::get(format!(
            "{}/intellectdialog-emulator/control/account-requests",
            self.address
        ))
        .await
        .expect("the emulator answers")
        .json()
        .await
        .expect("a JSON answer");
        body["account_requests"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl TestApp {
    pub async fn mailings(&self) -> Result<Vec<app::domain::mailing::MailingView>, AppError> {
        decode(self.call::<app::api::mailing::Mailings>(&[]).await).await
    }
}
