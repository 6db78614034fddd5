//! Secrets published in this repository (the README, `make run`, the test
//! configurations): anyone can read them, so a production server
//! (`APP_ENV=production`, the default without the demo data) refuses to
//! start with any of them, naming the variable. The demo PMS token is
//! checked in the database at start.
use super::config::Settings;
use super::db::Db;
use secrecy::ExposeSecret;

/// Launch secrets of `make run` and the browser tests.
pub const LAUNCH_SECRETS: [&str; 2] = [
    "dev-launch-secret-change-me-0123456789",
    "e2e-launch-secret-0123456789abcdefghij",
];

/// The master key of the integration and browser tests.
pub const MASTER_KEYS: [&str; 1] = ["KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio="];

/// The metrics token `make run` uses.
pub const METRICS_TOKENS: [&str; 1] = ["dev-metrics-token"];

/// Every published value among the settings, as the variable that holds it.
pub fn published_settings(settings: &Settings) -> Vec<&'static str> {
    let mut found = Vec::new();
    let is = |value: Option<&secrecy::SecretString>, published: &[&str]| {
        value.is_some_and(|value| published.contains(&value.expose_secret().trim()))
    };
    if is(settings.embedding.launch_secret.as_ref(), &LAUNCH_SECRETS) {
        found.push("APP_EMBEDDING__LAUNCH_SECRET");
    }
    let per_property = settings
        .embedding
        .property_secrets
        .as_ref()
        .map(|secrets| secrets.expose_secret().to_owned())
        .unwrap_or_default();
    if per_property
        .split(',')
        .filter_map(|entry| entry.split_once('='))
        .any(|(_, secret)| LAUNCH_SECRETS.contains(&secret.trim()))
    {
        found.push("APP_EMBEDDING__PROPERTY_SECRETS");
    }
    if is(settings.security.master_key.as_ref(), &MASTER_KEYS) {
        found.push("APP_SECURITY__MASTER_KEY");
    }
    if is(settings.metrics.token.as_ref(), &METRICS_TOKENS) {
        found.push("APP_METRICS__TOKEN");
    }
    found
}

/// Refuses published values in production: in the configuration, and the
/// demo PMS token still live in the database.
pub async fn refuse_published(settings: &Settings, db: &Db, now: i64) -> anyhow::Result<()> {
    if !settings.is_production() {
        return Ok(());
    }
    let mut problems: Vec<String> = published_settings(settings)
        .into_iter()
        .map(|variable| {
            format!("{variable} holds a value published in the project's repository; set a secret of your own")
        })
        .collect();
    let demo_token = super::demo::DEMO_PMS_TOKEN;
    if super::auth::pms_token::property_of(db, demo_token, now)
        .await?
        .is_some()
    {
        problems.push(
            "the database still accepts the published demo PMS token (ccpms_demo-…); revoke it: \
             contact-center pms-token --property demo-volna --revoke demo"
                .to_owned(),
        );
    }
    anyhow::ensure!(
        problems.is_empty(),
        "refusing to start in production (APP_ENV=production, or unset without APP_DEMO__SEED):\n  - {}",
        problems.join("\n  - ")
    );
    Ok(())
}
