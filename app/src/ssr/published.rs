//! Secrets published in this repository (the README, `make run`, the test
//! configurations): anyone can read them, so a production server refuses
//! to start with any of them (`production`), naming the variable.
use super::config::Settings;
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
