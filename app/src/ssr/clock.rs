//! Time as the server's logic sees it: unix milliseconds, read in one place.

/// Milliseconds since the unix epoch, now.
pub fn now_ms() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64 / 1_000_000
}

/// Minutes expressed in milliseconds.
pub const fn minutes(count: i64) -> i64 {
    count * 60 * 1000
}

/// Hours expressed in milliseconds.
pub const fn hours(count: i64) -> i64 {
    minutes(count * 60)
}
