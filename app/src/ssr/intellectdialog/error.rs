//! `ApiError`: what can go wrong calling IntellectDialog, classified for callers.
//!
//! The dispatcher retries `Transient` and `RateLimited`, gives up on the rest;
//! the UI says "wrong key" for `Unauthorized` and "service unreachable" for
//! `Transient`. Messages never contain the API key.
//!
//! How answers are classified is decided in [`classify`], in one place, since
//! the real API's status codes are not documented (see the emulator's docs).
use crate::domain::ApiErrorClass;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The key was refused.
    #[error("IntellectDialog refused the API key ({path})")]
    Unauthorized { path: String },
    /// Too many requests; try again after `retry_after` when given.
    #[error("IntellectDialog rate-limited {path} (retry after {retry_after:?})")]
    RateLimited {
        path: String,
        retry_after: Option<Duration>,
    },
    /// The phone cannot receive messages (malformed, unknown, or on the stop list).
    #[error("IntellectDialog refused the recipient: {detail}")]
    InvalidRecipient { detail: String },
    /// The object asked for does not exist (any more).
    #[error("IntellectDialog has no {path}: {detail}")]
    NotFound { path: String, detail: String },
    /// Network failure, timeout, or a 5xx: worth retrying.
    #[error("IntellectDialog is unreachable or failing ({path}): {detail}")]
    Transient { path: String, detail: String },
    /// The sending number cannot send: WhatsApp Web logged out, or WhatsApp
    /// blocked it. Nothing from it can leave until someone fixes it.
    #[error("IntellectDialog: the provider is {}: {detail}", if *blocked { "blocked" } else { "disconnected" })]
    ProviderUnavailable { blocked: bool, detail: String },
    /// Anything else (bad request, unexpected answer).
    #[error("IntellectDialog answered {path} with {status}: {detail}")]
    Other {
        path: String,
        status: u16,
        detail: String,
    },
}

impl ApiError {
    /// The kind of failure, without its English message (what dispatches
    /// store and the UI words).
    pub fn class(&self) -> ApiErrorClass {
        match self {
            ApiError::Unauthorized { .. } => ApiErrorClass::Unauthorized,
            ApiError::RateLimited { .. } => ApiErrorClass::RateLimited,
            ApiError::InvalidRecipient { .. } => ApiErrorClass::InvalidRecipient,
            ApiError::NotFound { .. } => ApiErrorClass::NotFound,
            ApiError::ProviderUnavailable { blocked: true, .. } => ApiErrorClass::ProviderBlocked,
            ApiError::ProviderUnavailable { .. } => ApiErrorClass::ProviderDisconnected,
            ApiError::Transient { .. } => ApiErrorClass::Unavailable,
            ApiError::Other {
                status: 200..=299, ..
            } => ApiErrorClass::UnreadableAnswer,
            ApiError::Other { status, .. } => ApiErrorClass::Refused { status: *status },
        }
    }

    /// True when the same request may succeed later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Transient { .. } | ApiError::RateLimited { .. }
        )
    }
}

/// Classifies a refused answer: HTTP `status`, its `Retry-After` header and the
/// envelope's `error` text.
pub fn classify(path: &str, status: u16, retry_after: Option<&str>, error_text: &str) -> ApiError {
    let path = path.to_owned();
    let detail = error_text.to_owned();
    let lower = error_text.to_lowercase();
    match status {
        401 | 403 => ApiError::Unauthorized { path },
        429 => ApiError::RateLimited {
            path,
            retry_after: retry_after
                .and_then(|value| value.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
        },
        404 => ApiError::NotFound { path, detail },
        400 | 422
            if lower.contains("phone")
                || lower.contains("stop list")
                || lower.contains("recipient") =>
        {
            ApiError::InvalidRecipient { detail }
        }
        409 | 422 if lower.contains("provider") && lower.contains("blocked") => {
            ApiError::ProviderUnavailable {
                blocked: true,
                detail,
            }
        }
        409 | 422 if lower.contains("provider") && lower.contains("disconnected") => {
            ApiError::ProviderUnavailable {
                blocked: false,
                detail,
            }
        }
        500..=599 => ApiError::Transient { path, detail },
        // Some APIs of this kind answer 200 with status "error" for a bad key.
        200 if lower.contains("api key") || lower.contains("unauthori") => {
            ApiError::Unauthorized { path }
        }
        _ => ApiError::Other {
            path,
            status,
            detail,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_key_is_unauthorized() {
        assert_eq!(
            classify("companies", 401, None, "Unauthorized"),
            ApiError::Unauthorized {
                path: "companies".into()
            }
        );
        assert_eq!(
            classify("companies", 200, None, "Invalid API key"),
            ApiError::Unauthorized {
                path: "companies".into()
            }
        );
    }

    #[test]
    fn too_many_requests_carry_the_retry_delay() {
        assert_eq!(
            classify("messages", 429, Some("30"), "Too many requests"),
            ApiError::RateLimited {
                path: "messages".into(),
                retry_after: Some(Duration::from_secs(30))
            }
        );
        assert!(matches!(
            classify("messages", 429, Some("soon"), ""),
            ApiError::RateLimited {
                retry_after: None,
                ..
            }
        ));
    }

    #[test]
    fn a_bad_phone_is_an_invalid_recipient() {
        assert!(matches!(
            classify("messages", 422, None, "The phone is invalid"),
            ApiError::InvalidRecipient { .. }
        ));
        assert!(matches!(
            classify("messages", 422, None, "Recipient is in the stop list"),
            ApiError::InvalidRecipient { .. }
        ));
    }

    #[test]
    fn a_disconnected_or_blocked_number_is_told_apart() {
        let blocked = classify("messages", 409, None, "Provider is blocked by WhatsApp");
        assert_eq!(blocked.class(), ApiErrorClass::ProviderBlocked);
        let logged_out = classify("messages", 409, None, "Provider is disconnected");
        assert_eq!(logged_out.class(), ApiErrorClass::ProviderDisconnected);
        assert!(!logged_out.is_retryable());
    }

    #[test]
    fn server_failures_are_transient_and_retryable() {
        let error = classify("messages", 503, None, "Service unavailable");
        assert!(matches!(error, ApiError::Transient { .. }));
        assert!(error.is_retryable());
    }

    #[test]
    fn unknown_ids_and_other_refusals_are_told_apart() {
        assert!(matches!(
            classify("employees/x", 404, None, "Not found"),
            ApiError::NotFound { .. }
        ));
        assert!(matches!(
            classify("messages", 422, None, "text is too long"),
            ApiError::Other { status: 422, .. }
        ));
        assert!(!classify("messages", 422, None, "text is too long").is_retryable());
    }
}
