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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_day_first_in_utc() {
        assert_eq!(date_time_utc(1_795_620_300_000), "25.11.2026 15:25 UTC");
    }
}
