//! Each injected fault makes the client return the matching error class.
use crate::emulator_helpers::spawn_emulator;
use app::ssr::intellectdialog::ApiError;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn an_outage_is_transient() {
    let emulator = spawn_emulator().await;
    emulator.set_faults(json!({ "outage": true })).await;

    let error = emulator.demo_client().company().await.unwrap_err();

    assert!(matches!(error, ApiError::Transient { .. }), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn server_errors_are_transient() {
    let emulator = spawn_emulator().await;
    emulator.set_faults(json!({ "error_rate": 1.0 })).await;

    let error = emulator
        .demo_client()
        .providers(None, None)
        .await
        .unwrap_err();

    assert!(matches!(error, ApiError::Transient { .. }), "{error:?}");
}

#[tokio::test]
async fn a_rate_limit_carries_retry_after() {
    let emulator = spawn_emulator().await;
    emulator
        .set_faults(json!({ "rate_limit_retry_after": 42 }))
        .await;

    let error = emulator.demo_client().company().await.unwrap_err();

    assert_eq!(
        error,
        ApiError::RateLimited {
            path: "companies".into(),
            retry_after: Some(Duration::from_secs(42))
        }
    );
}

#[tokio::test]
async fn a_hung_request_times_out_as_transient() {
    let emulator = spawn_emulator().await;
    emulator.set_faults(json!({ "timeout": true })).await;

    let error = emulator.demo_client().company().await.unwrap_err();

    assert!(
        matches!(&error, ApiError::Transient { detail, .. } if detail == "timed out"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_transient() {
    let emulator = spawn_emulator().await;
    emulator
        .set_faults(json!({ "drop_connections": true }))
        .await;

    let error = emulator.demo_client().company().await.unwrap_err();

    assert!(matches!(error, ApiError::Transient { .. }), "{error:?}");
}

#[tokio::test]
async fn added_latency_delays_but_does_not_fail() {
    let emulator = spawn_emulator().await;
    emulator.set_faults(json!({ "latency_ms": 300 })).await;

    let started = Instant::now();
    let company = emulator.demo_client().company().await;

    assert!(company.is_ok());
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn clearing_faults_restores_service_and_bad_faults_are_refused() {
    let emulator = spawn_emulator().await;
    emulator.set_faults(json!({ "outage": true })).await;

    emulator
        .control(reqwest::Method::DELETE, "/faults", json!(null))
        .await;
    let refused = emulator
        .http
        .put(format!("{}/faults", emulator.control_url))
        .json(&json!({ "error_rate": 2.0 }))
        .send()
        .await
        .unwrap();
    let unknown_field = emulator
        .http
        .put(format!("{}/faults", emulator.control_url))
        .json(&json!({ "explode": true }))
        .send()
        .await
        .unwrap();

    let not_json = emulator
        .http
        .post(format!("{}/reset", emulator.control_url))
        .body("x=1")
        .send()
        .await
        .unwrap();

    assert!(emulator.demo_client().company().await.is_ok());
    assert_eq!(not_json.status(), 415);
    assert_eq!(refused.status(), 422);
    assert_eq!(unknown_field.status(), 422);
}

#[tokio::test]
async fn an_unreachable_service_is_transient() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let http = app::ssr::intellectdialog::http_client(Duration::from_secs(1)).unwrap();
    let client = app::ssr::intellectdialog::Client::new(
        http,
        &format!("http://{address}/v2"),
        "key".to_owned().into(),
    );

    let error = client.company().await.unwrap_err();

    assert!(
        matches!(&error, ApiError::Transient { detail, .. } if detail == "could not connect"),
        "{error:?}"
    );
}

/// A server that answers every request with `body` and `status`.
async fn spawn_fixed_answer(status: u16, body: Vec<u8>) -> app::ssr::intellectdialog::Client {
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move { (axum::http::StatusCode::from_u16(status).unwrap(), body) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let http = app::ssr::intellectdialog::http_client(Duration::from_secs(5)).unwrap();
    app::ssr::intellectdialog::Client::new(
        http,
        &format!("http://{address}/v2/"),
        "key".to_owned().into(),
    )
}

#[tokio::test]
async fn an_oversized_answer_is_refused_without_reading_it_all() {
    let client = spawn_fixed_answer(200, vec![b' '; 9 * 1024 * 1024]).await;

    let error = client.company().await.unwrap_err();

    assert!(
        matches!(&error, ApiError::Other { detail, .. } if detail.contains("larger than")),
        "{error:?}"
    );
}

#[tokio::test]
async fn malformed_or_unexpected_answers_are_errors_not_panics() {
    let not_json = spawn_fixed_answer(200, b"<html>maintenance</html>".to_vec()).await;
    let wrong_shape = spawn_fixed_answer(
        200,
        br#"{"response":{"status":"success","data":{"unexpected":true}}}"#.to_vec(),
    )
    .await;
    let html_502 = spawn_fixed_answer(502, b"<html>Bad gateway</html>".to_vec()).await;

    assert!(matches!(
        not_json.company().await,
        Err(ApiError::Other { status: 200, .. })
    ));
    assert!(matches!(
        wrong_shape.company().await,
        Err(ApiError::Other { status: 200, .. })
    ));
    assert!(matches!(
        html_502.company().await,
        Err(ApiError::Transient { .. })
    ));
}
