//! `Settings`: typed configuration, defaults in code, then `APP_*` environment overrides.
//!
//! `APP_DATABASE__URL` (or the conventional `DATABASE_URL`) picks the backend by
//! its scheme: `sqlite:` (default, a file under `./data/`) or `postgres://`.
use secrecy::SecretString;
use serde::Deserialize;

mod checks;
mod load;

/// All configuration of one server process.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub session: SessionSettings,
    pub sign_in: SignInSettings,
    pub demo: DemoSettings,
    pub log: LogSettings,
    pub intellectdialog: IntellectDialogSettings,
    pub emulator: EmulatorSettings,
    pub security: SecuritySettings,
    pub embedding: EmbeddingSettings,
    #[serde(default)]
    pub demo_host: DemoHostSettings,
    pub dispatch: DispatchSettings,
    pub chat: ChatSettings,
    #[serde(default)]
    pub metrics: MetricsSettings,
    pub webhooks: WebhookSettings,
    #[serde(default)]
    pub platform: PlatformSettings,
    /// `APP_ENV`: `development` or `production`; unset: development with
    /// the demo data (`APP_DEMO__SEED`), production without.
    #[serde(default)]
    pub env: Option<AppEnv>,
}

/// How careful the server must be with its configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppEnv {
    /// `make run`, demos, tests: published development secrets are accepted.
    Development,
    /// A real hotel's server: values published in the repository are refused.
    Production,
}

/// IntellectDialog's webhooks.
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookSettings {
    /// Events per second one property's webhooks may have confirmed with
    /// IntellectDialog (bursts of ten times that); beyond it an event is
    /// answered 503, so a flood at a leaked URL cannot spend the API's quota.
    pub confirmations_per_second: u32,
}

/// The host PMS's platform API (properties and their subscriptions).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlatformSettings {
    /// The bearer token of `/api/v1/platform/…`; unset: the API refuses everyone.
    pub token: Option<SecretString>,
}

/// Who may read `/metrics`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MetricsSettings {
    /// The bearer token a scraper sends (`Authorization: Bearer …`); unset:
    /// `/metrics` refuses everyone.
    pub token: Option<SecretString>,
}

/// The live chat streams of this instance.
#[derive(Debug, Clone, Deserialize)]
pub struct ChatSettings {
    /// How often a property's feed reads the database without being woken
    /// (a wake-up from another instance's `NOTIFY` that got lost).
    pub poll_secs: u64,
    /// Streams one session (a browser's tabs together) may hold open.
    pub max_streams_per_session: u32,
    /// Streams one property's users may hold open on this instance.
    pub max_streams_per_property: u32,
    /// Streams this instance holds open at most.
    pub max_streams_per_server: u32,
}

/// Embedding in a host PMS: who may frame the app and how launch tokens are signed.
#[derive(Debug, Clone, Deserialize)]
pub struct EmbeddingSettings {
    /// Origins (`https://pms.example`) allowed to frame the app and to talk
    /// to it with `postMessage`; `'self'` is always allowed.
    pub host_origins: Vec<String>,
    /// The HS256 secret launch tokens are signed with, for every property
    /// without its own (`property_secrets`).
    pub launch_secret: Option<SecretString>,
    /// Per-property secrets: `external_id=secret` pairs separated by commas.
    pub property_secrets: Option<SecretString>,
    /// The `aud` claim launch tokens must carry.
    pub audience: String,
}

/// The dispatch scheduler of this instance.
#[derive(Debug, Clone, Deserialize)]
pub struct DispatchSettings {
    /// Run the scheduler in this process (any number of instances may).
    pub enabled: bool,
}

/// The demo "PMS" page that embeds the app (development and demos only).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DemoHostSettings {
    /// Where it listens, e.g. `127.0.0.1:3002`; unset: not served.
    pub address: Option<String>,
    /// The app's address as the browser reaches it from the demo host page;
    /// unset: `http://<the app's listen address>`.
    pub app_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SecuritySettings {
    /// Base64 of 32 random bytes that encrypts API keys at rest. Unset: a key
    /// is generated into `master_key_file` on first run (development).
    pub master_key: Option<SecretString>,
    pub master_key_file: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IntellectDialogSettings {
    /// The API's base URL; unset means the real service, or the in-process
    /// emulator when that is enabled.
    pub base_url: Option<String>,
    /// How long one call may take before it counts as failed (transient).
    pub timeout_secs: u64,
    /// Where account requests go (IntellectDialog's sales contact); unset
    /// means the in-process emulator records them when it is enabled.
    pub account_request_url: Option<String>,
    /// More provider type names or type ids that are WhatsApp Web accounts
    /// (besides «WhatsApp Web» however spelled).
    #[serde(default)]
    pub whatsapp_web_types: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EmulatorSettings {
    /// Serve the IntellectDialog emulator inside the app (development, demos, tests).
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    /// Where the HTTP server listens, e.g. `127.0.0.1:3000` (port 0 picks a free one).
    pub address: String,
    /// Set cookies with `Secure`; unset: on exactly when `public_url` is https.
    pub secure_cookies: Option<bool>,
    /// Other origins allowed to post to state-changing endpoints (besides our own).
    pub allowed_origins: Vec<String>,
    /// Reverse proxies in front of this server (their addresses): behind
    /// them, the client is the one they name in `X-Forwarded-For`.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// The server's public base URL (webhooks registered with IntellectDialog
    /// point there); unset: `http://<address>`.
    pub public_url: Option<String>,
}

impl ServerSettings {
    /// Where IntellectDialog and browsers reach this server: the configured
    /// public URL, else `http://<the bound address>`; no trailing slash.
    pub fn public_url_or(&self, bound: std::net::SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
            .trim_end_matches('/')
            .to_owned()
    }

    /// Whether cookies carry `Secure`: as configured, else when the public URL is https.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.public_url
                .as_deref()
                .is_some_and(|url| url.starts_with("https://"))
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://data/contact-center.db` or `postgres://user@host/db`; may hold a password.
    pub url: SecretString,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SessionSettings {
    /// How long a session lasts after sign-in.
    pub ttl_hours: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SignInSettings {
    /// Failed attempts per e-mail allowed inside the window before sign-in is refused.
    pub max_failures: i64,
    pub window_minutes: i64,
    /// Sign-in attempts one client address may make per minute.
    pub per_client_per_minute: u32,
    /// Sign-in attempts all clients together may make per second (twice
    /// that in a burst).
    pub overall_per_second: u32,
    /// Password checks that may wait for a core before attempts are refused.
    pub hash_queue: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoSettings {
    /// Create the demo properties and users on start (idempotent).
    pub seed: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// `pretty` for people, `json` for log collectors.
    pub format: String,
}

impl Settings {
    /// Whether this server runs for real (see [`AppEnv`]).
    pub fn is_production(&self) -> bool {
        match self.env {
            Some(env) => env == AppEnv::Production,
            None => !self.demo.seed,
        }
    }
}
