//! How one sender number (property × IntellectDialog provider) may send the
//! service mailings: random extra delay on top of the interval, hourly and
//! daily caps, a warm-up ramp for a new number, a send window in the
//! property's time zone, and when to pause the number by itself. The
//! defaults are safe without reading anything (`../reference/whatsapp-sending.md`).
use serde::{Deserialize, Serialize};

/// One step of the warm-up ramp: `cap` sends a day for `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarmupStep {
    pub days: u32,
    pub cap: u32,
}

/// The local hours sends may leave in, `HH:MM`–`HH:MM`; it spans midnight
/// when the end is before the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendWindow {
    pub start: String,
    pub end: String,
}

impl SendWindow {
    /// The window as minutes of the day, `(start, end)`, when both are `HH:MM`.
    pub fn minutes(&self) -> Option<(u32, u32)> {
        Some((minute_of_day(&self.start)?, minute_of_day(&self.end)?))
    }

    /// Whether the local minute of the day `minute` is inside the window.
    pub fn contains_minute(&self, minute: u32) -> bool {
        match self.minutes() {
            Some((start, end)) if start < end => (start..end).contains(&minute),
            Some((start, end)) if start > end => minute >= start || minute < end,
            // An empty or unreadable window never opens: better silent than at night.
            _ => false,
        }
    }
}

/// `HH:MM` as minutes since midnight.
pub fn minute_of_day(value: &str) -> Option<u32> {
    let (hours, minutes) = super::mailing_settings::parse_time(value)?;
    Some(u32::try_from(hours).ok()? * 60 + u32::try_from(minutes).ok()?)
}

/// A number's sending policy. Caps of 0 mean "no cap", and pause thresholds
/// of 0 "never pause for this": only configuration outside the UI (tests,
/// benchmarks) sets them, the form asks for a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendingPolicy {
    /// Up to this share of the interval is added at random to every gap.
    pub jitter_percent: u32,
    /// Sends in any 60 minutes.
    pub hourly_cap: u32,
    /// Sends in the property's local day.
    pub daily_cap: u32,
    /// The daily caps of a new number, counted from its first send here.
    pub warmup: Vec<WarmupStep>,
    /// An administrator confirmed the number is already warmed up.
    pub warmed: bool,
    /// `None`: any time of the day.
    pub window: Option<SendWindow>,
    /// Pause when this many messages in a row stay "sent" for an hour.
    pub undelivered_run: u32,
    /// Pause when this share (%) of an hour's messages stays "sent" for an hour.
    pub undelivered_share_percent: u32,
    /// Pause after this many 429 answers in a row.
    pub rate_limit_pause_after: u32,
}

impl Default for SendingPolicy {
    fn default() -> Self {
        Self {
            jitter_percent: 20,
            hourly_cap: 12,
            daily_cap: 100,
            warmup: vec![
                WarmupStep { days: 3, cap: 20 },
                WarmupStep { days: 4, cap: 50 },
            ],
            warmed: false,
            window: Some(SendWindow {
                start: "09:00".to_owned(),
                end: "21:00".to_owned(),
            }),
            undelivered_run: 10,
            undelivered_share_percent: 30,
            rate_limit_pause_after: 3,
        }
    }
}

impl SendingPolicy {
    /// A policy that only spaces sends: no caps, no warm-up, any hour, no
    /// self-pause. Not reachable from the form; benchmarks and tests of
    /// other rules use it.
    pub fn uncapped() -> Self {
        Self {
            jitter_percent: 0,
            hourly_cap: 0,
            daily_cap: 0,
            warmup: Vec::new(),
            warmed: true,
            window: None,
            undelivered_run: 0,
            undelivered_share_percent: 0,
            rate_limit_pause_after: 0,
        }
    }
}

/// The fewest messages an hour must hold before its undelivered share counts.
pub const UNDELIVERED_SHARE_MIN_SAMPLE: u32 = 5;
/// Form limits.
pub const MAX_HOURLY_CAP: u32 = 600;
pub const MAX_DAILY_CAP: u32 = 5_000;
pub const MAX_WARMUP_STEPS: usize = 6;
pub const MAX_WARMUP_DAYS: u32 = 60;

/// Where a number stands in its warm-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum WarmupStage {
    /// Day `day` of the ramp (1-based), `cap` sends today, until day `last_day`.
    Warming { day: u32, cap: u32, last_day: u32 },
    /// The ramp is over: the daily cap applies.
    Done,
    /// An administrator marked the number as already warmed.
    MarkedWarmed,
}

impl WarmupStage {
    /// The cap the stage sets for today, if any.
    pub fn cap(self) -> Option<u32> {
        match self {
            Self::Warming { cap, .. } => Some(cap),
            Self::Done | Self::MarkedWarmed => None,
        }
    }
}

/// A field of the policy and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyProblem {
    pub field: String,
    pub issue: PolicyIssue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyIssue {
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// The hourly cap is above the daily cap.
    HourlyAboveDaily,
    BadTime,
    /// The window starts and ends at the same minute.
    EmptyWindow,
    /// The ramp has too many steps or lasts too long.
    RampTooLong,
}

impl SendingPolicy {
    /// Day `day_number` (1-based, counted from the first send) of the warm-up.
    pub fn warmup_stage(&self, day_number: u32) -> WarmupStage {
        if self.warmed {
            return WarmupStage::MarkedWarmed;
        }
        let last_day: u32 = self.warmup.iter().map(|step| step.days).sum();
        let mut until = 0;
        for step in &self.warmup {
            until += step.days;
            if day_number <= until {
                return WarmupStage::Warming {
                    day: day_number.max(1),
                    cap: step.cap,
                    last_day,
                };
            }
        }
        WarmupStage::Done
    }

    /// Today's cap: the daily cap, lowered by the warm-up; `None` for no cap.
    pub fn cap_for_day(&self, day_number: u32) -> Option<u32> {
        let daily = (self.daily_cap > 0).then_some(self.daily_cap);
        match (daily, self.warmup_stage(day_number).cap()) {
            (Some(daily), Some(ramp)) => Some(daily.min(ramp)),
            (daily, ramp) => daily.or(ramp),
        }
    }

    /// The hourly cap, `None` for none.
    pub fn hourly(&self) -> Option<u32> {
        (self.hourly_cap > 0).then_some(self.hourly_cap)
    }

    /// Every problem, by field (`warmup.N.cap` for a ramp step).
    pub fn problems(&self) -> Vec<PolicyProblem> {
        let mut problems = Vec::new();
        let mut add = |field: &str, issue| {
            problems.push(PolicyProblem {
                field: field.to_owned(),
                issue,
            })
        };
        let range = |value: u32, min: u32, max: u32| {
            (!(min..=max).contains(&value)).then_some(PolicyIssue::OutOfRange { min, max })
        };
        let checks = [
            ("jitter_percent", range(self.jitter_percent, 0, 100)),
            ("hourly_cap", range(self.hourly_cap, 1, MAX_HOURLY_CAP)),
            ("daily_cap", range(self.daily_cap, 1, MAX_DAILY_CAP)),
            ("undelivered_run", range(self.undelivered_run, 2, 100)),
            (
                "undelivered_share_percent",
                range(self.undelivered_share_percent, 5, 100),
            ),
            (
                "rate_limit_pause_after",
                range(self.rate_limit_pause_after, 1, 20),
            ),
        ];
        for (field, issue) in checks {
            if let Some(issue) = issue {
                add(field, issue);
            }
        }
        if self.hourly_cap > self.daily_cap && self.daily_cap > 0 {
            add("hourly_cap", PolicyIssue::HourlyAboveDaily);
        }
        let ramp_days: u32 = self.warmup.iter().map(|step| step.days).sum();
        if self.warmup.len() > MAX_WARMUP_STEPS || ramp_days > MAX_WARMUP_DAYS {
            add("warmup", PolicyIssue::RampTooLong);
        }
        for (index, step) in self.warmup.iter().enumerate() {
            if let Some(issue) = range(step.days, 1, MAX_WARMUP_DAYS) {
                add(&format!("warmup.{index}.days"), issue);
            }
            // Above the daily cap it changes nothing (the lower one applies).
            if let Some(issue) = range(step.cap, 1, MAX_DAILY_CAP) {
                add(&format!("warmup.{index}.cap"), issue);
            }
        }
        if let Some(window) = &self.window {
            let start = minute_of_day(&window.start);
            let end = minute_of_day(&window.end);
            if start.is_none() {
                add("window_start", PolicyIssue::BadTime);
            }
            if end.is_none() {
                add("window_end", PolicyIssue::BadTime);
            }
            if start.is_some() && start == end {
                add("window_end", PolicyIssue::EmptyWindow);
            }
        }
        problems
    }
}

#[cfg(test)]
#[path = "sender_policy_tests.rs"]
mod tests;
