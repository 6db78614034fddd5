//! Headers that tell browsers what this site allows, on every response:
//! a `Content-Security-Policy` (scripts only from this site or with the
//! page's nonce, connections only to this site, framing only by `'self'` and
//! the configured host origins), `X-Content-Type-Options: nosniff`, a
//! `Referrer-Policy`, and `Strict-Transport-Security` when the public URL is
//! https. No `X-Frame-Options`: it cannot name several host origins.
use app::ssr::AppState;
use app::CSP_NONCE_HEADER;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// HSTS for a year once the site is served over https.
const HSTS: &str = "max-age=31536000";

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A rendered page reports the nonce of its inline scripts; it is not sent on.
    let nonce = headers
        .remove(CSP_NONCE_HEADER)
        .and_then(|value| value.to_str().ok().map(str::to_owned));
    let policy = content_security_policy(&state, nonce.as_deref());
    insert(headers, header::CONTENT_SECURITY_POLICY, &policy);
    insert(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    insert(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    if state.public_url().starts_with("https://") {
        insert(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

fn insert(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// The policy: everything from this site only; inline scripts only with the
/// page's nonce (Leptos puts it on its hydration and resource scripts); WASM
/// may be compiled; inline styles are allowed (style attributes of the
/// charts); frames and form posts stay on this site.
pub fn content_security_policy(state: &AppState, nonce: Option<&str>) -> String {
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    if let Some(nonce) = nonce {
        script.push_str(&format!(" 'nonce-{nonce}'"));
    }
    let mut connect = String::from("'self'");
    if state.leptos_options.env == leptos::config::Env::DEV {
        // `cargo leptos watch` reloads the page over its own web socket.
        let address = state.leptos_options.site_addr;
        let port = state.leptos_options.reload_port;
        connect.push_str(&format!(" ws://{}:{port}", address.ip()));
    }
    format!(
        "default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src {connect}; object-src 'none'; base-uri 'self'; \
         form-action 'self'; {}",
        state.settings.embedding.frame_ancestors()
    )
}
