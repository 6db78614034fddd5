//! Launch tokens: JWT HS256 minted by the host PMS for one user and one launch.
use super::LaunchError;
use crate::domain::Role;
use crate::ssr::config::EmbeddingSettings;
use base64::Engine;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

/// The longest a token may live (`exp - iat`), in seconds.
pub const TOKEN_MAX_LIFETIME_SECS: i64 = 300;
/// Clock difference tolerated between the PMS and us, in seconds.
const LEEWAY_SECS: i64 = 30;

/// What a launch token says. Times are Unix seconds, as JWT has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchClaims {
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    /// Unique per launch; a token is accepted once.
    pub jti: String,
    /// The property's external id.
    pub property: String,
    /// The user's id in the PMS.
    pub sub: String,
    pub name: String,
    pub email: String,
    /// `admin` or `staff`.
    pub role: String,
    /// `ru` or `en`; absent keeps the user's choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The path to open, e.g. `/guests/chats`; absent opens the Contact Center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

impl LaunchClaims {
    pub fn role(&self) -> Result<Role, LaunchError> {
        Role::parse(&self.role).ok_or_else(|| {
            LaunchError::Malformed(format!("role must be admin or staff, got `{}`", self.role))
        })
    }
}

/// Signs `claims` with `secret` (the host's side; used by the demo host and tests).
pub fn mint(claims: &LaunchClaims, secret: &str) -> Result<String, jsonwebtoken::errors::Error> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
}

/// Checks a token's algorithm, signature (with its property's secret),
/// audience, lifetime and content at `now` (Unix seconds). Replay is checked
/// by the caller, against the database.
pub fn verify(
    settings: &EmbeddingSettings,
    token: &str,
    now: i64,
) -> Result<LaunchClaims, LaunchError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(LaunchError::MissingToken);
    }
    let header = jsonwebtoken::decode_header(token)
        .map_err(|error| LaunchError::Malformed(format!("unreadable header ({error})")))?;
    if header.alg != Algorithm::HS256 {
        return Err(LaunchError::WrongAlgorithm(format!("{:?}", header.alg)));
    }
    let property = unverified_property(token)?;
    let secret = settings
        .secret_for(&property)
        .ok_or_else(|| LaunchError::NotConfigured(property.clone()))?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[settings.audience.as_str()]);
    validation.set_required_spec_claims(&["exp", "aud"]);
    validation.leeway = LEEWAY_SECS as u64;
    let claims = jsonwebtoken::decode::<LaunchClaims>(
        token,
        &DecodingKey::from_secret(secret.expose_secret().as_bytes()),
        &validation,
    )
    .map_err(|error| match error.kind() {
        ErrorKind::InvalidSignature => LaunchError::BadSignature,
        ErrorKind::ExpiredSignature => LaunchError::Expired,
        ErrorKind::InvalidAudience => LaunchError::WrongAudience {
            expected: settings.audience.clone(),
        },
        ErrorKind::InvalidAlgorithm => LaunchError::WrongAlgorithm(format!("{:?}", header.alg)),
        _ => LaunchError::Malformed(error.to_string()),
    })?
    .claims;
    // jsonwebtoken compares `exp` with its own clock; ours is the one injected.
    if claims.exp.saturating_add(LEEWAY_SECS) < now {
        return Err(LaunchError::Expired);
    }
    let lifetime = claims.exp.checked_sub(claims.iat);
    if lifetime.is_none_or(|lifetime| lifetime > TOKEN_MAX_LIFETIME_SECS)
        || claims.iat > now + LEEWAY_SECS
    {
        return Err(LaunchError::LifetimeTooLong);
    }
    check_content(&claims)?;
    Ok(claims)
}

/// The `property` claim read before the signature is checked, only to pick the secret.
fn unverified_property(token: &str) -> Result<String, LaunchError> {
    #[derive(Deserialize)]
    struct PropertyOnly {
        property: Option<String>,
    }
    let payload = token
        .split('.')
        .nth(1)
        .ok_or_else(|| LaunchError::Malformed("not three dot-separated parts".into()))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| LaunchError::Malformed("the payload is not base64url".into()))?;
    let parsed: PropertyOnly = serde_json::from_slice(&bytes)
        .map_err(|_| LaunchError::Malformed("the payload is not a JSON object".into()))?;
    parsed
        .property
        .filter(|property| !property.trim().is_empty())
        .ok_or_else(|| LaunchError::Malformed("the property claim is missing".into()))
}

fn check_content(claims: &LaunchClaims) -> Result<(), LaunchError> {
    let required = [
        ("jti", &claims.jti),
        ("sub", &claims.sub),
        ("name", &claims.name),
        ("email", &claims.email),
    ];
    for (claim, value) in required {
        if value.trim().is_empty() {
            return Err(LaunchError::Malformed(format!(
                "the {claim} claim is empty"
            )));
        }
        if value.len() > 200 {
            return Err(LaunchError::Malformed(format!(
                "the {claim} claim is longer than 200 characters"
            )));
        }
    }
    claims.role()?;
    if crate::domain::Email::parse(&claims.email).is_err() {
        return Err(LaunchError::Malformed(format!(
            "the email claim `{}` is not an e-mail address",
            claims.email
        )));
    }
    if let Some(locale) = &claims.locale {
        if !matches!(locale.as_str(), "ru" | "en") {
            return Err(LaunchError::Malformed(format!(
                "locale must be ru or en, got `{locale}`"
            )));
        }
    }
    Ok(())
}
