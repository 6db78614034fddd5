//! `AppState`: what every request handler and server function needs.
use super::config::Settings;
use super::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Shared, cheaply cloned state of one server process.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub leptos_options: LeptosOptions,
    pub intellectdialog: IntellectDialogAccess,
    /// Seals per-property secrets (API keys) at rest.
    pub secret_box: super::secret_box::SecretBox,
    /// Counters of this instance's dispatch scheduler.
    pub dispatch_metrics: Arc<super::metrics::Metrics>,
    /// Wakes this instance's chat event streams.
    pub chat_hub: super::events::ChatHub,
    /// How often each background task had to be restarted.
    pub task_restarts: Arc<TaskRestarts>,
    /// Numbers this instance's scheduler leaves be for a while.
    pub sender_waits: Arc<SenderWaits>,
    /// How many webhook events per property may be confirmed with IntellectDialog.
    pub webhook_budget: Arc<governor::DefaultKeyedRateLimiter<crate::domain::PropertyId>>,
    /// Limits sign-in attempts and bounds the password hashing they cause.
    pub sign_in_guard: Arc<super::auth::sign_in_guard::SignInGuard>,
    /// Cancelled when the server begins to shut down: streams end, and
    /// background work finishes its round.
    pub stopping: tokio_util::sync::CancellationToken,
}

/// Restarts of supervised background tasks, by task name (`/metrics`).
#[derive(Debug, Default)]
pub struct TaskRestarts(std::sync::Mutex<std::collections::BTreeMap<&'static str, u64>>);

impl TaskRestarts {
    pub fn add(&self, task: &'static str) {
        if let Ok(mut counts) = self.0.lock() {
            *counts.entry(task).or_default() += 1;
        }
    }

    /// The counts so far, by task name.
    pub fn counts(&self) -> Vec<(&'static str, u64)> {
        self.0
            .lock()
            .map(|counts| counts.iter().map(|(task, count)| (*task, *count)).collect())
            .unwrap_or_default()
    }
}

/// Until when this instance's scheduler does not ask a number that must wait
/// (a window, a cap, a pause) again, by (property, provider). Only a hint:
/// the claim decides. A policy saved or a number resumed here forgets it.
#[derive(Debug, Default)]
pub struct SenderWaits(
    std::sync::Mutex<std::collections::HashMap<(crate::domain::PropertyId, String), i64>>,
);

impl SenderWaits {
    pub fn until(&self, key: &(crate::domain::PropertyId, String)) -> Option<i64> {
        self.0.lock().ok()?.get(key).copied()
    }

    pub fn set(&self, key: (crate::domain::PropertyId, String), until: i64) {
        if let Ok(mut waits) = self.0.lock() {
            waits.insert(key, until);
        }
    }

    /// Every number of `property_id` is asked again at the next tick.
    pub fn forget(&self, property_id: crate::domain::PropertyId) {
        if let Ok(mut waits) = self.0.lock() {
            waits.retain(|(property, _), _| *property != property_id);
        }
    }
}

/// How to reach IntellectDialog: one connection pool, the resolved base URL.
#[derive(Clone, Debug)]
pub struct IntellectDialogAccess {
    pub http: reqwest::Client,
    pub base_url: String,
    /// Where account requests are forwarded (IntellectDialog's sales contact).
    pub account_request_url: Option<String>,
}

impl IntellectDialogAccess {
    /// A client acting with one organisation's key.
    pub fn client(&self, key: secrecy::SecretString) -> super::intellectdialog::Client {
        super::intellectdialog::Client::new(self.http.clone(), &self.base_url, key)
    }
}

impl AppState {
    /// Where IntellectDialog and browsers reach this server:
    /// `APP_SERVER__PUBLIC_URL`, else its listen address.
    pub fn public_url(&self) -> String {
        self.settings
            .server
            .public_url_or(self.leptos_options.site_addr)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state provided to server functions, or `Internal` when it is missing.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState was not provided to the server function context");
        crate::error::AppError::Internal
    })
}
