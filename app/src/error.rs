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
}

/// Errors a server function may return to our own UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
    #[error("conflict: {0}")]
    Conflict(String),
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
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::WrongCredentials => 401,
            AppError::Forbidden { .. } => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::Validation { .. } => 422,
            AppError::TooManyAttempts { .. } => 429,
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
