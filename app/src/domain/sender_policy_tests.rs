use super::*;

#[test]
fn defaults_are_valid_and_safe() {
    let policy = SendingPolicy::default();
    assert_eq!(policy.problems(), vec![]);
    assert_eq!((policy.hourly_cap, policy.daily_cap), (12, 100));
    assert_eq!(policy.jitter_percent, 20);
    let window = policy.window.expect("a window by default");
    assert_eq!(
        (window.start.as_str(), window.end.as_str()),
        ("09:00", "21:00")
    );
}

#[test]
fn the_warm_up_ramp_lowers_the_daily_cap_then_ends() {
    let policy = SendingPolicy::default();
    let caps: Vec<Option<u32>> = (1..=9).map(|day| policy.cap_for_day(day)).collect();
    let expected = [20, 20, 20, 50, 50, 50, 50, 100, 100].map(Some);
    assert_eq!(caps, expected);
    assert_eq!(
        policy.warmup_stage(4),
        WarmupStage::Warming {
            day: 4,
            cap: 50,
            last_day: 7
        }
    );
    assert_eq!(policy.warmup_stage(8), WarmupStage::Done);
    let warmed = SendingPolicy {
        warmed: true,
        ..SendingPolicy::default()
    };
    assert_eq!(warmed.warmup_stage(1), WarmupStage::MarkedWarmed);
    assert_eq!(warmed.cap_for_day(1), Some(100));
}

#[test]
fn a_window_may_span_midnight() {
    let night = SendWindow {
        start: "22:00".into(),
        end: "02:30".into(),
    };
    assert!(night.contains_minute(23 * 60));
    assert!(night.contains_minute(60));
    assert!(!night.contains_minute(2 * 60 + 30));
    assert!(!night.contains_minute(12 * 60));
    let day = SendWindow {
        start: "09:00".into(),
        end: "21:00".into(),
    };
    assert!(day.contains_minute(9 * 60) && !day.contains_minute(21 * 60));
}

#[test]
fn bad_policies_name_each_field() {
    let policy = SendingPolicy {
        jitter_percent: 150,
        hourly_cap: 200,
        daily_cap: 100,
        warmup: vec![WarmupStep { days: 0, cap: 0 }],
        window: Some(SendWindow {
            start: "25:00".into(),
            end: "10:00".into(),
        }),
        ..SendingPolicy::default()
    };
    let fields: Vec<String> = policy.problems().into_iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        [
            "jitter_percent",
            "hourly_cap",
            "warmup.0.days",
            "warmup.0.cap",
            "window_start"
        ]
    );
    let empty = SendingPolicy {
        window: Some(SendWindow {
            start: "10:00".into(),
            end: "10:00".into(),
        }),
        ..SendingPolicy::default()
    };
    assert_eq!(
        empty.problems(),
        vec![PolicyProblem {
            field: "window_end".into(),
            issue: PolicyIssue::EmptyWindow
        }]
    );
}

#[test]
fn stored_policies_missing_fields_take_the_defaults() {
    let policy: SendingPolicy =
        serde_json::from_str(r#"{"hourly_cap":5}"#).expect("a policy with defaults");
    assert_eq!(policy.hourly_cap, 5);
    assert_eq!(policy.daily_cap, 100);
}
