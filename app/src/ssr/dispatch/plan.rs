//! Step 1 of the scheduler, as a pure function: when (and whether) a mailing
//! sends its message for a booking, in the property's time zone.
use crate::domain::booking::{BookingSource, BookingStatus};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{parse_time, Anchor, LatePolicy, MailingSettings};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

/// What the planner needs to know of a booking.
#[derive(Debug, Clone)]
pub struct BookingFacts {
    pub status: BookingStatus,
    pub source: BookingSource,
    pub guaranteed: bool,
    pub arrival_local: String,
    pub departure_local: String,
    pub booked_at: i64,
    pub has_phone: bool,
}

impl BookingFacts {
    /// The facts from a booking's stored columns.
    pub fn from_row(
        status: &str,
        source: &str,
        guaranteed: bool,
        (arrival_local, departure_local): (&str, &str),
        booked_at: i64,
        phone: Option<&str>,
    ) -> Self {
        Self {
            status: BookingStatus::parse(status).unwrap_or(BookingStatus::Cancelled),
            source: BookingSource::parse(source).unwrap_or(BookingSource::Pms),
            guaranteed,
            arrival_local: arrival_local.to_owned(),
            departure_local: departure_local.to_owned(),
            booked_at,
            has_phone: phone.is_some_and(|phone| !phone.is_empty()),
        }
    }
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Send at this instant (unix ms).
    Due(i64),
    /// Nothing will be sent, for this reason (a stable code the UI translates).
    Skip(&'static str),
}

/// Why nothing is sent; the codes the UI and the API show.
pub mod reason {
    pub const BOOKING_CANCELLED: &str = "booking_cancelled";
    pub const NO_PHONE: &str = "no_phone";
    pub const GUARANTEED: &str = "guaranteed";
    pub const SOURCE_FILTERED: &str = "source_filtered";
    pub const STAY_FILTERED: &str = "stay_filtered";
    pub const TOO_LATE: &str = "too_late";
    pub const BOOKED_AFTER_SEND_TIME: &str = "booked_after_send_time";
    pub const MAILING_OFF: &str = "mailing_off";
    pub const INTEGRATION_OFF: &str = "integration_off";
    pub const STOP_LIST: &str = "stop_list";
    pub const BAD_DATES: &str = "bad_dates";
}

/// A local `YYYY-MM-DDTHH:MM` in `zone` as unix ms, or `None` when it is not one.
pub fn local_to_ms(local: &str, zone: &str) -> Option<i64> {
    let zone = TimeZone::get(zone).ok()?;
    let datetime: DateTime = local.trim().parse().ok()?;
    Some(datetime.to_zoned(zone).ok()?.timestamp().as_millisecond())
}

/// The property-local calendar day of an instant, `YYYY-MM-DD`.
pub fn local_day(at_ms: i64, zone: &str) -> String {
    let zone = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    Timestamp::from_millisecond(at_ms)
        .map(|instant| instant.to_zoned(zone).date().to_string())
        .unwrap_or_default()
}

/// A local date-time shown to guests: `27.11.2026` (ru) or `Nov 27, 2026` (en).
pub fn guest_date(local: &str, language: &str) -> String {
    match local.trim().parse::<DateTime>() {
        Ok(datetime) if language == "en" => datetime.strftime("%b %-d, %Y").to_string(),
        Ok(datetime) => datetime.strftime("%d.%m.%Y").to_string(),
        Err(_) => local.to_owned(),
    }
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
        return Plan::Skip(reason::BOOKING_CANCELLED);
    }
    if kind == MailingKind::NonGuaranteed && booking.guaranteed {
        return Plan::Skip(reason::GUARANTEED);
    }
    if !booking.has_phone {
        return Plan::Skip(reason::NO_PHONE);
    }
    let (Some(arrival), Some(departure)) = (
        local_to_ms(&booking.arrival_local, zone),
        local_to_ms(&booking.departure_local, zone),
    ) else {
        return Plan::Skip(reason::BAD_DATES);
    };
    if !(settings.sources.is_empty() || settings.sources.contains(&booking.source)) {
        return Plan::Skip(reason::SOURCE_FILTERED);
    }
    if !settings.accepts(booking.source, nights(booking)) {
        return Plan::Skip(reason::STAY_FILTERED);
    }
    let hour_ms = 3_600_000_i64;
    let offset = i64::from(settings.offset);
    let (due, deadline) = match settings.anchor {
        Anchor::BeforeArrival => {
            let Some(due) =
                days_before_at(&booking.arrival_local, offset, &settings.send_time, zone)
            else {
                return Plan::Skip(reason::BAD_DATES);
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
            Plan::Skip(reason::TOO_LATE)
        };
    }
    match settings.late {
        LatePolicy::Skip => Plan::Skip(reason::BOOKED_AFTER_SEND_TIME),
        LatePolicy::SendAtOnce if earliest < deadline => Plan::Due(earliest),
        LatePolicy::SendAtOnce => Plan::Skip(reason::TOO_LATE),
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
