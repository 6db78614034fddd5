//! Request guards in front of the app: CSRF origin checks and page access.
//!
//! CSRF: every state-changing request (anything but GET/HEAD/OPTIONS) must come
//! from our own origin or a configured one, proven by `Origin` (or, failing
//! that, `Referer`). Browsers always send one of them on such requests, and a
//! cross-site page cannot forge them. The session cookie is `SameSite=Lax` too.
//!
//! Pages: the screens under `/guests` need a session; without one the browser
//! is sent to `/login` (saying so when the session expired), and a signed-in
//! user asking for `/login` or `/` goes straight to the app.
use app::api::auth::{sign_in_path, HOME_PATH};
use app::api::PUBLIC_SERVER_FUNCTIONS;
use app::error::AppError;
use app::ssr::auth::SessionState;
use app::ssr::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// Where the server functions live.
pub const SERVER_FUNCTION_PREFIX: &str = "/rpc/";

/// Where the PMS REST API lives.
pub const PMS_API_PREFIX: &str = "/api/";

/// Refuses state-changing requests that do not come from an allowed origin.
pub async fn verify_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe_method = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // The PMS API (bearer token) and webhooks (secret URL) never use cookies,
    // so a forged cross-site request carries nothing that would let it act.
    let path = request.uri().path();
    if safe_method
        || path.starts_with(PMS_API_PREFIX)
        || path.starts_with(crate::webhooks::WEBHOOK_PREFIX)
    {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|value| value.to_str().ok());
    if origin_allowed(claimed, host, &state.settings.server.allowed_origins) {
        return next.run(request).await;
    }
    tracing::warn!(origin = ?claimed, host = ?host, path = %request.uri().path(), "refused a cross-origin request");
    (
        StatusCode::FORBIDDEN,
        "Request refused: it did not come from this site (missing or foreign Origin header). \
         If the app is served under another origin (a proxy, a host PMS), add it to APP_SERVER__ALLOWED_ORIGINS.",
    )
        .into_response()
}

/// True when `claimed` (an Origin or Referer) is this host or an allowed origin.
pub fn origin_allowed(claimed: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = claimed.and_then(origin_of) else {
        return false;
    };
    let same_host = host.is_some_and(|host| {
        origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host)
    });
    same_host
        || allowed
            .iter()
            .any(|allowed| allowed.trim_end_matches('/') == origin)
}

/// `scheme://authority` of a URL, or `None` when it is not an http(s) URL.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (authority_len > 0).then(|| &url[..scheme.len() + 3 + authority_len])
}

/// Sends visitors without a session to sign in, and signed-in users past it.
pub async fn page_access(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let protected = path == "/guests" || path.starts_with("/guests/");
    let entry = path == "/" || path == "/login";
    if request.method() != Method::GET || !(protected || entry) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let session = match SessionState::from_request_parts(&mut parts, &state).await {
        Ok(session) => session,
        Err(refusal) => return refusal.into_response(),
    };
    let request = Request::from_parts(parts, body);
    let path = request.uri().path();
    match (session, protected) {
        (SessionState::Valid(_), false) => Redirect::to(HOME_PATH).into_response(),
        (SessionState::Valid(_), true) => next.run(request).await,
        (SessionState::Missing, true) => {
            Redirect::to(&sign_in_path(target(request.uri()), false)).into_response()
        }
        (SessionState::Expired, true) => {
            Redirect::to(&sign_in_path(target(request.uri()), true)).into_response()
        }
        (_, false) if path == "/" => Redirect::to("/login").into_response(),
        (_, false) => next.run(request).await,
    }
}

/// Refuses a call to a server function without a session before its
/// arguments are read, unless the function is one of
/// [`PUBLIC_SERVER_FUNCTIONS`]. The function checks again (and scopes to the
/// user); this makes every new function private by default.
pub async fn server_function_access(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if !path.starts_with(SERVER_FUNCTION_PREFIX) || PUBLIC_SERVER_FUNCTIONS.contains(&path) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let refusal = match SessionState::from_request_parts(&mut parts, &state).await {
        Ok(SessionState::Valid(_)) => return next.run(Request::from_parts(parts, body)).await,
        Ok(SessionState::Missing | SessionState::Expired) => AppError::Unauthorized,
        Err(refusal) => AppError::from(refusal),
    };
    let status =
        StatusCode::from_u16(refusal.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    // The body is the error as the UI's server-function client decodes it.
    (status, axum::Json(refusal)).into_response()
}

/// The request's path and query.
fn target(uri: &axum::http::Uri) -> &str {
    uri.path_and_query()
        .map(|value| value.as_str())
        .unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_origin_is_allowed() {
        assert!(origin_allowed(
            Some("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000"),
            &[]
        ));
        assert!(origin_allowed(
            Some("http://127.0.0.1:3000/login?x=1"),
            Some("127.0.0.1:3000"),
            &[]
        ));
    }

    #[test]
    fn foreign_missing_or_odd_origins_are_refused() {
        assert!(!origin_allowed(
            Some("http://evil.example"),
            Some("127.0.0.1:3000"),
            &[]
        ));
        assert!(!origin_allowed(
            Some("http://127.0.0.1:3000.evil.example"),
            Some("127.0.0.1:3000"),
            &[]
        ));
        assert!(!origin_allowed(None, Some("127.0.0.1:3000"), &[]));
        assert!(!origin_allowed(Some("null"), Some("127.0.0.1:3000"), &[]));
    }

    #[test]
    fn configured_origins_are_allowed() {
        let allowed = vec!["https://pms.example/".to_owned()];
        assert!(origin_allowed(
            Some("https://pms.example"),
            Some("127.0.0.1:3000"),
            &allowed
        ));
    }
}
