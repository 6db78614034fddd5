//! Sign-in and sign-out.
use crate::error::AppError;
use leptos::prelude::*;

/// The page to open after signing in when none (or an unsafe one) was asked for.
pub const HOME_PATH: &str = "/guests/contact-center";

/// Keeps `next` only if it is a path on this site, so sign-in cannot be used
/// to send someone to another site.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => HOME_PATH,
    }
}

/// Signs in with e-mail and password, sets the session cookie and opens `next`.
#[server(prefix = "/rpc", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{auth, clock::now_ms, state::app_state};
    super::reply(
        async move {
            let state = app_state()?;
            let cookie = auth::sign_in(&state, &email, &password, now_ms()).await?;
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
    use crate::ssr::auth::session::{hash_token, removal_cookie, request_token};
    use crate::ssr::db::sessions;
    use crate::ssr::state::app_state;
    super::reply(
        async move {
            let state = app_state()?;
            if let Some(token) = request_token().await? {
                sessions::delete(&state.db, &hash_token(&token)).await?;
            }
            set_cookie(&removal_cookie().to_string())?;
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
        assert_eq!(safe_next(None), HOME_PATH);
    }
}
