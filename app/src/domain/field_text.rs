//! One-line text fields as typed: trimmed, required, bounded, printable.
use crate::error::{AppError, FieldProblem};

/// `value` trimmed, or the problem with `field`: empty, longer than
/// `max_chars` characters, or holding control characters.
pub fn single_line<'a>(field: &str, value: &'a str, max_chars: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    if value.chars().count() > max_chars {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    if value.chars().any(|c| c.is_control() || invisible(c)) {
        return Err(AppError::invalid(field, FieldProblem::Invalid));
    }
    Ok(value)
}

/// Invisible formatting characters that make two values look alike or
/// reverse how text reads (zero-width, bidirectional overrides, BOM).
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_trimmed_and_checked() {
        assert_eq!(single_line("label", "  PMS  ", 5), Ok("PMS"));
        let problem = |value| match single_line("label", value, 5) {
            Err(AppError::Validation { problem, .. }) => Some(problem),
            _ => None,
        };
        assert_eq!(problem("   "), Some(FieldProblem::Required));
        assert_eq!(problem("abcdef"), Some(FieldProblem::TooLong));
        assert_eq!(problem("a\tb"), Some(FieldProblem::Invalid));
        assert_eq!(problem("ab\u{202E}c"), Some(FieldProblem::Invalid));
        assert_eq!(problem("ёжик"), None);
    }
}
