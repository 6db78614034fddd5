//! Password hashing with argon2id (PHC strings in the database).
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Longest password we hash; longer input is refused before any work is done.
pub const PASSWORD_MAX_LEN: usize = 1024;

/// Hashes `password` into a PHC string (argon2id, default parameters, random salt).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("hashing a password: {error}"))
}

/// True when `password` matches the PHC string `hash`; false for a malformed hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A valid hash of no one's password, verified when the e-mail is unknown so
/// that response times do not reveal which e-mails have accounts.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password that never matches").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("Volna-Admin-2026").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Volna-Admin-2026", &hash));
        assert!(!verify_password("volna-admin-2026", &hash));
    }

    #[test]
    fn a_malformed_hash_never_verifies() {
        assert!(!verify_password("anything", "not a hash"));
    }
}
