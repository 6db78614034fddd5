//! What the benchmarks share: a running app on a fresh database, «Волна»
//! connected and activated through the app as its administrator would.
#![allow(dead_code, reason = "each benchmark uses its part")]
use app::ssr::config::Settings;
use app::ssr::AppState;
use server::startup::Application;

pub const KEY: &str = "idk-demo-volna-6f1d2c9a8b7e4f30";

/// A count from the environment variable `name`, else `default`.
pub fn count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The databases to measure on: a fresh SQLite file in `dir` (BENCH_SQLITE=none
/// skips it), and a fresh PostgreSQL database next to BENCH_POSTGRES_URL
/// (default: the local `test` database; `none` skips it, and so does an
/// unreachable server).
pub async fn databases(dir: &std::path::Path) -> Vec<(&'static str, String)> {
    let mut databases = Vec::new();
    if std::env::var("BENCH_SQLITE").as_deref() != Ok("none") {
        databases.push(("SQLite", format!("sqlite://{}/bench.db", dir.display())));
    }
    let postgres = std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    if postgres != "none" {
        match fresh_postgres(&postgres).await {
            Some(url) => databases.push(("PostgreSQL", url)),
            None => println!("PostgreSQL at {postgres} is not reachable: skipped"),
        }
    }
    databases
}

/// Starts the app (demo data, in-process emulator, no scheduler) on `url`.
pub async fn start(url: &str) -> (String, AppState) {
    let mut settings = Settings::load().expect("settings");
    settings.server.address = "127.0.0.1:0".into();
    settings.database.url = url.to_owned().into();
    settings.database.max_connections = 8;
    settings.demo.seed = true;
    settings.emulator.enabled = true;
    settings.dispatch.enabled = false;
    // Thousands of delivery reports a second are the measurement, not a flood.
    settings.webhooks.confirmations_per_second = 100_000;
    settings.security.master_key = Some(
        "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio="
            .to_owned()
            .into(),
    );
    let application = Application::build(settings).await.expect("the app starts");
    let address = format!("http://{}", application.address());
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());
    (address, state)
}

pub async fn fresh_postgres(base: &str) -> Option<String> {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(base).await.ok()?;
    let name = format!("cc_test_bench_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut connection)
        .await
        .ok()?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .ok()?;
    Some(format!("{}/{name}", base.rsplit_once('/')?.0))
}

/// Connects and activates «Волна» as its administrator would, through the app.
pub async fn connect(address: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client");
    let call = |path: &str, form: Vec<(&str, String)>| {
        client
            .post(format!("{address}/rpc/{path}"))
            .header("origin", address)
            .form(&form)
            .send()
    };
    call(
        "sign_in",
        vec![
            ("email", "admin@volna.example".into()),
            ("password", "Volna-Admin-2026".into()),
        ],
    )
    .await
    .expect("signed in");
    let view: serde_json::Value = call(
        "check_api_key",
        vec![("api_key", KEY.into()), ("version", "0".into())],
    )
    .await
    .expect("checked")
    .json()
    .await
    .expect("a view");
    let version = view["version"].as_i64().expect("a version");
    let view: serde_json::Value = call(
        "save_integration_settings",
        vec![
            ("provider_id", "b6f8a0c2-0001-4000-8000-0000a0000001".into()),
            ("send_interval_secs", "60".into()),
            ("version", version.to_string()),
        ],
    )
    .await
    .expect("saved")
    .json()
    .await
    .expect("a view");
    let version = view["version"].as_i64().expect("a version");
    call(
        "set_integration_active",
        vec![("active", "true".into()), ("version", version.to_string())],
    )
    .await
    .expect("activated");
    // No delivery reports during the run: they would compete for the database.
    client
        .put(format!(
            "{address}/intellectdialog-emulator/control/timings"
        ))
        .json(&serde_json::json!({ "delivered_after_ms": 3_600_000, "read_after_ms": 3_600_000 }))
        .send()
        .await
        .expect("timings set");
    client
}

/// The IntellectDialog admin employee of the emulator's «Волна».
pub const ADMIN_EMPLOYEE: &str = "b6f8a0c2-0001-4000-8000-0000e0000001";

/// The administrator works as the IntellectDialog admin (sees every dialog).
pub async fn map_admin(address: &str, admin: &reqwest::Client) {
    let mappings: serde_json::Value = admin
        .post(format!("{address}/rpc/user_mappings"))
        .header("origin", address)
        .send()
        .await
        .expect("the mappings")
        .json()
        .await
        .expect("JSON");
    let admin_id = mappings["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|user| user["email"] == "admin@volna.example")
        .expect("the admin")["staff_user_id"]
        .as_i64()
        .expect("an id");
    let mapped = admin
        .post(format!("{address}/rpc/set_user_mapping"))
        .header("origin", address)
        .form(&[
            ("staff_user_id", admin_id.to_string()),
            ("employee_id", ADMIN_EMPLOYEE.to_owned()),
        ])
        .send()
        .await
        .expect("mapped");
    assert!(mapped.status().is_success(), "mapping: {}", mapped.status());
}
