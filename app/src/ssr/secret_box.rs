//! Encryption at rest of per-property secrets (the IntellectDialog API key):
//! XChaCha20-Poly1305 under a master key from configuration.
//!
//! A sealed value is `base64(nonce ‖ ciphertext)`; the property id is bound as
//! associated data, so a value copied to another property's row does not open.
use anyhow::Context;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{AeadCore, XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;

const NONCE_LEN: usize = 24;

/// Seals and opens secrets with the master key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SecretBox(..)")
    }
}

/// A sealed value that does not open: wrong master key, or tampered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored secret could not be decrypted (was the master key changed?)")]
pub struct OpenError;

impl SecretBox {
    /// From a base64-encoded 32-byte key, as in `APP_SECURITY__MASTER_KEY`.
    pub fn from_base64(encoded: &str) -> anyhow::Result<Self> {
        let bytes = STANDARD
            .decode(encoded.trim())
            .context("APP_SECURITY__MASTER_KEY is not valid base64")?;
        anyhow::ensure!(
            bytes.len() == 32,
            "APP_SECURITY__MASTER_KEY must be 32 bytes (44 base64 characters), got {} bytes",
            bytes.len()
        );
        Ok(Self {
            cipher: XChaCha20Poly1305::new_from_slice(&bytes).context("building the cipher")?,
        })
    }

    /// Reads the development key from `path`, creating a random one there the
    /// first time. Returns whether it was created.
    pub fn load_or_create(path: &Path) -> anyhow::Result<(Self, bool)> {
        if path.exists() {
            let encoded = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            return Ok((
                Self::from_base64(&encoded).with_context(|| format!("in {}", path.display()))?,
                false,
            ));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let encoded = STANDARD.encode(key);
        match create_private(path) {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(format!("{encoded}\n").as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                Ok((Self::from_base64(&encoded)?, true))
            }
            // Another process created it first: use theirs, or keys sealed by
            // one process would not open in the other.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok((Self::load_or_create(path)?.0, false))
            }
            Err(error) => Err(error).with_context(|| format!("creating {}", path.display())),
        }
    }

    /// Encrypts `secret` for the row identified by `context`.
    pub fn seal(&self, secret: &SecretString, context: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: secret.expose_secret().as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption of an in-memory buffer cannot fail with this cipher.
        let ciphertext = self.cipher.encrypt(&nonce, payload).unwrap_or_default();
        let mut sealed = nonce.to_vec();
        sealed.extend_from_slice(&ciphertext);
        STANDARD.encode(sealed)
    }

    /// Decrypts a value sealed for `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<SecretString, OpenError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| OpenError)?;
        if bytes.len() <= NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        let plaintext = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| OpenError)?;
        String::from_utf8(plaintext)
            .map(SecretString::from)
            .map_err(|_| OpenError)
    }
}

/// Creates `path` only if it does not exist yet, readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// `••••1a2b`: enough to recognise a key, never enough to use it.
pub fn masked(hint: &str) -> String {
    format!("••••••••{hint}")
}

/// The last four characters of a key, kept in clear for [`masked`]; nothing
/// for a key so short that four characters would give too much away.
pub fn hint(secret: &SecretString) -> String {
    let key = secret.expose_secret();
    if key.chars().count() < 12 {
        return String::new();
    }
    let start = key
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(index, _)| index);
    key[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_box() -> SecretBox {
        SecretBox::from_base64(&STANDARD.encode([7u8; 32])).unwrap()
    }

    #[test]
    fn a_sealed_key_opens_only_for_its_own_row() {
        let key = SecretString::from("idk-demo-volna-6f1d2c9a8b7e4f30");
        let sealed = secret_box().seal(&key, "property:1");
        assert!(!sealed.contains("idk-demo"));
        assert_eq!(
            secret_box()
                .open(&sealed, "property:1")
                .unwrap()
                .expose_secret(),
            key.expose_secret()
        );
        assert_eq!(
            secret_box().open(&sealed, "property:2").err(),
            Some(OpenError)
        );
    }

    #[test]
    fn another_master_key_or_a_tampered_value_does_not_open() {
        let sealed = secret_box().seal(&SecretString::from("secret"), "property:1");
        let other = SecretBox::from_base64(&STANDARD.encode([8u8; 32])).unwrap();
        assert_eq!(other.open(&sealed, "property:1").err(), Some(OpenError));
        assert_eq!(
            secret_box().open("AAAA", "property:1").err(),
            Some(OpenError)
        );
    }

    #[test]
    fn a_wrong_master_key_is_refused_with_the_variable_name() {
        let error = SecretBox::from_base64("c2hvcnQ=").unwrap_err().to_string();
        assert!(error.contains("APP_SECURITY__MASTER_KEY"), "{error}");
    }

    #[test]
    fn keys_are_shown_masked() {
        assert_eq!(
            masked(&hint(&SecretString::from("abcdef123456"))),
            "••••••••3456"
        );
        assert_eq!(hint(&SecretString::from("short-key")), "");
    }
}
