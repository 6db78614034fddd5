//! Requests for an IntellectDialog account (F3), as the UI sends and lists them.
use serde::{Deserialize, Serialize};

pub const CONTACT_NAME_MAX_LEN: usize = 100;
pub const PROPERTY_NAME_MAX_LEN: usize = 200;
pub const COMMENT_MAX_LEN: usize = 2000;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRequestStatus {
    /// Stored, being forwarded.
    Pending,
    /// IntellectDialog's sales contact has it.
    Sent,
    /// Forwarding failed; it is retried automatically.
    Failed,
}

impl AccountRequestStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }
}

/// One request in the property's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRequestView {
    pub id: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    pub contact_name: String,
    pub email: String,
    pub status: AccountRequestStatus,
}

/// What the form starts with: the user's name and e-mail, the property's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRequestDefaults {
    pub contact_name: String,
    pub email: String,
    pub property_name: String,
}
