use super::*;
use crate::domain::local_time::local_to_ms;

const MOSCOW: &str = "Europe/Moscow";
const MINUTE: i64 = 60_000;

fn at(local: &str, zone: &str) -> i64 {
    local_to_ms(local, zone).expect("a local time")
}

fn facts<'a>(policy: &'a SendingPolicy, sends: &'a [i64], zone: &'a str) -> SenderFacts<'a> {
    SenderFacts {
        policy,
        zone,
        next_allowed_at: 0,
        first_sent_at: sends.first().copied(),
        paused: false,
        sends,
    }
}

fn open_policy() -> SendingPolicy {
    SendingPolicy {
        warmed: true,
        window: None,
        ..SendingPolicy::default()
    }
}

#[test]
fn outside_the_window_it_waits_for_the_opening() {
    let policy = SendingPolicy::default();
    let night = at("2026-12-02T00:11", MOSCOW);
    assert_eq!(
        budget(&facts(&policy, &[], MOSCOW), night),
        Budget::Wait {
            why: SenderWait::Window,
            until: Some(at("2026-12-02T09:00", MOSCOW))
        }
    );
    let evening = at("2026-12-02T21:00", MOSCOW);
    assert_eq!(
        within_window(&policy, MOSCOW, evening),
        Some(at("2026-12-03T09:00", MOSCOW))
    );
    let morning = at("2026-12-02T09:00", MOSCOW);
    assert_eq!(within_window(&policy, MOSCOW, morning), Some(morning));
}

#[test]
fn a_window_over_midnight_opens_in_the_evening() {
    let policy = SendingPolicy {
        window: Some(SendWindow {
            start: "22:00".into(),
            end: "06:00".into(),
        }),
        ..open_policy()
    };
    let late = at("2026-12-02T23:30", MOSCOW);
    assert!(window_open(&policy, MOSCOW, late));
    assert!(window_open(&policy, MOSCOW, at("2026-12-03T05:59", MOSCOW)));
    let noon = at("2026-12-03T12:00", MOSCOW);
    assert_eq!(
        within_window(&policy, MOSCOW, noon),
        Some(at("2026-12-03T22:00", MOSCOW))
    );
}

#[test]
fn the_hourly_cap_frees_when_the_oldest_send_is_an_hour_old() {
    let policy = SendingPolicy {
        hourly_cap: 3,
        ..open_policy()
    };
    let start = at("2026-12-02T10:00", MOSCOW);
    let sends = [start, start + 10 * MINUTE, start + 20 * MINUTE];
    let now = start + 30 * MINUTE;
    assert_eq!(
        budget(&facts(&policy, &sends, MOSCOW), now),
        Budget::Wait {
            why: SenderWait::HourlyCap,
            until: Some(start + 60 * MINUTE + 1)
        }
    );
    assert_eq!(
        budget(&facts(&policy, &sends[..2], MOSCOW), now),
        Budget::Open { allowed: Some(1) }
    );
}

#[test]
fn the_daily_cap_counts_the_local_day_across_a_dst_change() {
    // Berlin moves its clocks forward on 2026-03-29: the day has 23 hours.
    let berlin = "Europe/Berlin";
    let policy = SendingPolicy {
        daily_cap: 2,
        hourly_cap: 2,
        ..open_policy()
    };
    let sends = [
        at("2026-03-28T23:30", berlin),
        at("2026-03-29T00:30", berlin),
        at("2026-03-29T04:00", berlin),
    ];
    let now = at("2026-03-29T23:00", berlin);
    assert_eq!(
        budget(&facts(&policy, &sends, berlin), now),
        Budget::Wait {
            why: SenderWait::DailyCap,
            until: Some(at("2026-03-30T00:00", berlin))
        }
    );
    // The day before held one send: one more was allowed then.
    let before = at("2026-03-28T23:45", berlin);
    assert_eq!(
        budget(&facts(&policy, &sends[..1], berlin), before),
        Budget::Open { allowed: Some(1) }
    );
    assert_eq!(day_start(berlin, now), at("2026-03-29T00:00", berlin));
}

#[test]
fn a_new_number_warms_up_from_its_first_send() {
    let policy = SendingPolicy {
        window: None,
        ..SendingPolicy::default()
    };
    let first = at("2026-12-01T10:00", MOSCOW);
    let sends: Vec<i64> = (0..20).map(|n| first + i64::from(n) * 6 * MINUTE).collect();
    let mut facts = facts(&policy, &sends, MOSCOW);
    let evening = at("2026-12-01T20:00", MOSCOW);
    assert!(matches!(
        budget(&facts, evening),
        Budget::Wait {
            why: SenderWait::Warmup,
            ..
        }
    ));
    // Day 4 allows 50.
    facts.sends = &[];
    let day_four = at("2026-12-04T12:00", MOSCOW);
    assert_eq!(day_number(&facts, day_four), 4);
    assert_eq!(budget(&facts, day_four), Budget::Open { allowed: Some(12) });
}

#[test]
fn a_paused_number_waits_for_someone() {
    let policy = open_policy();
    let mut facts = facts(&policy, &[], MOSCOW);
    facts.paused = true;
    assert_eq!(
        budget(&facts, 0),
        Budget::Wait {
            why: SenderWait::Paused,
            until: None
        }
    );
}
