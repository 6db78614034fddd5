//! `/healthz` (the process answers) and `/readyz` (and its database does too).
use app::ssr::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// Liveness: the process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers; otherwise 503 so a balancer routes elsewhere.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
