//! Step 1 of the scheduler, as a pure function: when (and whether) a mailing
//! sends its message for a booking, in the property's time zone.
pub use crate::domain::booking::BookingFacts;
use crate::domain::booking::BookingStatus;
pub use crate::domain::local_time::{guest_date, local_day, local_to_ms};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{parse_time, Anchor, LatePolicy, MailingSettings};
use crate::domain::send_budget;
use crate::domain::sender_policy::SendingPolicy;
use crate::domain::SkipReason;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Span;

/// The planner's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Send at this instant, before the deadline.
    Due(Due),
    /// Nothing will be sent, for this reason.
    Skip(SkipReason),
}

/// When a dispatch is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Unix ms.
    pub at: i64,
    /// After this instant the message makes no sense (unix ms).
    pub deadline_at: i64,
    /// The mailing's own moment, when the number's send window moved it.
    pub moved_from: Option<i64>,
}

impl Plan {
    /// The instant it is due, if it is.
    pub fn due_at(&self) -> Option<i64> {
        match self {
            Plan::Due(due) => Some(due.at),
            Plan::Skip(_) => None,
        }
    }
}

/// Where and under what a mailing plans: the property's zone, when the
/// mailing was switched on, and the sender number's policy (its window).
#[derive(Debug, Clone, Copy)]
pub struct PlanContext<'a> {
    pub zone: &'a str,
    pub activated_at: i64,
    pub policy: Option<&'a SendingPolicy>,
}

/// [`plan_in`] without a sender policy (no send window).
pub fn plan(
    kind: MailingKind,
    settings: &MailingSettings,
    booking: &BookingFacts,
    zone: &str,
    activated_at: i64,
) -> Plan {
    let context = PlanContext {
        zone,
        activated_at,
        policy: None,
    };
    plan_in(kind, settings, booking, &context)
}

/// When (and whether) `kind` with `settings` sends for `booking`. Planning
/// never looks at the clock: a booking made after its send moment is "late"
/// relative to when it was booked or the mailing activated, whichever is
/// later. A moment outside the number's send window moves to its opening.
pub fn plan_in(
    kind: MailingKind,
    settings: &MailingSettings,
    booking: &BookingFacts,
    context: &PlanContext<'_>,
) -> Plan {
    let zone = context.zone;
    if let Some(why) = ruled_out(kind, settings, booking) {
        return Plan::Skip(why);
    }
    let (Some(_), Some(departure)) = (
        local_to_ms(&booking.arrival_local, zone),
        local_to_ms(&booking.departure_local, zone),
    ) else {
        return Plan::Skip(SkipReason::BadDates);
    };
    let Some(deadline) = deadline(kind, settings, booking, zone) else {
        return Plan::Skip(SkipReason::BadDates);
    };
    let hour_ms = 3_600_000_i64;
    let offset = i64::from(settings.offset);
    let due = match settings.anchor {
        Anchor::BeforeArrival => {
            match days_before_at(&booking.arrival_local, offset, &settings.send_time, zone) {
                Some(due) => due,
                None => return Plan::Skip(SkipReason::BadDates),
            }
        }
        Anchor::AfterBooking => booking.booked_at + offset * hour_ms,
        Anchor::AfterDeparture => departure + offset * hour_ms,
    };
    let earliest = booking.booked_at.max(context.activated_at);
    let too_late = Plan::Skip(SkipReason::TooLate {
        deadline_at: deadline,
    });
    let due = if due >= earliest {
        due
    } else {
        match settings.late {
            LatePolicy::Skip => return Plan::Skip(SkipReason::BookedAfterSendTime),
            LatePolicy::SendAtOnce => earliest,
        }
    };
    let Some(at) = context.policy.map_or(Some(due), |policy| {
        send_budget::within_window(policy, zone, due)
    }) else {
        return too_late;
    };
    if at >= deadline {
        return too_late;
    }
    Plan::Due(Due {
        at,
        deadline_at: deadline,
        moved_from: (at != due).then_some(due),
    })
}

/// What rules a booking out before any time is computed.
fn ruled_out(
    kind: MailingKind,
    settings: &MailingSettings,
    booking: &BookingFacts,
) -> Option<SkipReason> {
    if booking.status == BookingStatus::Cancelled {
        return Some(SkipReason::BookingCancelled);
    }
    if kind == MailingKind::NonGuaranteed && booking.guaranteed {
        return Some(SkipReason::Guaranteed);
    }
    if !booking.has_phone {
        return Some(SkipReason::NoPhone);
    }
    if booking.opted_out {
        return Some(SkipReason::OptedOut);
    }
    if !(settings.sources.is_empty() || settings.sources.contains(&booking.source)) {
        return Some(SkipReason::SourceFiltered);
    }
    if !settings.accepts(booking.source, nights(booking)) {
        return Some(SkipReason::StayFiltered);
    }
    None
}

/// The moment after which sending no longer makes sense: the arrival for the
/// welcome; the payment deadline (or the arrival, if earlier or none) for a
/// non-guaranteed booking; `deadline_days` after departure for feedback.
pub fn deadline(
    kind: MailingKind,
    settings: &MailingSettings,
    booking: &BookingFacts,
    zone: &str,
) -> Option<i64> {
    let arrival = local_to_ms(&booking.arrival_local, zone)?;
    Some(match kind {
        MailingKind::Welcome => arrival,
        MailingKind::NonGuaranteed => booking
            .payment_due_at
            .map_or(arrival, |due| due.min(arrival)),
        MailingKind::Feedback => {
            local_to_ms(&booking.departure_local, zone)?
                + i64::from(settings.deadline_days) * 86_400_000
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
