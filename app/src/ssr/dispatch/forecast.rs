//! The next 48 hours of one number, simulated with the same budget the
//! claim uses: which planned send leaves when (earliest deadline first),
//! which spill to a later day and which will miss their deadline, and the
//! number's capacity hour by hour. The queue's and the timeline's expected
//! times come from here too, so every page says the same.
use crate::domain::local_time::local_day;
use crate::domain::send_budget::{self, Budget, SenderFacts};
use crate::domain::sender::ForecastFate;
use crate::domain::sender_policy::SendingPolicy;
use crate::domain::DispatchId;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub const HORIZON_MS: i64 = 48 * 3_600_000;
const HOUR_MS: i64 = 3_600_000;

/// A planned dispatch waiting for the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub id: DispatchId,
    /// When it may be claimed (its due time or its next attempt).
    pub ready_at: i64,
    pub deadline_at: Option<i64>,
}

/// The number as the simulation starts from it.
#[derive(Debug, Clone)]
pub struct NumberState {
    pub policy: SendingPolicy,
    pub zone: String,
    pub interval_ms: i64,
    pub next_allowed_at: i64,
    pub first_sent_at: Option<i64>,
    pub paused: bool,
    /// Its sends since the start of yesterday (local), ascending.
    pub sends: Vec<i64>,
}

/// Where one pending dispatch ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub id: DispatchId,
    pub at: Option<i64>,
    pub fate: ForecastFate,
}

impl NumberState {
    /// The gap the simulation puts between two sends: the interval plus the
    /// mean of its random extra delay.
    fn gap(&self) -> i64 {
        self.interval_ms + self.interval_ms * i64::from(self.policy.jitter_percent.min(100)) / 200
    }

    fn facts<'a>(&'a self, sends: &'a [i64], next_allowed_at: i64) -> SenderFacts<'a> {
        SenderFacts {
            policy: &self.policy,
            zone: &self.zone,
            next_allowed_at,
            first_sent_at: self.first_sent_at.or(sends.first().copied()),
            paused: self.paused,
            sends,
        }
    }
}

/// Simulates the claim from `now` to `now + HORIZON_MS`.
pub fn simulate(number: &NumberState, pending: &[Pending], now: i64) -> Vec<Expected> {
    let horizon = now + HORIZON_MS;
    let mut order: Vec<&Pending> = pending.iter().collect();
    order.sort_by_key(|item| (item.ready_at, item.id));
    let mut ready = BinaryHeap::new();
    let mut next = 0;
    let mut sends = number.sends.clone();
    let mut next_allowed = number.next_allowed_at;
    let mut out = Vec::with_capacity(pending.len());
    let mut t = now;
    while t < horizon {
        while next < order.len() && order[next].ready_at <= t {
            let item = order[next];
            ready.push(Reverse((
                item.deadline_at.unwrap_or(i64::MAX),
                item.ready_at,
                next,
            )));
            next += 1;
        }
        let Some(&Reverse((deadline, _, index))) = ready.peek() else {
            match order.get(next) {
                Some(item) => {
                    t = item.ready_at.max(t);
                    continue;
                }
                None => break,
            }
        };
        match send_budget::budget(&number.facts(&sends, next_allowed), t) {
            Budget::Wait {
                until: Some(until), ..
            } => t = until.max(t + 1),
            Budget::Wait { until: None, .. } => break,
            Budget::Open { .. } => {
                ready.pop();
                let item = order[index];
                if deadline <= t {
                    out.push(expected(item, None, ForecastFate::MissesDeadline));
                    continue;
                }
                let fate = if local_day(t, &number.zone) > local_day(item.ready_at, &number.zone) {
                    ForecastFate::Spills
                } else {
                    ForecastFate::OnTime
                };
                out.push(expected(item, Some(t), fate));
                sends.push(t);
                next_allowed = t + number.gap();
                t = t.max(next_allowed);
            }
        }
    }
    let left = ready
        .into_iter()
        .map(|Reverse((_, _, index))| order[index])
        .chain(order[next..].iter().copied());
    for item in left {
        let fate = match item.deadline_at {
            Some(deadline) if deadline <= horizon => ForecastFate::MissesDeadline,
            _ => ForecastFate::Later,
        };
        out.push(expected(item, None, fate));
    }
    out
}

fn expected(item: &Pending, at: Option<i64>, fate: ForecastFate) -> Expected {
    Expected {
        id: item.id,
        at,
        fate,
    }
}

/// The start of the hour `now` is in (zones are whole or half hours off UTC;
/// a half-hour zone's hours are counted from its own :00 by the labels).
pub fn hour_start(now: i64) -> i64 {
    now - now.rem_euclid(HOUR_MS)
}

/// How many sends the number may make in each of the 48 hours from the hour
/// `now` is in: its pace (interval and extra delay) and hourly cap while the
/// window is open and it is not paused, and no more than what is left of the
/// local day's cap after the sends already made and those the forecast
/// (`planned`, per hour) puts earlier that day.
pub fn capacity(number: &NumberState, now: i64, planned: &[u32]) -> Vec<u32> {
    let first = hour_start(now);
    let pace = if number.gap() > 0 {
        (HOUR_MS / number.gap()).max(1)
    } else {
        i64::from(u32::MAX)
    };
    let hourly = number
        .policy
        .hourly()
        .map_or(pace, |cap| pace.min(i64::from(cap)));
    let mut day = String::new();
    let mut left_today: Option<i64> = None;
    (0..48)
        .map(|hour| {
            let start = first + hour * HOUR_MS;
            let today = local_day(start, &number.zone);
            if today != day {
                let facts = number.facts(&number.sends, 0);
                let made = number
                    .sends
                    .iter()
                    .filter(|&&at| local_day(at, &number.zone) == today)
                    .count() as i64;
                left_today = number
                    .policy
                    .cap_for_day(send_budget::day_number(&facts, start))
                    .map(|cap| i64::from(cap) - made);
                day = today;
            }
            let open = (0..12)
                .filter(|step| {
                    send_budget::window_open(&number.policy, &number.zone, start + step * 300_000)
                })
                .count() as i64;
            let mut this_hour = if number.paused { 0 } else { hourly * open / 12 };
            if let Some(left) = left_today.as_mut() {
                this_hour = this_hour.min((*left).max(0));
                *left -= i64::from(planned.get(hour as usize).copied().unwrap_or(0));
            }
            u32::try_from(this_hour).unwrap_or(u32::MAX)
        })
        .collect()
}

/// Planned sends per hour of the 48 from the hour `now` is in.
pub fn per_hour(expected: &[Expected], now: i64) -> Vec<u32> {
    let first = hour_start(now);
    let mut hours = vec![0_u32; 48];
    for at in expected.iter().filter_map(|e| e.at) {
        if let Some(slot) = usize::try_from((at - first) / HOUR_MS)
            .ok()
            .and_then(|hour| hours.get_mut(hour))
        {
            *slot += 1;
        }
    }
    hours
}

#[cfg(test)]
#[path = "forecast_tests.rs"]
mod tests;
