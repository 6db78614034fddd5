//! Server functions: our UI's calls into the server, one file per area.
//!
//! Each is a public POST endpoint, so each checks the session first and scopes
//! everything to the signed-in user's property. The server also refuses a call
//! without a session before reading its arguments, except for the functions
//! named in [`PUBLIC_SERVER_FUNCTIONS`]: a new one is private by default.
pub mod account_request;
pub mod auth;
pub mod chat;
pub mod embedding;
pub mod integration;
pub mod mailing;
pub mod opt_out;
pub mod pms_token;
pub mod sender;
pub mod session;

use leptos::server_fn::ServerFn;

/// The server functions that answer without a session: signing in, signing
/// out (harmless without one), and the host origins the embedding script asks
/// for before anyone signed in.
pub const PUBLIC_SERVER_FUNCTIONS: &[&str] = &[
    <auth::SignIn as ServerFn>::PATH,
    <auth::SignOut as ServerFn>::PATH,
    <embedding::HostOrigins as ServerFn>::PATH,
];

/// Passes a server function's result through, answering an error with its
/// HTTP status (the body still carries the `AppError` for the UI).
#[cfg(feature = "ssr")]
pub(crate) fn reply<T>(
    result: Result<T, crate::error::AppError>,
) -> Result<T, crate::error::AppError> {
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let status = axum::http::StatusCode::from_u16(error.status_code())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            response.set_status(status);
            if let Some(seconds) = error.retry_after_secs() {
                response.insert_header(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(seconds),
                );
            }
        }
    }
    result
}
