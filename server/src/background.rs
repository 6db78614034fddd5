//! Work beside the requests, run under the supervisor: the dispatch
//! scheduler, the chat hub's listener (PostgreSQL), the chat chores of
//! watched properties, retrying account
//! requests, purging expired sessions, used launch tokens and old chat
//! events; and the metrics endpoint that shows them.
use crate::supervisor::Supervisor;
use app::ssr::auth::sign_in_guard::SignInGuard;
use app::ssr::clock::{hours, now_ms};
use app::ssr::db::{delivery, launch_nonces, sessions, Db};
use app::ssr::dispatch::{Clock, Dispatcher};
use app::ssr::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Starts the background tasks of this instance under `supervisor`.
pub fn supervise(supervisor: &Supervisor, state: &AppState, clock: Arc<dyn Clock>) {
    if state.settings.dispatch.enabled {
        let state = state.clone();
        supervisor.spawn("dispatch_scheduler", move |stop| {
            let dispatcher =
                Dispatcher::new(state.clone(), clock.clone(), state.dispatch_metrics.clone());
            async move {
                dispatcher.run(stop).await;
                Ok(())
            }
        });
    }
    let hub_state = state.clone();
    supervisor.spawn("chat_hub_listener", move |stop| {
        let (db, hub) = (hub_state.db.clone(), hub_state.chat_hub.clone());
        async move {
            tokio::select! {
                () = app::ssr::events::listen(db, hub) => {}
                () = stop.cancelled() => {}
            }
            Ok(())
        }
    });
    let chores_state = state.clone();
    supervisor.spawn("chat_chores", move |stop| {
        app::ssr::chat::chores::run(chores_state.clone(), stop)
    });
    let forward_state = state.clone();
    supervisor.spawn("account_request_forwarder", move |stop| {
        forward_account_requests(forward_state.clone(), stop)
    });
    let (db, guard) = (state.db.clone(), state.sign_in_guard.clone());
    supervisor.spawn("purge", move |stop| {
        purge_expired(db.clone(), guard.clone(), stop)
    });
}

/// Prometheus metrics of the dispatch scheduler and the background tasks,
/// for a scraper with `APP_METRICS__TOKEN` as its bearer token.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(refusal) = metrics_refusal(&state, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            refusal,
        )
            .into_response();
    }
    let (planned, in_flight) = match delivery::queue_depth(&state.db).await {
        Ok(depth) => depth,
        Err(error) => {
            tracing::warn!(%error, "metrics: reading the queue depth");
            (-1, -1)
        }
    };
    let mut text = state.dispatch_metrics.render(planned, in_flight);
    match app::ssr::sender::gauges::read(&state.db, app::ssr::clock::now_ms()).await {
        Ok(gauges) => text.push_str(&app::ssr::sender::gauges::render(&gauges)),
        Err(error) => tracing::warn!(%error, "metrics: reading the sender numbers"),
    }
    text.push_str(&format!(
        "# HELP cc_chat_streams Chat event streams open on this instance.\n\
         # TYPE cc_chat_streams gauge\ncc_chat_streams {}\n\
         # HELP cc_chat_feeds Properties whose chat feed runs on this instance (one database reader each).\n\
         # TYPE cc_chat_feeds gauge\ncc_chat_feeds {}\n",
        state.chat_hub.streams(),
        state.chat_hub.feeds()
    ));
    text.push_str(
        "# HELP cc_background_restarts_total Restarts of a background task after a panic or an error.\n\
         # TYPE cc_background_restarts_total counter\n",
    );
    for (task, count) in state.task_restarts.counts() {
        text.push_str(&format!(
            "cc_background_restarts_total{{task=\"{task}\"}} {count}\n"
        ));
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        text,
    )
        .into_response()
}

/// Why the request may not read the metrics, if it may not: the bearer
/// token must equal `APP_METRICS__TOKEN` (compared as SHA-256 digests, so
/// the comparison's time says nothing about the token).
fn metrics_refusal(state: &AppState, headers: &HeaderMap) -> Option<&'static str> {
    use sha2::{Digest, Sha256};
    let Some(expected) = &state.settings.metrics.token else {
        return Some("Metrics are off: set APP_METRICS__TOKEN and send it as a bearer token.");
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    let digest = |token: &str| Sha256::digest(token.as_bytes());
    (given.is_empty() || digest(given) != digest(expected.expose_secret()))
        .then_some("Metrics need the bearer token configured in APP_METRICS__TOKEN.")
}

/// Retries account requests that could not be forwarded yet, every 10 s.
async fn forward_account_requests(state: AppState, stop: CancellationToken) -> anyhow::Result<()> {
    let mut every = tokio::time::interval(Duration::from_secs(10));
    loop {
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            _ = every.tick() => {}
        }
        app::ssr::account_request::forward_due(&state, now_ms()).await;
    }
}

/// Deletes sessions a week after they expired, at start and then hourly, so
/// the table stays small while a recently expired one still gets the
/// "session expired" message rather than a plain sign-in page; also used
/// launch tokens and chat events older than a week, and the sign-in limits
/// of client addresses that have been quiet.
async fn purge_expired(
    db: Db,
    sign_in_guard: Arc<SignInGuard>,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let mut hourly = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            _ = hourly.tick() => {}
        }
        sign_in_guard.forget_idle_clients();
        match sessions::delete_expired(&db, now_ms() - hours(24 * 7)).await {
            Ok(removed) => tracing::debug!(removed, "expired sessions removed"),
            Err(error) => tracing::warn!(%error, "could not remove expired sessions"),
        }
        if let Err(error) = launch_nonces::delete_expired(&db, now_ms() - hours(1)).await {
            tracing::warn!(%error, "could not remove used launch tokens");
        }
        // Browsers replay at most a week of chat events; pages load the rest.
        if let Err(error) = app::ssr::db::chats::purge_events(&db, now_ms() - hours(24 * 7)).await {
            tracing::warn!(%error, "could not remove old chat events");
        }
    }
}
