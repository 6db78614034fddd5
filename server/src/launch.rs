//! `GET /launch?token=…`: the host PMS opens the app (usually in an iframe)
//! already signed in as its user. Refusals explain what the host must fix.
use app::ssr::auth::session::CookieContext;
use app::ssr::clock::now_ms;
use app::ssr::embedding::launch::launch;
use app::ssr::embedding::LaunchError;
use app::ssr::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct LaunchQuery {
    token: Option<String>,
}

pub async fn launch_handler(
    State(state): State<AppState>,
    Query(query): Query<LaunchQuery>,
    headers: HeaderMap,
) -> Response {
    let context = CookieContext::embedded_for(state.settings.server.cookies_secure(), &headers);
    let token = query.token.unwrap_or_default();
    match launch(&state, &token, now_ms(), context).await {
        Ok(launched) => {
            tracing::info!(
                staff_user_id = %launched.staff_user_id,
                property_id = %launched.property_id,
                page = %launched.page,
                "launched from the host PMS"
            );
            let mut response = (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, launched.page.clone()),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
            )
                .into_response();
            for cookie in launched.cookies {
                if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(error) => {
            tracing::warn!(code = error.code(), reason = %error, "launch refused");
            refusal_page(&error)
        }
    }
}

fn refusal_page(error: &LaunchError) -> Response {
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Не удалось открыть Контакт-центр</title><link rel="stylesheet" href="/pkg/contact_center.css"></head>
<body><main class="login"><div class="login__panel launch-refused">
<p class="login__product">Контакт-центр</p>
<h1>Не удалось открыть Контакт-центр</h1>
<p class="notice notice--error" role="alert">{advice}</p>
<section lang="en" class="launch-refused__details">
<h2>For the PMS developers</h2>
<p>The launch was refused: <strong>{reason}</strong>.</p>
<p>How to fix it: {fix}</p>
<p>Error code: <code>{code}</code></p>
</section></div></main></body></html>"#,
        advice = escape(error.advice_ru()),
        reason = escape(&error.to_string()),
        fix = escape(&error.fix()),
        code = error.code(),
    );
    (
        error.status(),
        [(header::CACHE_CONTROL, "no-store")],
        Html(page),
    )
        .into_response()
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
