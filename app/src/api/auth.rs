//! Sign-in and sign-out.
use crate::error::AppError;
use leptos::prelude::*;

/// The page to open after signing in when none (or an unsafe one) was asked for.
pub const HOME_PATH: &str = "/guests/contact-center";

/// Keeps `next` only if it is a path on this site, so sign-in cannot be used
/// to send someone to another site: printable ASCII only (browsers drop tabs
/// and new lines, turning `/\t/evil` into `//evil`), a leading `/` not
/// followed by another, and no backslash (which browsers read as `/`).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && path.bytes().all(|byte| byte.is_ascii_graphic())
                && path.as_bytes().get(1) != Some(&b'/')
                && !path.contains('\\') =>
        {
            path
        }
        _ => HOME_PATH,
    }
}

/// The sign-in page that returns to `target` (a path with its query) afterwards.
pub fn sign_in_path(target: &str, expired: bool) -> String {
    let next: String = target
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    if expired {
        format!("/login?expired=1&next={next}")
    } else {
        format!("/login?next={next}")
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/guests/chats")), "/guests/chats");
        assert_eq!(safe_next(Some("https://evil.example/")), HOME_PATH);
        assert_eq!(safe_next(Some("//evil.example/")), HOME_PATH);
        assert_eq!(safe_next(Some("/\\evil.example")), HOME_PATH);
        assert_eq!(safe_next(Some("/\t/evil.example")), HOME_PATH);
        assert_eq!(safe_next(Some("/guests/\nchats")), HOME_PATH);
        assert_eq!(safe_next(Some("/гости")), HOME_PATH);
        assert_eq!(safe_next(None), HOME_PATH);
    }

    #[test]
    fn the_page_to_return_to_is_encoded_for_a_query_string() {
        assert_eq!(
            sign_in_path("/guests/chats?filter=my&x=1", false),
            "/login?next=/guests/chats%3Ffilter%3Dmy%26x%3D1"
        );
        assert_eq!(
            sign_in_path("/guests/chats", true),
            "/login?expired=1&next=/guests/chats"
        );
    }
}
