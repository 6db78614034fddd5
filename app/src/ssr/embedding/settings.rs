//! Checks and derived values of [`EmbeddingSettings`]: host origins, the
//! `frame-ancestors` policy and which secret signs a property's tokens.
use crate::ssr::config::EmbeddingSettings;
use secrecy::{ExposeSecret, SecretString};

/// Shortest secret accepted: HS256 wants at least as many bytes as its output.
pub const MIN_SECRET_LEN: usize = 32;

impl EmbeddingSettings {
    /// Refuses malformed origins and short or malformed secrets, naming the variable.
    pub fn validate(&self) -> anyhow::Result<()> {
        for origin in &self.host_origins {
            anyhow::ensure!(
                is_origin(origin),
                "APP_EMBEDDING__HOST_ORIGINS must list origins like `https://pms.example` \
                 or `http://localhost:3002` (scheme, host and port only), got `{origin}`"
            );
        }
        if let Some(secret) = &self.launch_secret {
            anyhow::ensure!(
                secret.expose_secret().len() >= MIN_SECRET_LEN,
                "APP_EMBEDDING__LAUNCH_SECRET must be at least {MIN_SECRET_LEN} characters long"
            );
        }
        for entry in self.property_secret_entries() {
            let (property, secret) = entry.map_err(|bad| {
                anyhow::anyhow!(
                    "APP_EMBEDDING__PROPERTY_SECRETS must be `external_id=secret` pairs \
                     separated by commas; `{bad}` is not one"
                )
            })?;
            anyhow::ensure!(
                secret.len() >= MIN_SECRET_LEN,
                "APP_EMBEDDING__PROPERTY_SECRETS: the secret of `{property}` must be at least \
                 {MIN_SECRET_LEN} characters long"
            );
        }
        anyhow::ensure!(
            !self.audience.trim().is_empty(),
            "APP_EMBEDDING__AUDIENCE must not be empty"
        );
        Ok(())
    }

    /// The secret that signs launch tokens of the property with `external_id`:
    /// its own if configured, else the global one.
    pub fn secret_for(&self, external_id: &str) -> Option<SecretString> {
        self.property_secret_entries()
            .filter_map(Result::ok)
            .find(|(property, _)| *property == external_id)
            .map(|(_, secret)| SecretString::from(secret.to_owned()))
            .or_else(|| self.launch_secret.clone())
    }

    /// True when `origin` (as a browser reports it) may frame the app.
    pub fn allows_host(&self, origin: &str) -> bool {
        self.host_origins
            .iter()
            .any(|allowed| allowed.trim_end_matches('/') == origin)
    }

    /// The `Content-Security-Policy` value: `'self'` and the host origins.
    pub fn frame_ancestors(&self) -> String {
        let mut policy = String::from("frame-ancestors 'self'");
        for origin in &self.host_origins {
            policy.push(' ');
            policy.push_str(origin.trim_end_matches('/'));
        }
        policy
    }

    fn property_secret_entries(&self) -> impl Iterator<Item = Result<(&str, &str), &str>> {
        self.property_secrets
            .as_ref()
            .map(|secrets| secrets.expose_secret())
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| match entry.split_once('=') {
                Some((property, secret)) if !property.trim().is_empty() => {
                    Ok((property.trim(), secret.trim()))
                }
                _ => Err(entry.split('=').next().unwrap_or(entry)),
            })
    }
}

/// `scheme://host[:port]` with nothing after it.
fn is_origin(value: &str) -> bool {
    let value = value.trim_end_matches('/');
    let Some((scheme, authority)) = value.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && !authority.contains(['/', '?', '#', '@', ' ', '*'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(
        origins: &[&str],
        global: Option<&str>,
        per_property: Option<&str>,
    ) -> EmbeddingSettings {
        EmbeddingSettings {
            host_origins: origins.iter().map(|origin| (*origin).to_owned()).collect(),
            launch_secret: global.map(|secret| SecretString::from(secret.to_owned())),
            property_secrets: per_property.map(|secrets| SecretString::from(secrets.to_owned())),
            audience: "contact-center".to_owned(),
        }
    }

    const LONG: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn frame_ancestors_lists_self_and_exactly_the_configured_origins() {
        let embedding = settings(
            &["https://pms.example/", "http://localhost:3002"],
            None,
            None,
        );
        assert_eq!(
            embedding.frame_ancestors(),
            "frame-ancestors 'self' https://pms.example http://localhost:3002"
        );
        assert!(embedding.allows_host("https://pms.example"));
        assert!(!embedding.allows_host("https://pms.example.evil"));
        assert_eq!(
            settings(&[], None, None).frame_ancestors(),
            "frame-ancestors 'self'"
        );
    }

    #[test]
    fn malformed_origins_and_short_secrets_are_refused_by_name() {
        let error = settings(&["pms.example"], None, None)
            .validate()
            .unwrap_err();
        assert!(error.to_string().contains("APP_EMBEDDING__HOST_ORIGINS"));
        assert!(settings(&["https://pms.example/path"], None, None)
            .validate()
            .is_err());
        assert!(settings(&["https://*.example"], None, None)
            .validate()
            .is_err());
        let error = settings(&[], Some("short"), None).validate().unwrap_err();
        assert!(error.to_string().contains("APP_EMBEDDING__LAUNCH_SECRET"));
        let error = settings(&[], None, Some("volna")).validate().unwrap_err();
        assert!(error.to_string().contains("`volna` is not one"));
        let error = settings(&[], None, Some("volna=short"))
            .validate()
            .unwrap_err();
        assert!(error.to_string().contains("secret of `volna`"));
        assert!(settings(
            &["https://pms.example"],
            Some(LONG),
            Some(&format!("volna={LONG}"))
        )
        .validate()
        .is_ok());
    }

    #[test]
    fn a_property_secret_wins_over_the_global_one() {
        let own = format!("{LONG}-volna");
        let embedding = settings(&[], Some(LONG), Some(&format!("volna={own}, briz={LONG}x")));
        assert_eq!(
            embedding
                .secret_for("volna")
                .map(|s| s.expose_secret().to_owned()),
            Some(own)
        );
        assert_eq!(
            embedding
                .secret_for("sever")
                .map(|s| s.expose_secret().to_owned()),
            Some(LONG.to_owned())
        );
        assert!(settings(&[], None, None).secret_for("volna").is_none());
    }
}
