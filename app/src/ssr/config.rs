//! `Settings`: typed configuration, defaults in code, then `APP_*` environment overrides.
//!
//! `APP_DATABASE__URL` (or the conventional `DATABASE_URL`) picks the backend by
//! its scheme: `sqlite:` (default, a file under `./data/`) or `postgres://`.
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

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

    /// Reads defaults, then `APP_SECTION__KEY` variables, then `DATABASE_URL`.
    pub fn load() -> anyhow::Result<Self> {
        let mut builder = config::Config::builder()
            .set_default("server.address", "127.0.0.1:3000")?
            .set_default("server.allowed_origins", Vec::<String>::new())?
            .set_default("server.trusted_proxies", Vec::<String>::new())?
            .set_default("database.url", "sqlite://data/contact-center.db")?
            .set_default("database.max_connections", 8)?
            .set_default("session.ttl_hours", 12)?
            .set_default("sign_in.max_failures", 5)?
            .set_default("sign_in.window_minutes", 15)?
            .set_default("sign_in.per_client_per_minute", 30)?
            .set_default("sign_in.overall_per_second", 20)?
            .set_default("sign_in.hash_queue", 8)?
            .set_default("demo.seed", false)?
            .set_default("log.format", "pretty")?
            .set_default("intellectdialog.timeout_secs", 10)?
            .set_default("intellectdialog.whatsapp_web_types", Vec::<String>::new())?
            .set_default("emulator.enabled", false)?
            .set_default("security.master_key_file", "data/master.key")?
            .set_default("embedding.host_origins", Vec::<String>::new())?
            .set_default("embedding.audience", "contact-center")?
            .set_default("dispatch.enabled", true)?
            .set_default("chat.poll_secs", 5)?
            .set_default("webhooks.confirmations_per_second", 10)?
            .set_default("chat.max_streams_per_session", 8)?
            .set_default("chat.max_streams_per_property", 500)?
            .set_default("chat.max_streams_per_server", 5_000)?
            .add_source(
                config::Environment::with_prefix("APP")
                    .prefix_separator("_")
                    .separator("__")
                    .list_separator(",")
                    .with_list_parse_key("server.allowed_origins")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("embedding.host_origins")
                    .with_list_parse_key("intellectdialog.whatsapp_web_types")
                    .try_parsing(true),
            );
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database.url", url)?;
        }
        let settings: Settings = builder
            .build()?
            .try_deserialize()
            .context("reading configuration from APP_* environment variables")?;
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses values that would make the server misbehave, naming the variable.
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.session.ttl_hours > 0,
            "APP_SESSION__TTL_HOURS must be at least 1"
        );
        anyhow::ensure!(
            self.sign_in.max_failures > 0,
            "APP_SIGN_IN__MAX_FAILURES must be at least 1"
        );
        anyhow::ensure!(
            self.sign_in.window_minutes > 0,
            "APP_SIGN_IN__WINDOW_MINUTES must be at least 1"
        );
        anyhow::ensure!(
            self.sign_in.per_client_per_minute > 0,
            "APP_SIGN_IN__PER_CLIENT_PER_MINUTE must be at least 1"
        );
        anyhow::ensure!(
            self.sign_in.overall_per_second > 0,
            "APP_SIGN_IN__OVERALL_PER_SECOND must be at least 1"
        );
        anyhow::ensure!(
            self.sign_in.hash_queue <= 10_000,
            "APP_SIGN_IN__HASH_QUEUE must be at most 10000"
        );
        anyhow::ensure!(
            (1..=300).contains(&self.intellectdialog.timeout_secs),
            "APP_INTELLECTDIALOG__TIMEOUT_SECS must be between 1 and 300"
        );
        if let Some(base_url) = &self.intellectdialog.base_url {
            anyhow::ensure!(
                !self.emulator.enabled,
                "APP_EMULATOR__ENABLED and APP_INTELLECTDIALOG__BASE_URL cannot be set together: \
                 the emulator is a development stand-in for IntellectDialog; unset one of them"
            );
            anyhow::ensure!(
                base_url.starts_with("http://") || base_url.starts_with("https://"),
                "APP_INTELLECTDIALOG__BASE_URL must be an http(s) URL, got `{base_url}`"
            );
        }
        self.embedding.validate()?;
        if let Some(url) = &self.server.public_url {
            anyhow::ensure!(
                url.starts_with("http://") || url.starts_with("https://"),
                "APP_SERVER__PUBLIC_URL must be an http(s) URL, got `{url}`"
            );
        }
        if let Some(app_url) = &self.demo_host.app_url {
            anyhow::ensure!(
                app_url.starts_with("http://") || app_url.starts_with("https://"),
                "APP_DEMO_HOST__APP_URL must be an http(s) URL, got `{app_url}`"
            );
        }
        anyhow::ensure!(
            (1..=3_600).contains(&self.chat.poll_secs),
            "APP_CHAT__POLL_SECS must be between 1 and 3600"
        );
        if let Some(token) = &self.platform.token {
            anyhow::ensure!(
                token.expose_secret().trim().len() >= 32,
                "APP_PLATFORM__TOKEN must be at least 32 characters (e.g. `head -c 32 /dev/urandom | base64`)"
            );
        }
        if let Some(bad) = self
            .server
            .trusted_proxies
            .iter()
            .find(|address| address.trim().parse::<std::net::IpAddr>().is_err())
        {
            anyhow::bail!("APP_SERVER__TRUSTED_PROXIES must list IP addresses, not `{bad}`");
        }
        anyhow::ensure!(
            (1..=100_000).contains(&self.webhooks.confirmations_per_second),
            "APP_WEBHOOKS__CONFIRMATIONS_PER_SECOND must be between 1 and 100000"
        );
        for (value, variable) in [
            (
                self.chat.max_streams_per_session,
                "APP_CHAT__MAX_STREAMS_PER_SESSION",
            ),
            (
                self.chat.max_streams_per_property,
                "APP_CHAT__MAX_STREAMS_PER_PROPERTY",
            ),
            (
                self.chat.max_streams_per_server,
                "APP_CHAT__MAX_STREAMS_PER_SERVER",
            ),
        ] {
            anyhow::ensure!(
                (1..=1_000_000).contains(&value),
                "{variable} must be between 1 and 1000000"
            );
        }
        anyhow::ensure!(
            matches!(self.log.format.as_str(), "pretty" | "json"),
            "APP_LOG__FORMAT must be `pretty` or `json`, got `{}`",
            self.log.format
        );
        Ok(())
    }
}
