//! `Client`: one organisation's view of the IntellectDialog API (its key), over a
//! shared HTTP connection pool. Requests, the envelope, limits and errors.
use super::envelope::{Body, Envelope, Page, ERROR};
use super::error::{classify, ApiError};
use reqwest::header::{AUTHORIZATION, RETRY_AFTER};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The real service's base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.intellectdialog.com/v2/";

/// Answers larger than this are refused rather than read into memory.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// A client for one organisation (one API key).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    key: SecretString,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Client")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// An HTTP pool with the timeouts calls to IntellectDialog need.
pub fn http_client(timeout: std::time::Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(std::time::Duration::from_secs(5)))
        .user_agent(concat!("contact-center/", env!("CARGO_PKG_VERSION")))
        .build()
}

impl Client {
    /// A client for `key` at `base_url` (with or without the trailing slash).
    pub fn new(http: reqwest::Client, base_url: &str, key: SecretString) -> Self {
        let base_url = format!("{}/", base_url.trim_end_matches('/'));
        Self {
            http,
            base_url,
            key,
        }
    }

    /// Sends a request and returns the envelope's body, or the classified error.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<Body<T>, ApiError> {
        let url = format!("{}{}", self.base_url, path.trim_start_matches('/'));
        let mut request = self
            .http
            .request(method.clone(), &url)
            .header(AUTHORIZATION, self.key.expose_secret())
            .query(query);
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let transient = |error: reqwest::Error| ApiError::Transient {
            path: path.to_owned(),
            detail: describe(&error),
        };
        let mut response = request.send().await.map_err(transient)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transient)? {
            if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(ApiError::Other {
                    path: path.to_owned(),
                    status,
                    detail: format!("answer larger than {MAX_RESPONSE_BYTES} bytes"),
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        let envelope = serde_json::from_slice::<Envelope<T>>(&bytes);
        let success = (200..300).contains(&status);
        match envelope {
            Ok(envelope) if success && envelope.response.status != ERROR => Ok(envelope.response),
            Ok(envelope) => {
                let text = envelope.response.error.unwrap_or_default();
                Err(classify(path, status, retry_after.as_deref(), &text))
            }
            Err(_) if !success => {
                let text = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
                Err(classify(path, status, retry_after.as_deref(), &text))
            }
            Err(error) => Err(ApiError::Other {
                path: path.to_owned(),
                status,
                detail: format!("unreadable answer: {error}"),
            }),
        }
    }

    /// `GET path` returning one object under `data`.
    pub(super) async fn get_one<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let body = self.send::<T>(Method::GET, path, &[], None).await?;
        body.data.ok_or_else(|| missing_data(path))
    }

    /// `GET path?query` returning one page of a list.
    pub(super) async fn get_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Page<T>, ApiError> {
        let body = self.send::<Vec<T>>(Method::GET, path, query, None).await?;
        let items = body.data.unwrap_or_default();
        let pagin = body.pagin.ok_or_else(|| missing_data(path))?;
        Ok(Page { items, pagin })
    }

    /// A call whose answer carries an object under `data`.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let body = self.send::<T>(method, path, &[], json(path, body)?).await?;
        body.data.ok_or_else(|| missing_data(path))
    }

    /// A call answered with a bare acknowledgement.
    pub(super) async fn ack(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(method, path, &[], json(path, body)?)
            .await
            .map(|_| ())
    }
}

fn json(path: &str, body: Option<&impl Serialize>) -> Result<Option<Vec<u8>>, ApiError> {
    body.map(serde_json::to_vec)
        .transpose()
        .map_err(|error| ApiError::Other {
            path: path.to_owned(),
            status: 0,
            detail: format!("request body not serialisable: {error}"),
        })
}

/// No request body, for [`Client::ack`] and [`Client::call`].
pub(super) const NO_BODY: Option<&()> = None;

fn missing_data(path: &str) -> ApiError {
    ApiError::Other {
        path: path.to_owned(),
        status: 200,
        detail: "the answer has no data".to_owned(),
    }
}

/// A short cause for a network failure (never the URL's query or headers).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else if error.is_body() || error.is_decode() {
        "the connection broke while reading the answer".to_owned()
    } else {
        "the request failed".to_owned()
    }
}

/// Query pairs for paging.
pub(super) fn paging(limit: Option<u32>, offset: Option<u32>) -> Vec<(&'static str, String)> {
    let mut query = Vec::new();
    if let Some(limit) = limit {
        query.push(("limit", limit.to_string()));
    }
    if let Some(offset) = offset {
        query.push(("offset", offset.to_string()));
    }
    query
}
