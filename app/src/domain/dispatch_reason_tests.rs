//! The stored form of every reason reads back as the same reason.
use super::*;

fn every_reason() -> Vec<DispatchReason> {
    let classes = [
        ApiErrorClass::Unauthorized,
        ApiErrorClass::RateLimited,
        ApiErrorClass::InvalidRecipient,
        ApiErrorClass::NotFound,
        ApiErrorClass::Unavailable,
        ApiErrorClass::UnreadableAnswer,
        ApiErrorClass::Refused { status: 409 },
        ApiErrorClass::ProviderDisconnected,
        ApiErrorClass::ProviderBlocked,
    ];
    let mut reasons: Vec<DispatchReason> = [
        SkipReason::BookingCancelled,
        SkipReason::NoPhone,
        SkipReason::Guaranteed,
        SkipReason::SourceFiltered,
        SkipReason::StayFiltered,
        SkipReason::TooLate {
            deadline_at: 1_764_590_400_000,
        },
        SkipReason::BookedAfterSendTime,
        SkipReason::MailingOff,
        SkipReason::IntegrationOff,
        SkipReason::StopList,
        SkipReason::BadDates,
        SkipReason::OptedOut,
    ]
    .into_iter()
    .map(DispatchReason::from)
    .collect();
    reasons.extend(
        [
            FailureReason::InvalidRecipient,
            FailureReason::NeverReceived { attempts: 8 },
            FailureReason::NotDelivered,
        ]
        .map(DispatchReason::from),
    );
    reasons.extend(
        [
            RetryReason::KeyUnreadable,
            RetryReason::LeaseShort,
            RetryReason::NotReceived,
        ]
        .map(DispatchReason::from),
    );
    reasons.push(
        WaitReason::OutsideWindow {
            planned_at: 1_764_590_400_000,
        }
        .into(),
    );
    for class in classes {
        reasons.push(FailureReason::Refused { class }.into());
        reasons.push(
            FailureReason::GaveUp {
                attempts: 8,
                last: class,
            }
            .into(),
        );
        reasons.push(RetryReason::ApiError { class }.into());
        reasons.push(RetryReason::InDoubt { class }.into());
    }
    reasons
}

#[test]
fn every_reason_reads_back_from_its_columns() {
    for reason in every_reason() {
        let (code, data) = reason.to_columns();
        assert!(!code.is_empty(), "{reason:?}");
        assert_eq!(
            DispatchReason::from_columns(&code, data.as_deref()),
            Ok(reason),
            "{code} {data:?}"
        );
    }
}

#[test]
fn codes_are_the_stored_texts_of_today_and_unique_per_variant() {
    assert_eq!(
        DispatchReason::from(SkipReason::NoPhone).to_columns(),
        ("no_phone".to_owned(), None)
    );
    assert_eq!(
        DispatchReason::from(SkipReason::TooLate { deadline_at: 5 }).to_columns(),
        (
            "too_late".to_owned(),
            Some(r#"{"deadline_at":5}"#.to_owned())
        )
    );
    let mut codes: Vec<String> = every_reason()
        .iter()
        .map(|reason| reason.to_columns().0)
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 12 + 5 + 5 + 1, "{codes:?}");
    let mut documented: Vec<String> = DispatchReason::examples()
        .iter()
        .map(|reason| reason.to_columns().0)
        .collect();
    documented.sort();
    assert_eq!(documented, codes, "every code has an example");
}

#[test]
fn an_unknown_or_malformed_stored_reason_is_an_error_naming_it() {
    let unknown = DispatchReason::from_columns("moon_phase", None);
    assert_eq!(
        unknown.map_err(|error| error.to_string()),
        Err("unknown dispatch reason `moon_phase`".to_owned())
    );
    assert!(DispatchReason::from_columns("too_late", None).is_err());
    assert!(DispatchReason::from_columns("too_late", Some("[1]")).is_err());
    assert!(DispatchReason::from_columns("gave_up", Some(r#"{"attempts":8}"#)).is_err());
}
