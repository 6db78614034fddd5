//! `AppError`: the one error type our UI receives from server functions.
//!
//! It is serialised to the browser, so `Internal` carries no details: the cause
//! is logged on the server where it happened.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a form field was refused; the UI turns it into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooLong,
    InvalidEmail,
    /// Not a phone number WhatsApp could reach (10 to 15 digits).
    InvalidPhone,
    /// A number outside its allowed range.
    OutOfRange,
    /// A choice that does not exist (any more).
    Unknown,
    /// A choice that exists but cannot be used for this.
    Unsupported,
    /// Characters that are not allowed (control characters and the like).
    Invalid,
    /// Already there (a phone already on a list).
    Duplicate,
    /// Allowed only once the user confirms they understand the risk.
    NeedsConfirmation,
}

/// Errors a server function may return to our own UI.
// Adjacently tagged: internal tagging cannot carry the variants holding a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    /// No session, or it expired: sign in again.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but the action is not allowed for this user or property.
    #[error("forbidden: {reason}")]
    Forbidden { reason: String },
    #[error("not found")]
    NotFound,
    /// A field of the submitted form is wrong.
    #[error("invalid {field}: {problem:?}")]
    Validation {
        field: String,
        problem: FieldProblem,
    },
    /// The e-mail and password do not match an active account.
    #[error("wrong e-mail or password")]
    WrongCredentials,
    /// Too many failed sign-ins for this e-mail; try again later.
    #[error("too many failed attempts, retry in {retry_after_minutes} min")]
    TooManyAttempts { retry_after_minutes: i64 },
    /// Too many sign-in attempts from this address or from everyone right
    /// now (a flood); try again after a few seconds.
    #[error("sign-in is busy, retry in {retry_after_secs} s")]
    SignInBusy { retry_after_secs: u64 },
    /// The host PMS has deactivated the user's property.
    #[error("the property is deactivated")]
    PropertyDeactivated,
    /// The property's subscription lacks these parts (GMS, the module, the
    /// tariff, a paid period) for what was asked.
    #[error("the subscription lacks {missing:?}")]
    SubscriptionMissing {
        missing: Vec<crate::domain::SubscriptionPart>,
    },
    #[error("conflict: {0}")]
    Conflict(String),
    /// IntellectDialog refused the API key.
    #[error("IntellectDialog refused the API key")]
    WrongApiKey,
    /// IntellectDialog is unreachable or failing; try again later.
    #[error("IntellectDialog is unavailable")]
    ServiceUnavailable,
    /// The new key belongs to another organisation: saving it resets the
    /// provider choice and the user mappings, so the user must confirm.
    #[error("the key belongs to another organisation ({organisation_name})")]
    ConfirmReset { organisation_name: String },
    /// Activation needs a checked key and a chosen provider.
    #[error("activation needs a checked key and a provider")]
    ActivationIncomplete {
        missing_key: bool,
        missing_provider: bool,
    },
    /// Something broke on the server; details are in the server log.
    #[error("internal error")]
    Internal,
    /// The server could not read the request's arguments (a bug or a stale page).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request did not reach the server function or its answer was unreadable.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error for `field`.
    pub fn invalid(field: &str, problem: FieldProblem) -> Self {
        Self::Validation {
            field: field.to_owned(),
            problem,
        }
    }
}

impl AppError {
    /// The HTTP status this error is answered with, so logs and proxies see
    /// refusals as client errors rather than server failures.
    /// Seconds the client should wait before trying again (`Retry-After`).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts {
                retry_after_minutes,
            } => Some(retry_after_minutes.max(&1).unsigned_abs() * 60),
            AppError::SignInBusy { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::WrongCredentials => 401,
            AppError::Forbidden { .. }
            | AppError::PropertyDeactivated
            | AppError::SubscriptionMissing { .. } => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) | AppError::ConfirmReset { .. } => 409,
            AppError::WrongApiKey | AppError::ActivationIncomplete { .. } => 422,
            AppError::ServiceUnavailable => 503,
            AppError::Validation { .. } => 422,
            AppError::TooManyAttempts { .. } | AppError::SignInBusy { .. } => 429,
            AppError::BadRequest(_) => 400,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::BadRequest(value.to_string()),
            other => Self::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A database failure is the server's fault: log it, tell the browser nothing more.
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_survives_its_trip_to_the_browser() {
        let errors = [
            AppError::Unauthorized,
            AppError::Forbidden {
                reason: "staff".into(),
            },
            AppError::NotFound,
            AppError::invalid("email", FieldProblem::InvalidEmail),
            AppError::WrongCredentials,
            AppError::TooManyAttempts {
                retry_after_minutes: 3,
            },
            AppError::SignInBusy {
                retry_after_secs: 2,
            },
            AppError::PropertyDeactivated,
            AppError::SubscriptionMissing {
                missing: vec![crate::domain::SubscriptionPart::PaidPeriod],
            },
            AppError::Conflict("changed".into()),
            AppError::WrongApiKey,
            AppError::ServiceUnavailable,
            AppError::ConfirmReset {
                organisation_name: "Север".into(),
            },
            AppError::ActivationIncomplete {
                missing_key: false,
                missing_provider: true,
            },
            AppError::Internal,
            AppError::BadRequest("args".into()),
            AppError::Transport("down".into()),
        ];
        for error in errors {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(
                serde_json::from_str::<AppError>(&json).unwrap(),
                error,
                "{json}"
            );
        }
    }
}
