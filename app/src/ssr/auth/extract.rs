//! The request's session, read in one place: the session cookie → its
//! session → the signed-in user, as axum extractors used by the page guard,
//! the chat event stream and (through [`require_user`]) every server function.
use super::session::{current_user, CurrentUser, SessionState, SESSION_COOKIE};
use crate::error::AppError;
use crate::ssr::clock::now_ms;
use crate::ssr::state::{app_state, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

/// The session token a request's cookie carries, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

/// Why a request has no signed-in user.
#[derive(Debug)]
pub enum NotSignedIn {
    /// No cookie, one we never issued, or one whose session ended.
    SignInRequired,
    /// The sessions could not be read.
    Unavailable(sqlx::Error),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::SignInRequired => {
                (StatusCode::UNAUTHORIZED, "Sign in first.").into_response()
            }
            NotSignedIn::Unavailable(error) => {
                tracing::error!(%error, "looking up a session");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The database is unavailable; try again shortly.",
                )
                    .into_response()
            }
        }
    }
}

impl From<NotSignedIn> for AppError {
    fn from(refusal: NotSignedIn) -> Self {
        match refusal {
            NotSignedIn::SignInRequired => AppError::Unauthorized,
            NotSignedIn::Unavailable(error) => error.into(),
        }
    }
}

impl FromRequestParts<AppState> for SessionState {
    type Rejection = NotSignedIn;

    /// Looked up once per request: a guard's lookup is kept in the request's
    /// extensions for the handler (and the server function) after it.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotSignedIn> {
        if let Some(known) = parts.extensions.get::<SessionState>() {
            return Ok(*known);
        }
        let token = session_token(&parts.headers);
        let session = current_user(&state.db, token.as_deref(), now_ms())
            .await
            .map_err(NotSignedIn::Unavailable)?;
        parts.extensions.insert(session);
        Ok(session)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotSignedIn> {
        match SessionState::from_request_parts(parts, state).await? {
            SessionState::Valid(user) => Ok(user),
            SessionState::Expired | SessionState::Missing => Err(NotSignedIn::SignInRequired),
        }
    }
}

/// The request's headers inside a server function.
fn request_parts() -> Result<Parts, AppError> {
    leptos::prelude::use_context::<Parts>().ok_or_else(|| {
        tracing::error!("the request's parts were not provided to the server function");
        AppError::Internal
    })
}

/// The state and signed-in user for a server function, or `Unauthorized`.
pub async fn require_user() -> Result<(AppState, CurrentUser), AppError> {
    let state = app_state()?;
    let user = CurrentUser::from_request_parts(&mut request_parts()?, &state).await?;
    Ok((state, user))
}

/// The session token of the request being handled by a server function.
pub fn request_token() -> Result<Option<String>, AppError> {
    Ok(session_token(&request_parts()?.headers))
}
