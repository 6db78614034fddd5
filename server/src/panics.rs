//! A request handler that panics answers 500 with an id the log also names,
//! and the server goes on: the panic never reaches the connection's task.
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// The layer every route sits behind.
pub fn catch_panics() -> CatchPanicLayer<fn(Box<dyn Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(answer_panic as fn(Box<dyn Any + Send + 'static>) -> Response)
}

/// Logs the panic under a fresh id and tells the browser that id.
fn answer_panic(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    let id = uuid::Uuid::new_v4().simple().to_string();
    let id = &id[..12];
    tracing::error!(error_id = id, panic = message, "a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "Внутренняя ошибка сервера. Сообщите в поддержку код {id}.\n\
             Internal server error. Tell support the code {id}.\n"
        ),
    )
        .into_response()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail by panicking")]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use std::sync::{Arc, Mutex};

    /// Log lines written by the subscriber under test.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    async fn panicking() -> &'static str {
        panic!("a handler's bug")
    }

    #[tokio::test]
    async fn two_panics_in_a_row_answer_500_with_an_id_and_the_server_keeps_serving() {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        // The test's runtime runs every task on this thread.
        let _guard = tracing::subscriber::set_default(subscriber);
        let router = Router::new()
            .route("/panic", get(panicking))
            .route("/fine", get(|| async { "fine" }))
            .layer(catch_panics());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let client = reqwest::Client::new();
        for _ in 0..2 {
            let answer = client
                .get(format!("http://{address}/panic"))
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 500);
            let body = answer.text().await.unwrap();
            let id = body
                .split("Tell support the code ")
                .nth(1)
                .map(|rest| rest.trim_end_matches(|c: char| c == '.' || c.is_whitespace()))
                .unwrap();
            assert_eq!(id.len(), 12, "{body}");
            let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
            assert!(
                logged.contains(&format!("error_id=\"{id}\""))
                    || logged.contains(&format!("error_id={id}")),
                "the log names {id}: {logged}"
            );
            assert!(logged.contains("a handler's bug"), "{logged}");
        }
        let answer = client
            .get(format!("http://{address}/fine"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.text().await.unwrap(), "fine");
    }
}
