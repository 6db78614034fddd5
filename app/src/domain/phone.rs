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
        Ok(Self(e164(trimmed, &digits)))
    }

    /// A phone as IntellectDialog or a PMS wrote it, normalised when it is
    /// one (`79001234567`, `8 (900) 123-45-67`), else as it came (trimmed):
    /// what stored phones are compared by.
    pub fn normalized(raw: &str) -> String {
        Self::parse(raw).map_or_else(|_| raw.trim().to_owned(), |phone| phone.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// E.164 of a phone in the form `raw` (digits `digits`): parsed with
/// libphonenumber's metadata (`phonenumber`), a number without a country
/// code read as Russian (`8 900 …` is `+7 900 …`); a number it cannot place
/// keeps its digits.
#[cfg(feature = "ssr")]
fn e164(raw: &str, digits: &str) -> String {
    use phonenumber::{country, Mode};
    let plus = raw.starts_with('+');
    let candidate = if plus {
        raw.to_owned()
    } else if digits.len() == 11 && (digits.starts_with('7') || digits.starts_with('8')) {
        digits.to_owned()
    } else {
        format!("+{digits}")
    };
    phonenumber::parse(Some(country::Id::RU), &candidate)
        .ok()
        .filter(phonenumber::is_valid)
        .map(|number| number.format().mode(Mode::E164).to_string())
        .unwrap_or_else(|| format!("+{digits}"))
}

/// The browser's reading (for hints only; the server's is the one stored).
#[cfg(not(feature = "ssr"))]
fn e164(raw: &str, digits: &str) -> String {
    match digits.strip_prefix('8') {
        Some(rest) if !raw.starts_with('+') && digits.len() == 11 => format!("+7{rest}"),
        _ => format!("+{digits}"),
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
    fn one_guest_whatever_way_the_number_is_written() {
        for raw in [
            "8 (900) 123-45-67",
            "+7 900 123 45 67",
            "79001234567",
            "+79001234567",
        ] {
            assert_eq!(Phone::normalized(raw), "+79001234567", "{raw}");
        }
        assert_eq!(Phone::normalized("+44 20 7946 0958"), "+442079460958");
        assert_eq!(Phone::normalized("not a phone"), "not a phone");
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
