//! Work beside the requests: retrying account requests, purging expired
//! sessions and used launch tokens, and the scheduler's metrics endpoint.
use app::ssr::clock::{hours, now_ms};
use app::ssr::db::{delivery, launch_nonces, sessions, Db};
use app::ssr::AppState;
use axum::extract::State;
use axum::response::IntoResponse;
use std::time::Duration;

/// Prometheus metrics of the dispatch scheduler.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let (planned, in_flight) = match delivery::queue_depth(&state.db).await {
        Ok(depth) => depth,
        Err(error) => {
            tracing::warn!(%error, "metrics: reading the queue depth");
            (-1, -1)
        }
    };
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        state.dispatch_metrics.render(planned, in_flight),
    )
}

/// Retries account requests that could not be forwarded yet, every 10 s.
pub async fn forward_account_requests(state: AppState) {
    let mut every = tokio::time::interval(Duration::from_secs(10));
    loop {
        every.tick().await;
        app::ssr::account_request::forward_due(&state, now_ms()).await;
    }
}

/// Deletes sessions a week after they expired, at start and then hourly, so
/// the table stays small while a recently expired one still gets the
/// "session expired" message rather than a plain sign-in page; also used
/// launch tokens and chat events older than a week.
pub async fn purge_expired_sessions(db: Db) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
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
