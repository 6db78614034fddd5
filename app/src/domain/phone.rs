//! `Phone`: a phone number normalised to E.164 (`+79161234567`).
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// The longest phone input accepted, separators included.
pub const PHONE_MAX_LEN: usize = 20;

/// A phone with 10 to 15 digits, stored as `+` and the digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// Accepts an optional leading `+`, digits, spaces, dashes and brackets.
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldProblem::Required);
        }
        if trimmed.chars().count() > PHONE_MAX_LEN {
            return Err(FieldProblem::TooLong);
        }
        let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
        if !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
        {
            return Err(FieldProblem::InvalidPhone);
        }
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        if !(10..=15).contains(&digits.len()) {
            return Err(FieldProblem::InvalidPhone);
        }
        Ok(Self(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_to_e164() {
        assert_eq!(
            Phone::parse("+7 (916) 123-45-67").unwrap().as_str(),
            "+79161234567"
        );
        assert_eq!(
            Phone::parse("79161234567").unwrap().as_str(),
            "+79161234567"
        );
    }

    #[test]
    fn malformed_phones_are_refused_with_the_reason() {
        assert_eq!(Phone::parse("  "), Err(FieldProblem::Required));
        assert_eq!(
            Phone::parse("+7 916 123 45 67 89 00 11"),
            Err(FieldProblem::TooLong)
        );
        for raw in ["12345", "+7916abc4567", "++79161234567"] {
            assert_eq!(Phone::parse(raw), Err(FieldProblem::InvalidPhone), "{raw}");
        }
    }
}
