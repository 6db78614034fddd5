//! `spawn_emulator()`: a standalone IntellectDialog emulator for the contract tests.

/// A standalone emulator on a free port, as the contract tests see it.
pub struct TestEmulator {
    pub base_url: String,
    pub control_url: String,
    pub http: reqwest::Client,
}

pub async fn spawn_emulator() -> TestEmulator {
    use server::emulator::{router, Emulator};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("a bound address");
    let emulator = Emulator::new(None).expect("the emulator starts");
    let service = router(emulator).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    TestEmulator::at(&format!("http://{address}"))
}

impl TestEmulator {
    /// The emulator whose `/v2` and `/control` live under `root`.
    pub fn at(root: &str) -> Self {
        TestEmulator {
            base_url: format!("{root}/v2/"),
            control_url: format!("{root}/control"),
            http: reqwest::Client::new(),
        }
    }

    /// A client with `key` and a short timeout (so the timeout fault is quick).
    pub fn client(&self, key: &str) -> app::ssr::intellectdialog::Client {
        let http = app::ssr::intellectdialog::http_client(std::time::Duration::from_secs(1))
            .expect("an HTTP client");
        app::ssr::intellectdialog::Client::new(http, &self.base_url, key.to_owned().into())
    }

    pub fn demo_client(&self) -> app::ssr::intellectdialog::Client {
        self.client(server::emulator::seed::DEMO_API_KEY)
    }

    /// Calls a control endpoint with a JSON body and checks it succeeded; its
    /// JSON answer, or `Null` for an empty one (204).
    pub async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let response = self
            .http
            .request(method, format!("{}{path}", self.control_url))
            .json(&body)
            .send()
            .await
            .expect("the emulator answers");
        let status = response.status();
        let text = response.text().await.expect("a control answer");
        assert!(status.is_success(), "control {path}: {status} {text}");
        if text.is_empty() {
            return serde_json::Value::Null;
        }
        serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("control {path} answered no JSON ({error}): {text}"))
    }

    pub async fn set_faults(&self, faults: serde_json::Value) {
        self.control(reqwest::Method::PUT, "/faults", faults).await;
    }

    /// `GET /control{path}`'s `field`, which must be an array.
    pub async fn list(&self, path: &str, field: &str) -> Vec<serde_json::Value> {
        let body = self
            .control(reqwest::Method::GET, path, serde_json::Value::Null)
            .await;
        body[field]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has no `{field}` array: {body}"))
            .clone()
    }

    /// What `POST messages` sent, in order, with the times they left.
    pub async fn sent(&self) -> Vec<serde_json::Value> {
        self.list("/sent-messages", "messages").await
    }

    /// Every `/v2/` request, in order of arrival, with its status once answered.
    pub async fn requests(&self) -> Vec<serde_json::Value> {
        self.list("/requests", "requests").await
    }

    /// The `/v2/` requests made so far with `method` to `path` (`"/messages"`).
    pub async fn requests_to(&self, method: &str, path: &str) -> Vec<serde_json::Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|request| request["method"] == method && request["path"] == path)
            .collect()
    }

    /// Every webhook the emulator delivered (or tried to), in order.
    pub async fn webhooks(&self) -> Vec<serde_json::Value> {
        self.list("/webhooks", "webhooks").await
    }

    /// No delivery reports for an hour: a test that wants a dispatch settled
    /// by the sender itself, not by a `delivered` webhook.
    pub async fn hold_delivery_reports(&self) {
        self.control(
            reqwest::Method::PUT,
            "/timings",
            serde_json::json!({ "delivered_after_ms": 3_600_000, "read_after_ms": 3_600_000 }),
        )
        .await;
    }
}

/// A control's RFC 3339 time as unix ms.
pub fn ms_of(value: &serde_json::Value) -> i64 {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("a time, not {value}"));
    let at: jiff::Timestamp = text
        .parse()
        .unwrap_or_else(|error| panic!("{text} is no instant: {error}"));
    at.as_millisecond()
}
