//! A booking draft is read once: good drafts become a `BookingInput`, bad
//! ones name every field at fault.
use super::*;

fn draft() -> BookingDraft {
    BookingDraft {
        status: "active".into(),
        source: "site".into(),
        guaranteed: false,
        prepaid_amount: 0,
        payment_due_at: None,
        payment_link: Some(" https://pay.example/1 ".into()),
        arrival: "2026-12-03T14:00".into(),
        departure: "2026-12-05T12:00".into(),
        guest: GuestDraft {
            name: " Анна Гостева ".into(),
            phone: Some("+7 (912) 345-67-89".into()),
            email: Some("anna@example.com".into()),
            language: None,
        },
        booked_at: "2026-11-20T07:00:00Z".into(),
        modified_at: "2026-11-20T07:00:00Z".into(),
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<&'static str> {
    errors.into_iter().map(|error| error.field).collect()
}

#[test]
fn a_good_draft_is_read_into_checked_values() {
    let booking = BookingInput::parse(" 20261203-1 ", &draft(), "Europe/Moscow");
    let booking = booking.unwrap_or_else(|errors| panic!("{errors:?}"));
    assert_eq!(booking.number, "20261203-1");
    assert_eq!(booking.status, BookingStatus::Active);
    assert_eq!(booking.source, BookingSource::Site);
    assert_eq!(booking.guest_name, "Анна Гостева");
    assert_eq!(booking.guest_phone.as_deref(), Some("+79123456789"));
    assert_eq!(booking.guest_language, "ru");
    assert_eq!(
        booking.payment_link.as_deref(),
        Some("https://pay.example/1")
    );
    assert_eq!(
        Some(booking.arrival_at),
        local_to_ms("2026-12-03T14:00", "Europe/Moscow")
    );
}

#[test]
fn every_wrong_field_is_named_at_once() {
    let mut bad = draft();
    bad.status = "maybe".into();
    bad.source = "fax".into();
    bad.prepaid_amount = -1;
    bad.payment_due_at = Some("tomorrow".into());
    bad.payment_link = Some("ftp://pay".into());
    bad.departure = "2026-12-01T12:00".into();
    bad.guest = GuestDraft {
        name: " ".into(),
        phone: Some("12".into()),
        email: Some("nobody".into()),
        language: Some("de".into()),
    };
    bad.booked_at = "yesterday".into();
    let errors = BookingInput::parse("", &bad, "Europe/Moscow")
        .err()
        .unwrap_or_default();
    assert_eq!(
        fields(errors),
        vec![
            "number",
            "status",
            "source",
            "prepaid_amount",
            "payment_due_at",
            "payment_link",
            "departure",
            "guest.name",
            "guest.phone",
            "guest.email",
            "guest.language",
            "booked_at"
        ]
    );
}

#[test]
fn local_dates_must_exist_in_the_property_zone() {
    let mut bad = draft();
    bad.arrival = "03.12.2026 14:00".into();
    let errors = BookingInput::parse("1", &bad, "Europe/Moscow")
        .err()
        .unwrap_or_default();
    assert_eq!(fields(errors), vec!["arrival"]);
}
