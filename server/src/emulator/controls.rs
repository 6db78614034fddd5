//! `/control/…`: what tests, benchmarks and a curious person use to drive the
//! emulator. Not part of IntellectDialog's API; no key needed.
use super::envelope::ApiFailure;
use super::records::AccountRequestRecord;
use super::seed::demo_world;
use super::world::{precise_time, Faults, StatusTimings};
use super::Emulator;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use time::OffsetDateTime;

pub fn routes() -> Router<Emulator> {
    Router::new()
        .route("/", get(overview))
        .route("/reset", post(reset))
        .route("/faults", get(faults).put(set_faults).delete(clear_faults))
        .route("/timings", put(set_timings))
        .route("/clock", put(set_clock).delete(clear_clock))
        .route("/organisations/{id}/send-delay", put(set_send_delay))
        .route("/sent-messages", get(sent_messages))
        .route("/requests", get(super::requests::list))
        .route("/webhooks", get(webhooks))
        .route(
            "/account-requests",
            get(account_requests).post(record_account_request),
        )
        .merge(super::provider_controls::routes())
        .merge(super::message_controls::routes())
        .merge(super::guest_controls::routes())
        .layer(axum::middleware::from_fn(json_only))
        .layer(axum::middleware::from_fn(loopback_only))
}

/// The controls show API keys and drive everything: they answer only
/// requests from this machine (a server started without the peer's address
/// refuses them all, and so does a request a proxy forwarded).
async fn loopback_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    // Through a proxy on this machine the peer is loopback, but the request
    // is not from here.
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|name| request.headers().contains_key(*name));
    if peer.is_some_and(|ip| ip.is_loopback()) && !forwarded {
        return next.run(request).await;
    }
    tracing::warn!(?peer, "emulator control refused: not from this machine");
    ApiFailure::new(
        StatusCode::FORBIDDEN,
        "The emulator's controls answer only requests from this machine",
    )
    .into_response()
}

/// Changes must be sent as JSON: a page on another site cannot send that
/// without a CORS preflight, which the emulator never grants, so it cannot
/// reset or drive a running emulator from a visitor's browser.
async fn json_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let is_json = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if request.method() == axum::http::Method::GET || is_json {
        return next.run(request).await;
    }
    ApiFailure::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Control requests must be sent as application/json",
    )
    .into_response()
}

type ControlResult = Result<Response, ApiFailure>;

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiFailure> {
    super::envelope::parse_body(body)
}

/// The organisations, their keys and providers: where to start with curl.
async fn overview(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    emulator.with_world(|world| {
        let organisations: Vec<_> = world
            .organisations
            .iter()
            .map(|organisation| {
                json!({
                    "id": organisation.id,
                    "name": organisation.name,
                    "keys": organisation.keys,
                    "send_delay_seconds": organisation.send_delay.as_secs_f64(),
                    "providers": organisation.providers,
                    "webhook": organisation.webhook,
                })
            })
            .collect();
        Json(json!({ "organisations": organisations, "faults": world.faults, "timings": world.timings }))
    })
}

async fn reset(State(emulator): State<Emulator>) -> StatusCode {
    emulator.with_world(|world| *world = demo_world());
    StatusCode::NO_CONTENT
}

async fn faults(State(emulator): State<Emulator>) -> Json<Faults> {
    Json(emulator.with_world(|world| world.faults.clone()))
}

async fn set_faults(State(emulator): State<Emulator>, body: Bytes) -> ControlResult {
    let faults = super::faults::parse(&body)?;
    emulator.with_world(|world| world.faults = faults.clone());
    Ok(Json(faults).into_response())
}

async fn clear_faults(State(emulator): State<Emulator>) -> StatusCode {
    emulator.with_world(|world| world.faults = Faults::default());
    StatusCode::NO_CONTENT
}

async fn set_timings(State(emulator): State<Emulator>, body: Bytes) -> ControlResult {
    let timings: StatusTimings = parse(&body)?;
    emulator.with_world(|world| world.timings = timings);
    Ok(Json(timings).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Clock {
    now_ms: i64,
}

/// Stamps sends with a virtual time (tests driving a virtual clock); `DELETE` returns to real time.
async fn set_clock(State(emulator): State<Emulator>, body: Bytes) -> ControlResult {
    let clock: Clock = parse(&body)?;
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(clock.now_ms) * 1_000_000)
        .map_err(|_| ApiFailure::invalid("now_ms is out of range"))?;
    emulator.with_world(|world| world.clock = Some(at));
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn clear_clock(State(emulator): State<Emulator>) -> StatusCode {
    emulator.with_world(|world| world.clock = None);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendDelay {
    seconds: f64,
}

/// «Фильтр» → «Задержка отправки (сек.)» of one organisation.
async fn set_send_delay(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> ControlResult {
    let delay: SendDelay = parse(&body)?;
    if !(0.0..=86_400.0).contains(&delay.seconds) {
        return Err(ApiFailure::invalid("seconds must be between 0 and 86400"));
    }
    emulator.with_world(|world| {
        let index = world
            .organisation_by_id(&id)
            .ok_or_else(|| ApiFailure::not_found("Organisation"))?;
        world.organisations[index].send_delay = Duration::from_secs_f64(delay.seconds);
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}

async fn sent_messages(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    emulator.with_world(|world| Json(json!({ "messages": world.sent })))
}

async fn webhooks(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    emulator.with_world(|world| Json(json!({ "webhooks": world.webhooks })))
}

/// Where the product forwards account requests (IntellectDialog's sales contact).
async fn record_account_request(State(emulator): State<Emulator>, body: Bytes) -> ControlResult {
    let body: serde_json::Value = parse(&body)?;
    let record = AccountRequestRecord {
        received_at: precise_time(OffsetDateTime::now_utc()),
        body,
    };
    emulator.with_world(|world| world.account_requests.push(record.clone()));
    Ok((StatusCode::CREATED, Json(record)).into_response())
}

async fn account_requests(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    emulator.with_world(|world| Json(json!({ "account_requests": world.account_requests })))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail by panicking")]
mod tests {
    use super::super::{router, Emulator};
    use axum::extract::ConnectInfo;
    use axum::http::{Request, StatusCode};
    use std::net::SocketAddr;
    use tower::ServiceExt;

    async fn overview_from(peer: Option<&str>) -> StatusCode {
        let mut request = Request::get("/control")
            .body(axum::body::Body::empty())
            .unwrap();
        if let Some(peer) = peer {
            let address: SocketAddr = peer.parse().unwrap();
            request.extensions_mut().insert(ConnectInfo(address));
        }
        let router = router(Emulator::new(None).unwrap());
        router.oneshot(request).await.unwrap().status()
    }

    #[tokio::test]
    async fn the_controls_answer_this_machine_only() {
        assert_eq!(overview_from(Some("127.0.0.1:5000")).await, StatusCode::OK);
        assert_eq!(overview_from(Some("[::1]:5000")).await, StatusCode::OK);
        assert_eq!(
            overview_from(Some("10.1.2.3:5000")).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            overview_from(None).await,
            StatusCode::FORBIDDEN,
            "an unknown peer"
        );
    }
}
