//! Sign-in and sign-out.
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::domain::navigation::{safe_next, sign_in_path, HOME_PATH};

/// Signs in with e-mail and password, sets the session cookie and opens `next`.
/// `embedded` (set by the page when it runs in a host's iframe) asks for a
/// cookie that works there.
#[server(prefix = "/rpc", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
    embedded: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::auth::session::CookieContext;
    use crate::ssr::{auth, clock::now_ms, state::app_state};
    super::reply(
        async move {
            let state = app_state()?;
            let context = if embedded.as_deref() == Some("true") {
                let headers: axum::http::HeaderMap = leptos_axum::extract()
                    .await
                    .map_err(|_| AppError::Internal)?;
                CookieContext::embedded_for(state.settings.server.cookies_secure(), &headers)
            } else {
                CookieContext::FirstParty
            };
            // Attempts are limited per client: the peer, or the client a
            // trusted proxy names.
            let peer = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .await
                .ok()
                .map(|info| info.0.ip());
            let headers: axum::http::HeaderMap = leptos_axum::extract()
                .await
                .map_err(|_| AppError::Internal)?;
            let trusted =
                crate::ssr::client_address::trusted_proxies(&state.settings.server.trusted_proxies);
            let client = crate::ssr::client_address::client_address(peer, &headers, &trusted);
            let credentials = (email.as_str(), password.as_str());
            let cookie = auth::sign_in(&state, credentials, client, now_ms(), context).await?;
            set_cookie(&cookie.to_string())?;
            leptos_axum::redirect(safe_next(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

/// Ends the current session and returns to the sign-in page.
#[server(prefix = "/rpc", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::auth::extract::request_token;
    use crate::ssr::auth::session::{close, removal_cookies};
    use crate::ssr::state::app_state;
    super::reply(
        async move {
            let state = app_state()?;
            if let Some(token) = request_token()? {
                close(&state, &token).await?;
            }
            for cookie in removal_cookies() {
                set_cookie(&cookie.to_string())?;
            }
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn set_cookie(cookie: &str) -> Result<(), AppError> {
    use axum::http::{header::SET_COOKIE, HeaderValue};
    let value = HeaderValue::from_str(cookie).map_err(|_| AppError::Internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(SET_COOKIE, value);
    Ok(())
}
