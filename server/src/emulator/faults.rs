//! Fault injection in front of the API (never the controls): latency, outages,
//! 5xx, 429 with `Retry-After`, hung requests and broken connections.
use super::envelope::ApiFailure;
use super::Emulator;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header::RETRY_AFTER, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use std::time::Duration;

/// How long a "timeout" fault holds a request: longer than any sane client waits.
const HANG: Duration = Duration::from_secs(120);

pub async fn apply(State(emulator): State<Emulator>, request: Request, next: Next) -> Response {
    let faults = emulator.with_world(|world| world.faults.clone());
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.timeout {
        tokio::time::sleep(HANG).await;
    }
    if faults.outage {
        return ApiFailure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Service temporarily unavailable",
        )
        .into_response();
    }
    if let Some(retry_after) = faults.rate_limit_retry_after {
        let mut response =
            ApiFailure::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests").into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, retry_after.into());
        return response;
    }
    if faults.error_rate > 0.0 && rand::thread_rng().gen_bool(faults.error_rate.clamp(0.0, 1.0)) {
        return ApiFailure::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
            .into_response();
    }
    if faults.drop_connections {
        return broken_response();
    }
    next.run(request).await
}

/// Headers, then a body that fails: the server aborts the connection mid-answer.
fn broken_response() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<bytes::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fault: dropped connection",
        ))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/json")
        .body(Body::from_stream(failing))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
