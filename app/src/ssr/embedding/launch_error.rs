//! Why a launch was refused, told to the PMS developer who must fix it and to
//! the hotel employee who sees the page.
use axum::http::StatusCode;

/// A refused `/launch`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LaunchError {
    #[error("no token in the launch address")]
    MissingToken,
    #[error("the token is not a well-formed launch token: {0}")]
    Malformed(String),
    #[error("the token is signed with {0}, not HS256")]
    WrongAlgorithm(String),
    #[error("no launch secret is configured for property `{0}`")]
    NotConfigured(String),
    #[error("the signature does not match the shared secret")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token lives longer than 5 minutes or was issued in the future")]
    LifetimeTooLong,
    #[error("the token's audience is not `{expected}`")]
    WrongAudience { expected: String },
    #[error("the token was already used (jti `{0}`)")]
    Replayed(String),
    #[error("no property with external id `{0}`")]
    UnknownProperty(String),
    #[error("the property `{0}` was deactivated by the PMS")]
    PropertyDeactivated(String),
    #[error("the user `{0}` was deactivated by the PMS")]
    UserDeactivated(String),
    #[error("the e-mail `{0}` belongs to another user")]
    EmailTaken(String),
    #[error("the server could not complete the launch")]
    Internal,
}

impl LaunchError {
    /// A stable code the host's developers can search for.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingToken => "missing_token",
            Self::Malformed(_) => "malformed_token",
            Self::WrongAlgorithm(_) => "wrong_algorithm",
            Self::NotConfigured(_) => "not_configured",
            Self::BadSignature => "bad_signature",
            Self::Expired => "expired",
            Self::LifetimeTooLong => "lifetime_too_long",
            Self::WrongAudience { .. } => "wrong_audience",
            Self::Replayed(_) => "replayed",
            Self::UnknownProperty(_) => "unknown_property",
            Self::PropertyDeactivated(_) => "property_deactivated",
            Self::UserDeactivated(_) => "user_deactivated",
            Self::EmailTaken(_) => "email_taken",
            Self::Internal => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingToken | Self::Malformed(_) | Self::WrongAlgorithm(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::UnknownProperty(_) => StatusCode::NOT_FOUND,
            Self::UserDeactivated(_) | Self::PropertyDeactivated(_) => StatusCode::FORBIDDEN,
            Self::EmailTaken(_) => StatusCode::CONFLICT,
            Self::NotConfigured(_) | Self::Internal => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadSignature
            | Self::Expired
            | Self::LifetimeTooLong
            | Self::WrongAudience { .. }
            | Self::Replayed(_) => StatusCode::UNAUTHORIZED,
        }
    }

    /// What the host PMS must change, in English for its developers.
    pub fn fix(&self) -> String {
        match self {
            Self::MissingToken => "Open /launch?token=<JWT> with a token minted for this user.".into(),
            Self::Malformed(_) => "Send a JWT (header.payload.signature, base64url) whose payload has \
                 aud, iat, exp, jti, property, sub, name, email and role (admin or staff); \
                 locale (ru or en) and page are optional.".into(),
            Self::WrongAlgorithm(_) => "Sign the token with HS256 (header {\"alg\":\"HS256\",\"typ\":\"JWT\"}).".into(),
            Self::NotConfigured(_) => "Configure APP_EMBEDDING__LAUNCH_SECRET (or this property in \
                 APP_EMBEDDING__PROPERTY_SECRETS) on the Contact Center server.".into(),
            Self::BadSignature => "Sign with the secret configured on the Contact Center server for \
                 this property (APP_EMBEDDING__PROPERTY_SECRETS, else APP_EMBEDDING__LAUNCH_SECRET).".into(),
            Self::Expired => "Mint a fresh token for every launch, just before opening the frame; \
                 check the PMS server's clock.".into(),
            Self::LifetimeTooLong => "Set iat to the current time and exp at most 300 seconds later; \
                 check the PMS server's clock.".into(),
            Self::WrongAudience { expected } => format!("Set the aud claim to \"{expected}\"."),
            Self::Replayed(_) => "Mint a new token with a new unique jti for every launch; a token \
                 opens one session only.".into(),
            Self::UnknownProperty(_) => "Put the property's external id, as registered in the \
                 Contact Center, in the property claim.".into(),
            Self::UserDeactivated(_) => "Reactivate the user through the user sync API \
                 (PUT /api/v1/staff-users/{sub} with \"active\": true).".into(),
            Self::PropertyDeactivated(_) => "Provision the property again through the platform \
                 API (PUT /api/v1/platform/properties/{property}).".into(),
            Self::EmailTaken(_) => "Send this user's own e-mail, or link the existing account by \
                 giving it this external id through the user sync API.".into(),
            Self::Internal => "Try again shortly; the server log says what failed.".into(),
        }
    }

    /// What the hotel employee should do, in Russian (the product's language).
    pub fn advice_ru(&self) -> &'static str {
        match self {
            Self::Expired | Self::Replayed(_) => {
                "Ссылка для входа устарела. Откройте Контакт-центр из PMS ещё раз."
            }
            Self::UserDeactivated(_) => {
                "Ваша учётная запись отключена. Обратитесь к администратору отеля."
            }
            Self::Internal => "Сервис временно недоступен. Попробуйте ещё раз через минуту.",
            Self::PropertyDeactivated(_) => {
                "Контакт-центр этого отеля отключён в PMS. Обратитесь к администратору PMS."
            }
            _ => "PMS передала неверные данные для входа. Сообщите администратору или в поддержку PMS: \
                  код ошибки указан ниже.",
        }
    }
}
