//! A property's local time: its bookings' dates are local date-times in its
//! IANA zone, and every time the UI shows is in that zone. Server-only (the
//! time-zone database stays out of the browser bundle).
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

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

/// `DD.MM.YYYY HH:MM` of an instant in `zone`, as the UI shows times.
pub fn local_time(at_ms: i64, zone: &str) -> String {
    let zone = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    Timestamp::from_millisecond(at_ms)
        .map(|at| at.to_zoned(zone).strftime("%d.%m.%Y %H:%M").to_string())
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

/// An RFC 3339 instant as unix ms.
pub fn instant(value: &str) -> Option<i64> {
    value
        .trim()
        .parse::<Timestamp>()
        .ok()
        .map(|at| at.as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_round_trip_in_the_property_zone() {
        let at = local_to_ms("2026-12-01T10:00", "Europe/Moscow");
        assert_eq!(at, instant("2026-12-01T07:00:00Z"));
        assert_eq!(
            local_time(at.unwrap_or(0), "Europe/Moscow"),
            "01.12.2026 10:00"
        );
        assert_eq!(local_day(at.unwrap_or(0), "Asia/Vladivostok"), "2026-12-01");
        assert_eq!(local_to_ms("01.12.2026", "Europe/Moscow"), None);
        assert_eq!(local_to_ms("2026-12-01T10:00", "Mars/Olympus"), None);
    }

    #[test]
    fn guests_read_dates_in_their_language() {
        assert_eq!(guest_date("2026-11-27T14:00", "ru"), "27.11.2026");
        assert_eq!(guest_date("2026-11-27T14:00", "en"), "Nov 27, 2026");
    }
}
