//! Fault injection into the API (never the controls): latency, outages, 5xx,
//! 429 with `Retry-After`, hung requests and broken connections in front of
//! every request; and, for `POST messages`, the same failures *after* the
//! message was accepted and stored — the network or the server failing on the
//! way back, which leaves the sender in doubt whether the message left.
use super::envelope::{parse_body, ApiFailure};
use super::world::{AfterAccept, Faults};
use super::Emulator;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header::RETRY_AFTER, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use std::time::Duration;

/// How long a hung request is held: longer than any sane client waits.
const HANG: Duration = Duration::from_secs(120);

/// The faults a `PUT /control/faults` body asks for, or what is wrong with it
/// (422 naming the field).
pub fn parse(body: &[u8]) -> Result<Faults, ApiFailure> {
    let faults: Faults = parse_body(body)?;
    if !(0.0..=1.0).contains(&faults.error_rate) {
        return Err(ApiFailure::invalid(
            "error_rate must be between 0.0 and 1.0",
        ));
    }
    if let Some(rate) = faults.after_accept_rate {
        if faults.after_accept.is_none() {
            return Err(ApiFailure::invalid(
                "after_accept_rate needs after_accept (\"error\", \"hang\" or \"drop\")",
            ));
        }
        if !(0.0..=1.0).contains(&rate) {
            return Err(ApiFailure::invalid(
                "after_accept_rate must be between 0.0 and 1.0",
            ));
        }
    }
    Ok(faults)
}

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
        return server_error();
    }
    if faults.drop_connections {
        return broken_response();
    }
    next.run(request).await
}

/// What a send that was accepted and stored answers: `accepted`, unless
/// `after_accept` is set (and its rate hits), then a 500, `accepted` only
/// after two minutes, or a broken connection.
pub async fn after_accept(emulator: &Emulator, accepted: Response) -> Response {
    let (fault, rate) = emulator.with_world(|world| {
        (
            world.faults.after_accept,
            world.faults.after_accept_rate.unwrap_or(1.0),
        )
    });
    let Some(fault) = fault else {
        return accepted;
    };
    if !rand::thread_rng().gen_bool(rate.clamp(0.0, 1.0)) {
        return accepted;
    }
    match fault {
        AfterAccept::ServerError => server_error(),
        AfterAccept::Hang => {
            tokio::time::sleep(HANG).await;
            accepted
        }
        AfterAccept::Disconnect => broken_response(),
    }
}

fn server_error() -> Response {
    ApiFailure::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error").into_response()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(body: &str) -> ApiFailure {
        parse(body.as_bytes()).expect_err("refused")
    }

    #[test]
    fn each_accept_then_fail_fault_is_read_by_its_name() {
        for (name, fault) in [
            ("error", AfterAccept::ServerError),
            ("hang", AfterAccept::Hang),
            ("drop", AfterAccept::Disconnect),
        ] {
            let faults =
                parse(format!(r#"{{"after_accept":"{name}"}}"#).as_bytes()).expect("accepted");
            assert_eq!(faults.after_accept, Some(fault));
            assert_eq!(faults.after_accept_rate, None, "every send by default");
        }
    }

    #[test]
    fn an_accept_then_fail_fault_shows_under_its_own_name() {
        let faults =
            parse(br#"{"after_accept":"drop","after_accept_rate":0.25}"#).expect("accepted");

        let shown = serde_json::to_value(&faults).expect("serialisable");

        assert_eq!(shown["after_accept"], "drop");
        assert_eq!(shown["after_accept_rate"], 0.25);
        assert_eq!(
            serde_json::to_value(Faults::default()).expect("serialisable")["after_accept"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn an_unknown_accept_then_fail_fault_is_refused_by_the_field_name() {
        let refused = refusal(r#"{"after_accept":"explode"}"#);

        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .message
                .contains(r#"after_accept must be "error", "hang" or "drop", not "explode""#),
            "{}",
            refused.message
        );
        assert_eq!(
            refusal(r#"{"after_accept":true}"#).status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    #[test]
    fn a_rate_out_of_range_or_without_a_fault_is_refused_by_the_field_name() {
        let out_of_range = refusal(r#"{"after_accept":"error","after_accept_rate":1.5}"#);
        let without_fault = refusal(r#"{"after_accept_rate":0.5}"#);
        let error_rate = refusal(r#"{"error_rate":-0.1}"#);

        assert_eq!(
            out_of_range.message,
            "after_accept_rate must be between 0.0 and 1.0"
        );
        assert!(
            without_fault
                .message
                .starts_with("after_accept_rate needs after_accept"),
            "{}",
            without_fault.message
        );
        assert_eq!(error_rate.message, "error_rate must be between 0.0 and 1.0");
        for refused in [out_of_range, without_fault, error_rate] {
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }

    #[test]
    fn an_unknown_fault_is_refused() {
        assert_eq!(
            refusal(r#"{"after_acept":"error"}"#).status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}
