//! Formatting shared by server rendering and the browser (same output on both,
//! so hydration matches).

/// `25.11.2026 17:05 UTC` for unix milliseconds.
pub fn date_time_utc(unix_ms: i64) -> String {
    let format = time::macros::format_description!("[day].[month].[year] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1000))
        .ok()
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}

/// `17:05` today, `24.11 17:05` before, in the browser's time zone; empty
/// on the server (the component showing it fills it in after hydration).
pub fn local_short_time(unix_ms: i64) -> String {
    if unix_ms <= 0 || cfg!(not(target_arch = "wasm32")) {
        return String::new();
    }
    let at = js_sys::Date::new(&(unix_ms as f64).into());
    let today = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", at.get_hours(), at.get_minutes());
    if at.to_date_string() == today.to_date_string() {
        time
    } else {
        format!("{:02}.{:02} {time}", at.get_date(), at.get_month() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_day_first_in_utc() {
        assert_eq!(date_time_utc(1_795_620_300_000), "25.11.2026 15:25 UTC");
    }
}
