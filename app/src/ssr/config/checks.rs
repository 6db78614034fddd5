//! Refusing settings that would make the server misbehave, naming the
//! variable to fix.
use super::Settings;
use secrecy::ExposeSecret;

impl Settings {
    /// Refuses values that would make the server misbehave, naming the variable.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.check_sign_in()?;
        self.check_addresses()?;
        self.embedding.validate()?;
        self.check_capacities()?;
        if let Some(token) = &self.platform.token {
            anyhow::ensure!(
                token.expose_secret().trim().len() >= 32,
                "APP_PLATFORM__TOKEN must be at least 32 characters (e.g. `head -c 32 /dev/urandom | base64`)"
            );
        }
        anyhow::ensure!(
            matches!(self.log.format.as_str(), "pretty" | "json"),
            "APP_LOG__FORMAT must be `pretty` or `json`, got `{}`",
            self.log.format
        );
        Ok(())
    }

    /// Sessions and sign-in limits.
    fn check_sign_in(&self) -> anyhow::Result<()> {
        for (value, variable) in [
            (self.session.ttl_hours, "APP_SESSION__TTL_HOURS"),
            (self.sign_in.max_failures, "APP_SIGN_IN__MAX_FAILURES"),
            (self.sign_in.window_minutes, "APP_SIGN_IN__WINDOW_MINUTES"),
            (
                i64::from(self.sign_in.per_client_per_minute),
                "APP_SIGN_IN__PER_CLIENT_PER_MINUTE",
            ),
            (
                i64::from(self.sign_in.overall_per_second),
                "APP_SIGN_IN__OVERALL_PER_SECOND",
            ),
        ] {
            anyhow::ensure!(value > 0, "{variable} must be at least 1");
        }
        anyhow::ensure!(
            self.sign_in.hash_queue <= 10_000,
            "APP_SIGN_IN__HASH_QUEUE must be at most 10000"
        );
        Ok(())
    }

    /// URLs and addresses: IntellectDialog, the public URL, the demo host, proxies.
    fn check_addresses(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            (1..=300).contains(&self.intellectdialog.timeout_secs),
            "APP_INTELLECTDIALOG__TIMEOUT_SECS must be between 1 and 300"
        );
        if self.intellectdialog.base_url.is_some() {
            anyhow::ensure!(
                !self.emulator.enabled,
                "APP_EMULATOR__ENABLED and APP_INTELLECTDIALOG__BASE_URL cannot be set together: \
                 the emulator is a development stand-in for IntellectDialog; unset one of them"
            );
        }
        for (url, variable) in [
            (
                &self.intellectdialog.base_url,
                "APP_INTELLECTDIALOG__BASE_URL",
            ),
            (&self.server.public_url, "APP_SERVER__PUBLIC_URL"),
            (&self.demo_host.app_url, "APP_DEMO_HOST__APP_URL"),
        ] {
            if let Some(url) = url {
                anyhow::ensure!(
                    url.starts_with("http://") || url.starts_with("https://"),
                    "{variable} must be an http(s) URL, got `{url}`"
                );
            }
        }
        if let Some(bad) = self
            .server
            .trusted_proxies
            .iter()
            .find(|address| address.trim().parse::<std::net::IpAddr>().is_err())
        {
            anyhow::bail!("APP_SERVER__TRUSTED_PROXIES must list IP addresses, not `{bad}`");
        }
        Ok(())
    }

    /// Polling, webhook confirmations and stream caps.
    fn check_capacities(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            (1..=3_600).contains(&self.chat.poll_secs),
            "APP_CHAT__POLL_SECS must be between 1 and 3600"
        );
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
        Ok(())
    }
}
