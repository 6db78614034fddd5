//! The `response` envelope every IntellectDialog answer comes in.
//!
//! `{"response": {"date", "status": "success"|"error", "pagin"?, "data"?, "error"?}}`.
//! The emulator writes it with the same types the client reads it with.
use serde::{Deserialize, Serialize};

/// The outer object: one key, `response`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub response: Body<T>,
}

/// What `response` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Body<T> {
    #[serde(default)]
    pub date: Option<String>,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagin: Option<Pagin>,
    // Missing means `None` for an `Option` without `default` (which would demand `T: Default`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Paging of list answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagin {
    pub limit: u32,
    pub offset: u32,
    pub total: u64,
}

/// One page of a list, with its paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub pagin: Pagin,
}

/// `status` of a successful answer.
pub const SUCCESS: &str = "success";
/// `status` of a refused answer.
pub const ERROR: &str = "error";

impl<T> Envelope<T> {
    /// A successful answer carrying `data`.
    pub fn success(date: String, data: T) -> Self {
        Self::new(date, SUCCESS, None, Some(data), None)
    }

    /// A successful list answer.
    pub fn page(date: String, items: T, pagin: Pagin) -> Self {
        Self::new(date, SUCCESS, Some(pagin), Some(items), None)
    }

    fn new(
        date: String,
        status: &str,
        pagin: Option<Pagin>,
        data: Option<T>,
        error: Option<String>,
    ) -> Self {
        Self {
            response: Body {
                date: Some(date),
                status: status.to_owned(),
                pagin,
                data,
                error,
            },
        }
    }
}

impl Envelope<()> {
    /// An acknowledgement: only `date` and `status`.
    pub fn ack(date: String) -> Self {
        Self::new(date, SUCCESS, None, None, None)
    }

    /// A refusal with its message.
    pub fn error(date: String, message: impl Into<String>) -> Self {
        Self::new(date, ERROR, None, None, Some(message.into()))
    }
}
