//! Reading the settings: defaults in code, then the environment.
use super::Settings;
use anyhow::Context;

impl Settings {
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
}
