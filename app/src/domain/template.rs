//! Message templates with `{placeholder}`s, checked when saved and rendered
//! per booking (the same code renders the live preview in the browser).
use serde::{Deserialize, Serialize};

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 6] = [
    "guest_name",
    "property_name",
    "arrival_date",
    "departure_date",
    "booking_number",
    "payment_link",
];

/// The longest template accepted (WhatsApp allows far more; guests read less).
pub const TEMPLATE_MAX_CHARS: usize = 1000;

/// What a template is wrong about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateProblem {
    Empty,
    TooLong,
    /// `{name}` is not one of [`PLACEHOLDERS`].
    UnknownPlaceholder(String),
    /// A `{` without its `}` (or the reverse).
    Unbalanced,
}

/// The values placeholders are replaced with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateValues {
    pub guest_name: String,
    pub property_name: String,
    pub arrival_date: String,
    pub departure_date: String,
    pub booking_number: String,
    /// Empty when the booking has none.
    pub payment_link: String,
}

impl TemplateValues {
    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "guest_name" => &self.guest_name,
            "property_name" => &self.property_name,
            "arrival_date" => &self.arrival_date,
            "departure_date" => &self.departure_date,
            "booking_number" => &self.booking_number,
            "payment_link" => &self.payment_link,
            _ => return None,
        })
    }
}

/// Checks a template: not empty, not too long, only known, balanced placeholders.
pub fn check(template: &str) -> Result<(), TemplateProblem> {
    if template.trim().is_empty() {
        return Err(TemplateProblem::Empty);
    }
    if template.chars().count() > TEMPLATE_MAX_CHARS {
        return Err(TemplateProblem::TooLong);
    }
    for piece in pieces(template)? {
        if let Piece::Placeholder(name) = piece {
            if !PLACEHOLDERS.contains(&name) {
                return Err(TemplateProblem::UnknownPlaceholder(name.to_owned()));
            }
        }
    }
    Ok(())
}

/// The text a guest receives. Unknown placeholders (a template that skipped
/// [`check`]) are left as written.
pub fn render(template: &str, values: &TemplateValues) -> String {
    let Ok(pieces) = pieces(template) else {
        return template.to_owned();
    };
    let mut text = String::with_capacity(template.len() + 64);
    for piece in pieces {
        match piece {
            Piece::Text(part) => text.push_str(part),
            Piece::Placeholder(name) => match values.get(name) {
                Some(value) => text.push_str(value),
                None => {
                    text.push('{');
                    text.push_str(name);
                    text.push('}');
                }
            },
        }
    }
    text.trim().to_owned()
}

enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateProblem> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(TemplateProblem::Unbalanced);
        }
        let close = rest[open..].find('}').ok_or(TemplateProblem::Unbalanced)? + open;
        let name = rest[open + 1..close].trim();
        if name.contains('{') {
            return Err(TemplateProblem::Unbalanced);
        }
        pieces.push(Piece::Text(&rest[..open]));
        pieces.push(Piece::Placeholder(name));
        rest = &rest[close + 1..];
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> TemplateValues {
        TemplateValues {
            guest_name: "Анна".into(),
            property_name: "Отель «Волна»".into(),
            arrival_date: "27.11.2026".into(),
            departure_date: "30.11.2026".into(),
            booking_number: "B-1".into(),
            payment_link: String::new(),
        }
    }

    #[test]
    fn placeholders_are_replaced_by_the_booking_values() {
        let text = render(
            "Здравствуйте, {guest_name}! Ждём вас {arrival_date} в {property_name}. {payment_link}",
            &values(),
        );
        assert_eq!(
            text,
            "Здравствуйте, Анна! Ждём вас 27.11.2026 в Отель «Волна»."
        );
    }

    #[test]
    fn unknown_unbalanced_empty_and_long_templates_are_refused() {
        assert_eq!(
            check("Hi {guest}"),
            Err(TemplateProblem::UnknownPlaceholder("guest".into()))
        );
        assert_eq!(check("Hi {guest_name"), Err(TemplateProblem::Unbalanced));
        assert_eq!(check("Hi guest_name}"), Err(TemplateProblem::Unbalanced));
        assert_eq!(check("  "), Err(TemplateProblem::Empty));
        assert_eq!(
            check(&"x".repeat(TEMPLATE_MAX_CHARS + 1)),
            Err(TemplateProblem::TooLong)
        );
        assert_eq!(check("Hi {guest_name}, {booking_number}"), Ok(()));
    }
}
