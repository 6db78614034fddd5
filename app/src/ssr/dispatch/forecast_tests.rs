use super::*;
use crate::domain::local_time::local_to_ms;

const MOSCOW: &str = "Europe/Moscow";

fn at(local: &str) -> i64 {
    local_to_ms(local, MOSCOW).expect("a local time")
}

fn number(policy: SendingPolicy) -> NumberState {
    NumberState {
        policy,
        zone: MOSCOW.into(),
        interval_ms: 300_000,
        next_allowed_at: 0,
        first_sent_at: None,
        paused: false,
        sends: Vec::new(),
    }
}

fn pending(count: i64, ready_at: i64, deadline_at: Option<i64>) -> Vec<Pending> {
    (0..count)
        .map(|n| Pending {
            id: DispatchId(n + 1),
            ready_at,
            deadline_at,
        })
        .collect()
}

#[test]
fn a_short_budget_spills_to_the_next_day_and_misses_past_deadlines() {
    let policy = SendingPolicy {
        warmed: true,
        daily_cap: 20,
        ..SendingPolicy::default()
    };
    let now = at("2026-12-02T09:00");
    // 30 due now: 20 today, 10 tomorrow morning, before their deadline in three days.
    let mut items = pending(30, now, Some(at("2026-12-05T14:00")));
    // One more due now whose deadline is tonight: it goes first.
    items.push(Pending {
        id: DispatchId(100),
        ready_at: now,
        deadline_at: Some(at("2026-12-02T20:00")),
    });
    let result = simulate(&number(policy), &items, now);
    let urgent = result
        .iter()
        .find(|e| e.id == DispatchId(100))
        .expect("forecast");
    assert_eq!((urgent.at, urgent.fate), (Some(now), ForecastFate::OnTime));
    let spills = result
        .iter()
        .filter(|e| e.fate == ForecastFate::Spills)
        .count();
    assert_eq!(spills, 11, "{result:?}");
    let first_spill = result
        .iter()
        .filter(|e| e.fate == ForecastFate::Spills)
        .filter_map(|e| e.at)
        .min();
    assert_eq!(first_spill, Some(at("2026-12-03T09:00")));
}

#[test]
fn what_cannot_leave_before_its_deadline_is_called_a_miss() {
    let policy = SendingPolicy {
        warmed: true,
        hourly_cap: 2,
        ..SendingPolicy::default()
    };
    let now = at("2026-12-02T10:00");
    let items = pending(5, now, Some(at("2026-12-02T11:00")));
    let result = simulate(&number(policy), &items, now);
    let fates: Vec<ForecastFate> = result.iter().map(|e| e.fate).collect();
    assert_eq!(
        fates.iter().filter(|f| **f == ForecastFate::OnTime).count(),
        2
    );
    assert_eq!(
        fates
            .iter()
            .filter(|f| **f == ForecastFate::MissesDeadline)
            .count(),
        3
    );
}

#[test]
fn capacity_is_zero_outside_the_window_and_follows_the_caps() {
    let policy = SendingPolicy {
        warmed: true,
        ..SendingPolicy::default()
    };
    let now = at("2026-12-02T00:30");
    let nothing = vec![0; 48];
    let hours = capacity(&number(policy.clone()), now, &nothing);
    assert_eq!(hours.len(), 48);
    assert_eq!(hours[0], 0, "00:00–01:00 is outside 09:00–21:00");
    // 09:00: a 300 s interval plus 10 % mean delay makes 10 an hour, under the cap of 12.
    assert_eq!(hours[9], 10);
    assert_eq!(
        hours[9..21].iter().sum::<u32>(),
        120,
        "nothing planned: every open hour"
    );
    // 95 planned by 18:00 leave 5 of the daily 100 for the hours after.
    let mut planned = vec![0; 48];
    planned[9..18].copy_from_slice(&[10, 10, 10, 10, 10, 10, 10, 10, 15]);
    let hours = capacity(&number(policy), now, &planned);
    assert_eq!(
        hours[18..21],
        [5, 5, 5],
        "each hour may still take the 5 left"
    );
}

#[test]
fn ten_thousand_planned_sends_are_forecast() {
    let now = at("2026-12-02T09:00");
    let items = pending(10_000, now, Some(at("2026-12-20T14:00")));
    let result = simulate(&number(SendingPolicy::default()), &items, now);
    assert_eq!(result.len(), 10_000);
    // The warm-up allows 20 a day on day 1 and 2 of the window.
    let sent = result.iter().filter(|e| e.at.is_some()).count();
    assert_eq!(sent, 40);
}
