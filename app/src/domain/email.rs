//! `Email`: a normalised (trimmed, lower-case) e-mail address.
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// The longest e-mail address we accept (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// An e-mail address that passed [`Email::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Trims and lower-cases `raw`, then checks it looks like `local@domain.tld`.
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldProblem::Required);
        }
        if value.chars().count() > EMAIL_MAX_LEN {
            return Err(FieldProblem::TooLong);
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err(FieldProblem::InvalidEmail);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok || value.chars().any(char::is_whitespace) {
            return Err(FieldProblem::InvalidEmail);
        }
        if domain.contains('@') {
            return Err(FieldProblem::InvalidEmail);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Anna@Volna.Example ").unwrap().as_str(),
            "anna@volna.example"
        );
    }

    #[test]
    fn empty_input_is_required() {
        assert_eq!(Email::parse("   "), Err(FieldProblem::Required));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for raw in [
            "anna",
            "anna@",
            "@volna.ru",
            "anna@volna",
            "a b@volna.ru",
            "a@@volna.ru",
            "a@volna..ru",
        ] {
            assert_eq!(Email::parse(raw), Err(FieldProblem::InvalidEmail), "{raw}");
        }
    }

    #[test]
    fn over_long_addresses_are_refused() {
        let raw = format!("{}@volna.ru", "a".repeat(250));
        assert_eq!(Email::parse(&raw), Err(FieldProblem::TooLong));
    }
}
