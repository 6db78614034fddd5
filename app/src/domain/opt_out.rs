//! Guests who asked for no mailings: the stop words that say so in a chat,
//! and the list administrators see and edit.
use serde::{Deserialize, Serialize};

/// Messages that are only one of these (any case, surrounding spaces and
/// punctuation ignored) opt the guest out.
pub const STOP_WORDS: [&str; 5] = ["стоп", "stop", "отписаться", "unsubscribe", "отписка"];

/// Whether a guest's message is only a stop word: «СТОП», « stop! », but not
/// «не надо стоп-кран» or «Stop sending me the wrong room».
pub fn is_stop_word(text: &str) -> bool {
    let word = text.trim().trim_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() || "«»…—–!?¡¿".contains(c)
    });
    let word = word.to_lowercase();
    STOP_WORDS.contains(&word.as_str())
}

/// Who put the guest on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptOutSource {
    /// The guest wrote a stop word.
    Guest,
    /// A member of staff added the number.
    Staff,
}

impl OptOutSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Guest => "guest",
            Self::Staff => "staff",
        }
    }

    pub fn from_column(raw: &str) -> Result<Self, super::UnknownValue> {
        [Self::Guest, Self::Staff]
            .into_iter()
            .find(|source| source.as_str() == raw)
            .ok_or_else(|| super::UnknownValue {
                kind: "opt-out source",
                value: raw.to_owned(),
            })
    }
}

crate::stored_text!(OptOutSource, as_str, from_column);

/// One guest on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptOutView {
    /// E.164.
    pub phone: String,
    pub source: OptOutSource,
    /// When, in the property's zone.
    pub created_at: String,
    /// The member of staff who added it, if one did.
    pub created_by: Option<String>,
    /// The guest's name from their latest booking, if any.
    pub guest_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_stop_word_on_its_own_opts_out() {
        for text in [
            "стоп",
            "СТОП",
            " Stop! ",
            "отписаться.",
            "UNSUBSCRIBE",
            "«Отписка»",
            "stop\n",
        ] {
            assert!(is_stop_word(text), "{text:?}");
        }
        for text in [
            "стоп-кран не работает",
            "Stop sending me the wrong room",
            "не надо стоп",
            "stopp",
            "",
        ] {
            assert!(!is_stop_word(text), "{text:?}");
        }
    }
}
