//! Step 1 of the scheduler, as a pure function: when (and whether) a mailing
//! sends its message for a booking, in the property's time zone.
pub use crate::domain::booking::BookingFacts;
use crate::domain::booking::BookingStatus;
pub use crate::domain::local_time::{guest_date, local_day, local_to_ms};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{parse_time, Anchor, LatePolicy, MailingSettings};
use crate::domain::SkipReason;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Span;

/// The planner's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Send at this instant (unix ms).
    Due(i64),
    /// Nothing will be sent, for this reason.
    Skip(SkipReason),
}

/// When `kind` with `settings` sends for `booking`, given the property's
/// zone and when the mailing was switched on. Planning never looks at the
/// clock: a booking made after its send moment is "late" relative to when it
/// was booked or the mailing activated, whichever is later.
pub fn plan(
    kind: MailingKind,
    settings: &MailingSettings,
    booking: &BookingFacts,
    zone: &str,
    activated_at: i64,
) -> Plan {
    if booking.status == BookingStatus::Cancelled {
        return Plan::Skip(SkipReason::BookingCancelled);
    }
    if kind == MailingKind::NonGuaranteed && booking.guaranteed {
        return Plan::Skip(SkipReason::Guaranteed);
    }
    if !booking.has_phone {
        return Plan::Skip(SkipReason::NoPhone);
    }
    let (Some(arrival), Some(departure)) = (
        local_to_ms(&booking.arrival_local, zone),
        local_to_ms(&booking.departure_local, zone),
    ) else {
        return Plan::Skip(SkipReason::BadDates);
    };
    if !(settings.sources.is_empty() || settings.sources.contains(&booking.source)) {
        return Plan::Skip(SkipReason::SourceFiltered);
    }
    if !settings.accepts(booking.source, nights(booking)) {
        return Plan::Skip(SkipReason::StayFiltered);
    }
    let hour_ms = 3_600_000_i64;
    let offset = i64::from(settings.offset);
    let (due, deadline) = match settings.anchor {
        Anchor::BeforeArrival => {
            let Some(due) =
                days_before_at(&booking.arrival_local, offset, &settings.send_time, zone)
            else {
                return Plan::Skip(SkipReason::BadDates);
            };
            (due, arrival)
        }
        Anchor::AfterBooking => (booking.booked_at + offset * hour_ms, arrival),
        Anchor::AfterDeparture => {
            let due = departure + offset * hour_ms;
            (due, due + 72 * hour_ms)
        }
    };
    let earliest = booking.booked_at.max(activated_at);
    if due >= earliest {
        return if due < deadline {
            Plan::Due(due)
        } else {
            Plan::Skip(SkipReason::TooLate {
                deadline_at: deadline,
            })
        };
    }
    match settings.late {
        LatePolicy::Skip => Plan::Skip(SkipReason::BookedAfterSendTime),
        LatePolicy::SendAtOnce if earliest < deadline => Plan::Due(earliest),
        LatePolicy::SendAtOnce => Plan::Skip(SkipReason::TooLate {
            deadline_at: deadline,
        }),
    }
}

/// The moment after which sending no longer makes sense: the arrival for
/// messages before it, three days after the feedback moment for feedback.
pub fn deadline(settings: &MailingSettings, booking: &BookingFacts, zone: &str) -> Option<i64> {
    Some(match settings.anchor {
        Anchor::BeforeArrival | Anchor::AfterBooking => local_to_ms(&booking.arrival_local, zone)?,
        Anchor::AfterDeparture => {
            local_to_ms(&booking.departure_local, zone)?
                + (i64::from(settings.offset) + 72) * 3_600_000
        }
    })
}

/// Nights between the arrival and departure dates.
fn nights(booking: &BookingFacts) -> i64 {
    let parse = |local: &str| {
        local
            .trim()
            .parse::<DateTime>()
            .ok()
            .map(|datetime| datetime.date())
    };
    match (
        parse(&booking.arrival_local),
        parse(&booking.departure_local),
    ) {
        (Some(arrival), Some(departure)) => arrival
            .until(departure)
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0),
        _ => 0,
    }
}

/// `days` before the date of `local`, at `time` in `zone`.
fn days_before_at(local: &str, days: i64, time: &str, zone: &str) -> Option<i64> {
    let (hour, minute) = parse_time(time)?;
    let date = local.trim().parse::<DateTime>().ok()?.date();
    let date = date.checked_sub(Span::new().days(days)).ok()?;
    let zone = TimeZone::get(zone).ok()?;
    Some(
        date.at(hour, minute, 0, 0)
            .to_zoned(zone)
            .ok()?
            .timestamp()
            .as_millisecond(),
    )
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
