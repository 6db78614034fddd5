//! Sessions: random tokens in an HttpOnly cookie, stored hashed, looked up per request.
use super::super::clock::hours;
use super::super::db::properties::PropertyRow;
use super::super::db::staff_users::StaffUserRow;
use super::super::db::{properties, sessions, staff_users, Db};
use super::super::state::AppState;
use crate::domain::{PropertyId, StaffUserId};
use crate::error::AppError;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "cc_session";

/// The signed-in staff user behind a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentUser {
    pub staff_user_id: StaffUserId,
    pub property_id: PropertyId,
}

/// What a request's session cookie amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Valid(CurrentUser),
    /// The cookie named a session that has expired or whose user was deactivated.
    Expired,
    /// No cookie, or one we never issued.
    Missing,
}

/// A new random session token (sent to the browser) and its hash (stored).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Where the session cookie must work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieContext {
    /// The app opened on its own (password sign-in): `SameSite=Lax`.
    FirstParty,
    /// The app inside a host page's iframe on another site: `SameSite=None;
    /// Secure; Partitioned` (CHIPS), which Chromium keeps even where it
    /// blocks third-party cookies. Browsers accept `Secure` over HTTPS and
    /// on `localhost`/`127.0.0.1` over plain HTTP.
    Embedded,
}

impl CookieContext {
    /// `Embedded` where the browser will accept it: over HTTPS (`secure`) or
    /// on a loopback host (development); elsewhere over plain HTTP only a
    /// first-party cookie works, and embedding needs HTTPS.
    /// [`Self::embedded_if_possible`] for a request, by its `Host` header.
    pub fn embedded_for(secure: bool, headers: &axum::http::HeaderMap) -> Self {
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        Self::embedded_if_possible(secure, host)
    }

    pub fn embedded_if_possible(secure: bool, host: &str) -> Self {
        let hostname = host.rsplit_once(':').map_or(host, |(name, _)| name);
        let loopback = matches!(hostname, "localhost" | "[::1]") || hostname.starts_with("127.");
        if secure || loopback {
            Self::Embedded
        } else {
            tracing::warn!(
                %host,
                "embedded session over plain HTTP: the cookie cannot work inside a cross-site iframe; \
                 serve the app over HTTPS and set APP_SERVER__SECURE_COOKIES=true"
            );
            Self::FirstParty
        }
    }
}

/// Creates a session for a user and returns the cookie that carries it.
pub async fn open(
    state: &AppState,
    staff_user_id: StaffUserId,
    now: i64,
    context: CookieContext,
) -> sqlx::Result<Cookie<'static>> {
    let (token, token_hash) = new_token();
    let ttl_hours = state.settings.session.ttl_hours;
    sessions::insert(
        &state.db,
        &token_hash,
        staff_user_id,
        now,
        now + hours(ttl_hours),
    )
    .await?;
    let mut cookie = Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .max_age(time::Duration::hours(ttl_hours))
        .build();
    set_context(&mut cookie, context, state.settings.server.cookies_secure());
    Ok(cookie)
}

/// Gives a cookie the attributes its context needs.
pub fn set_context(cookie: &mut Cookie<'static>, context: CookieContext, secure: bool) {
    match context {
        CookieContext::FirstParty => {
            cookie.set_same_site(SameSite::Lax);
            cookie.set_secure(secure);
        }
        CookieContext::Embedded => {
            cookie.set_same_site(SameSite::None);
            cookie.set_secure(true);
            cookie.set_partitioned(true);
        }
    }
}

/// Cookies that make the browser forget its session, whichever context set it
/// (a partitioned cookie is only removed by a partitioned removal).
pub fn removal_cookies() -> [Cookie<'static>; 2] {
    [CookieContext::FirstParty, CookieContext::Embedded].map(|context| {
        let mut cookie = Cookie::build((SESSION_COOKIE, ""))
            .path("/")
            .http_only(true)
            .build();
        set_context(&mut cookie, context, false);
        cookie.make_removal();
        cookie
    })
}

/// Resolves a session token (the cookie's value) at `now`.
pub async fn current_user(db: &Db, token: Option<&str>, now: i64) -> sqlx::Result<SessionState> {
    let Some(token) = token.filter(|token| !token.is_empty()) else {
        return Ok(SessionState::Missing);
    };
    Ok(match sessions::find(db, &hash_token(token)).await? {
        None => SessionState::Missing,
        Some(row) if row.expires_at <= now || !row.user_active => SessionState::Expired,
        Some(row) => SessionState::Valid(CurrentUser {
            staff_user_id: row.staff_user_id,
            property_id: row.property_id,
        }),
    })
}

/// Ends the session of `token` (sign-out); unknown tokens are ignored.
pub async fn close(state: &AppState, token: &str) -> sqlx::Result<()> {
    sessions::delete(&state.db, &hash_token(token)).await
}

/// The signed-in staff user's row and their property's row.
pub async fn user_and_property(
    state: &AppState,
    user: CurrentUser,
) -> Result<(StaffUserRow, PropertyRow), AppError> {
    let staff_user = staff_users::find(&state.db, user.staff_user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let property = properties::find(&state.db, user.property_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((staff_user, property))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let (first, first_hash) = new_token();
        let (second, _) = new_token();
        assert_ne!(first, second);
        assert_eq!(first.len(), 43);
        assert_eq!(first_hash, hash_token(&first));
        assert_ne!(first_hash, first);
        assert_eq!(first_hash.len(), 64);
    }
}
