//! Service mailings as the «Рассылки» list shows them (F10).
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
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "welcome" => Some(Self::Welcome),
            "feedback" => Some(Self::Feedback),
            "non_guaranteed" => Some(Self::NonGuaranteed),
            _ => None,
        }
    }
}

/// One mailing in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingView {
    pub kind: MailingKind,
    pub active: bool,
}
