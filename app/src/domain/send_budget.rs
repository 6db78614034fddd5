//! How much one number may send now, under its policy (interval, caps,
//! warm-up, window, pause): one pure function the claim, the panel and the
//! forecast all ask, so the three never disagree. Server-only (time zones).
use super::local_time::local_day;
use super::sender::SenderWait;
use super::sender_policy::{SendWindow, SendingPolicy};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

const HOUR_MS: i64 = 3_600_000;

/// What the budget is computed from.
#[derive(Debug, Clone, Copy)]
pub struct SenderFacts<'a> {
    pub policy: &'a SendingPolicy,
    pub zone: &'a str,
    /// The number's next slot (the interval since its last send, or a 429's wait).
    pub next_allowed_at: i64,
    /// When it first sent through the product (the warm-up counts from its day).
    pub first_sent_at: Option<i64>,
    pub paused: bool,
    /// Its sends since at least an hour ago and the start of its local day, ascending.
    pub sends: &'a [i64],
}

/// What the number may do at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// It may send up to `allowed` messages now (`None`: no cap binds).
    Open { allowed: Option<u32> },
    /// It must wait, for `why`, until `until` (`None`: until someone acts).
    Wait { why: SenderWait, until: Option<i64> },
}

/// The budget of the number described by `facts` at `now`.
pub fn budget(facts: &SenderFacts<'_>, now: i64) -> Budget {
    let wait = |why, until| Budget::Wait { why, until };
    if facts.paused {
        return wait(SenderWait::Paused, None);
    }
    if let Some(window) = &facts.policy.window {
        let opens = next_opening(window, facts.zone, now);
        if opens != Some(now) {
            return wait(SenderWait::Window, opens);
        }
    }
    if facts.next_allowed_at > now {
        return wait(SenderWait::Interval, Some(facts.next_allowed_at));
    }
    let mut allowed: Option<u32> = None;
    if let Some(cap) = facts.policy.hourly() {
        // Sends in the last hour, its first instant included: two sends
        // exactly an hour apart are in one hour.
        let in_hour = count_after(facts.sends, now - HOUR_MS - 1);
        if in_hour >= cap {
            // The hour frees up when the oldest send that fills it is an hour old.
            let oldest = facts.sends.len() - in_hour as usize + (in_hour - cap) as usize;
            return wait(
                SenderWait::HourlyCap,
                Some(facts.sends[oldest] + HOUR_MS + 1),
            );
        }
        allowed = Some(cap - in_hour);
    }
    let day_number = day_number(facts, now);
    if let Some(cap) = facts.policy.cap_for_day(day_number) {
        let today = count_after(facts.sends, day_start(facts.zone, now) - 1);
        if today >= cap {
            let why = match facts.policy.warmup_stage(day_number).cap() {
                Some(ramp) if ramp < facts.policy.daily_cap || facts.policy.daily_cap == 0 => {
                    SenderWait::Warmup
                }
                _ => SenderWait::DailyCap,
            };
            let tomorrow = next_day_start(facts.zone, now);
            let opens = match &facts.policy.window {
                Some(window) => next_opening(window, facts.zone, tomorrow),
                None => Some(tomorrow),
            };
            return wait(why, opens);
        }
        let left = cap - today;
        allowed = Some(allowed.map_or(left, |hourly| hourly.min(left)));
    }
    Budget::Open { allowed }
}

/// The sends made after `since` (exclusive).
fn count_after(sends: &[i64], since: i64) -> u32 {
    let first = sends.partition_point(|&at| at <= since);
    u32::try_from(sends.len() - first).unwrap_or(u32::MAX)
}

/// Day 1 is the local day of the number's first send (or today, before it).
pub fn day_number(facts: &SenderFacts<'_>, now: i64) -> u32 {
    let Some(first) = facts.first_sent_at else {
        return 1;
    };
    let (Ok(first), Ok(today)) = (
        local_day(first, facts.zone).parse::<Date>(),
        local_day(now, facts.zone).parse::<Date>(),
    ) else {
        return 1;
    };
    first
        .until(today)
        .map(|span| span.get_days())
        .ok()
        .and_then(|days| u32::try_from(days.max(0) + 1).ok())
        .unwrap_or(1)
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// The start of the local day `now` falls in (unix ms).
pub fn day_start(zone_name: &str, now: i64) -> i64 {
    Timestamp::from_millisecond(now)
        .ok()
        .and_then(|at| at.to_zoned(zone(zone_name)).start_of_day().ok())
        .map_or(now, |start| start.timestamp().as_millisecond())
}

/// The start of the next local day.
pub fn next_day_start(zone_name: &str, now: i64) -> i64 {
    Timestamp::from_millisecond(now)
        .ok()
        .and_then(|at| {
            let date = at
                .to_zoned(zone(zone_name))
                .date()
                .checked_add(1.day())
                .ok()?;
            date.to_zoned(zone(zone_name)).ok()
        })
        .map_or(now + 24 * HOUR_MS, |start| {
            start.timestamp().as_millisecond()
        })
}

/// `now` when the window is open at `now`, else the instant it next opens;
/// `None` when it never opens (an unreadable or empty window).
pub fn next_opening(window: &SendWindow, zone_name: &str, now: i64) -> Option<i64> {
    let (start, end) = window.minutes()?;
    if start == end {
        return None;
    }
    let tz = zone(zone_name);
    let local = Timestamp::from_millisecond(now).ok()?.to_zoned(tz.clone());
    let minute = u32::try_from(local.hour()).ok()? * 60 + u32::try_from(local.minute()).ok()?;
    if window.contains_minute(minute) {
        return Some(now);
    }
    // Today's opening if still ahead, else tomorrow's (a DST gap moves it on).
    let (hour, minutes) = (
        i8::try_from(start / 60).ok()?,
        i8::try_from(start % 60).ok()?,
    );
    for days in 0..=2 {
        let date = local.date().checked_add(days.days()).ok()?;
        let opening = date
            .at(hour, minutes, 0, 0)
            .to_zoned(tz.clone())
            .ok()?
            .timestamp()
            .as_millisecond();
        if opening > now {
            return Some(opening);
        }
    }
    None
}

/// Whether the window (if any) is open at `now`.
pub fn window_open(policy: &SendingPolicy, zone_name: &str, now: i64) -> bool {
    policy
        .window
        .as_ref()
        .is_none_or(|window| next_opening(window, zone_name, now) == Some(now))
}

/// The instant a send planned for `at` may leave: `at` inside the window, the
/// next opening outside it. `None` when the window never opens.
pub fn within_window(policy: &SendingPolicy, zone_name: &str, at: i64) -> Option<i64> {
    match &policy.window {
        Some(window) => next_opening(window, zone_name, at),
        None => Some(at),
    }
}

#[cfg(test)]
#[path = "send_budget_tests.rs"]
mod tests;
