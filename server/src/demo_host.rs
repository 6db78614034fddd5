//! The demo host page: a stand-in PMS on its own origin that mints launch
//! tokens with the configured secret and embeds the app in an iframe, so the
//! embedded experience is one click away. Development and demos only.
use app::ssr::clock::now_ms;
use app::ssr::config::Settings;
use app::ssr::demo::pms_users;
use app::ssr::embedding::launch_token::mint;
use app::ssr::embedding::{LaunchClaims, TOKEN_MAX_LIFETIME_SECS};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use secrecy::ExposeSecret;
use serde::Deserialize;
use std::sync::Arc;
use tokio::net::TcpListener;

const PAGE: &str = include_str!("demo_host/page.html");

#[derive(Clone)]
struct HostState {
    settings: Arc<Settings>,
    app_url: String,
}

/// Serves the demo host on `listener` in the background.
pub fn spawn(settings: Arc<Settings>, listener: TcpListener, app_url: String) {
    let router = Router::new()
        .route("/", get(page))
        .route("/launch-url", post(launch_url))
        .with_state(HostState { settings, app_url });
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "the demo host page stopped");
        }
    });
}

async fn page(State(host): State<HostState>) -> Html<String> {
    let users: Vec<serde_json::Value> = pms_users()
        .into_iter()
        .map(|user| {
            serde_json::json!({
                "id": user.external_id, "property": user.property, "property_name": user.property_name,
                "name": user.name, "email": user.email, "role": user.role.as_str(),
            })
        })
        .collect();
    let users = serde_json::to_string(&users).unwrap_or_else(|_| "[]".into());
    Html(
        PAGE.replace("__APP_URL__", &host.app_url)
            .replace("__USERS__", &users.replace("</", "<\\/")),
    )
}

#[derive(Debug, Deserialize)]
struct LaunchRequest {
    user: String,
    locale: Option<String>,
    page: Option<String>,
}

/// Mints a launch token for a demo PMS user, as a PMS back end would.
async fn launch_url(State(host): State<HostState>, Json(request): Json<LaunchRequest>) -> Response {
    let Some(user) = pms_users()
        .into_iter()
        .find(|user| user.external_id == request.user)
    else {
        return (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "error": "No such demo user." })),
        )
            .into_response();
    };
    let embedding = &host.settings.embedding;
    let Some(secret) = embedding.secret_for(user.property) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "error": "No launch secret is configured: set APP_EMBEDDING__LAUNCH_SECRET." })),
        )
            .into_response();
    };
    let now = now_ms() / 1000;
    let claims = LaunchClaims {
        aud: embedding.audience.clone(),
        iat: now,
        exp: now + TOKEN_MAX_LIFETIME_SECS / 5,
        jti: uuid::Uuid::new_v4().to_string(),
        property: user.property.to_owned(),
        sub: user.external_id.to_owned(),
        name: user.name.to_owned(),
        email: user.email.to_owned(),
        role: user.role.as_str().to_owned(),
        locale: request.locale.filter(|locale| !locale.is_empty()),
        page: request.page.filter(|page| !page.is_empty()),
    };
    match mint(&claims, secret.expose_secret()) {
        Ok(token) => Json(serde_json::json!({
            "url": format!("{}/launch?token={token}", host.app_url.trim_end_matches('/')),
        }))
        .into_response(),
        Err(error) => {
            tracing::error!(%error, "demo host: minting a token");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(serde_json::json!({ "error": "Could not sign the token." })),
            )
                .into_response()
        }
    }
}
