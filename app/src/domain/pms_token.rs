//! PMS API tokens as their property's administrators see them: a label and
//! when the token was issued and last used — the token itself only once,
//! when it is issued.
use serde::{Deserialize, Serialize};

/// The longest label, in characters.
pub const LABEL_MAX_LEN: usize = 60;

/// A live token (its value is never shown again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmsTokenView {
    pub id: i64,
    pub label: String,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms of the last request that carried it.
    pub last_used_at: Option<i64>,
}

/// A token just issued: the value, shown this once, and the new list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: String,
    pub tokens: Vec<PmsTokenView>,
}
