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
    let emulator = Emulator::new().expect("the emulator starts");
    tokio::spawn(async move { axum::serve(listener, router(emulator)).await });
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

    /// Calls a control endpoint with a JSON body and checks it succeeded.
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
        assert!(
            response.status().is_success(),
            "control {path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(serde_json::Value::Null)
    }

    pub async fn set_faults(&self, faults: serde_json::Value) {
        self.control(reqwest::Method::PUT, "/faults", faults).await;
    }

    /// What `POST messages` sent, in order, with the times they left.
    pub async fn sent(&self) -> Vec<serde_json::Value> {
        let body: serde_json::Value = self
            .http
            .get(format!("{}/sent-messages", self.control_url))
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .expect("a JSON answer");
        body["messages"].as_array().cloned().unwrap_or_default()
    }
}
