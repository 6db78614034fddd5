//! The three service mailings, and how each is stored (`mailings.kind`).
use super::dispatch::UnknownValue;
use serde::{Deserialize, Serialize};

/// The three service mailings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailingKind {
    Welcome,
    Feedback,
    NonGuaranteed,
}

impl MailingKind {
    pub const ALL: [Self; 3] = [Self::Welcome, Self::Feedback, Self::NonGuaranteed];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }

    /// The kind a stored `mailings.kind` names.
    pub fn from_column(raw: &str) -> Result<Self, UnknownValue> {
        Self::parse(raw).ok_or_else(|| UnknownValue {
            kind: "mailing kind",
            value: raw.to_owned(),
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::Feedback => "feedback",
            Self::NonGuaranteed => "non_guaranteed",
        }
    }
}

crate::stored_text!(MailingKind, as_str, from_column);
