//! Sender protection on a virtual clock: the random extra delay on top of
//! the interval, the hourly and daily caps in the property's local day
//! (Moscow, and Berlin across its DST change), the warm-up ramp and a number
//! marked as already warmed.
use crate::dispatch_helpers::*;
use crate::sender_helpers::*;
use app::domain::local_time::local_day;
use app::domain::mailing::MailingKind;
use app::domain::mailing_settings::MailingSettings;
use app::domain::sender_policy::SendingPolicy;
use app::domain::PropertyId;
use std::collections::BTreeMap;

/// Sends per local day of `zone`.
fn per_day(times: &[i64], zone: &str) -> BTreeMap<String, usize> {
    let mut days = BTreeMap::new();
    for at in times {
        *days.entry(local_day(*at, zone)).or_default() += 1;
    }
    days
}

#[tokio::test]
async fn gaps_are_the_interval_plus_a_random_extra_never_less() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.set_interval(1, 60).await;
    let policy = SendingPolicy {
        jitter_percent: 20,
        ..unrestricted()
    };
    set_policy(&run.app, 1, &policy).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(15).await;

    run.run_until(start + 25 * MINUTE, 1_000).await;

    let times = run.send_times().await;
    assert_eq!(times.len(), 15, "{times:?}");
    let gaps: Vec<i64> = times.windows(2).map(|pair| pair[1] - pair[0]).collect();
    for gap in &gaps {
        assert!((60_000..=73_000).contains(gap), "gap {gap} ms: {gaps:?}");
    }
    let mut distinct = gaps.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() >= 4, "gaps look machine-made: {gaps:?}");
}

#[tokio::test]
async fn hourly_and_daily_caps_hold_in_the_moscow_day() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.set_interval(1, 60).await;
    let policy = SendingPolicy {
        hourly_cap: 3,
        daily_cap: 5,
        ..unrestricted()
    };
    set_policy(&run.app, 1, &policy).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(12).await;

    run.run_until(at("2026-12-03T13:00"), 5 * MINUTE).await;

    let times = run.send_times().await;
    assert_hourly_cap(&times, 3);
    let days: Vec<(String, usize)> = per_day(&times, MOSCOW).into_iter().collect();
    assert_eq!(
        days,
        [
            ("2026-12-01".to_owned(), 5),
            ("2026-12-02".to_owned(), 5),
            ("2026-12-03".to_owned(), 2)
        ]
    );
    // The second day starts at Moscow's midnight, not UTC's.
    let second_day = times[5];
    assert_eq!(moscow_clock(second_day), "02.12.2026 00:00");
}

#[tokio::test]
async fn the_daily_cap_counts_a_23_hour_day_across_the_dst_change() {
    const BERLIN: &str = "Europe/Berlin";
    let local =
        |value: &str| app::domain::local_time::local_to_ms(value, BERLIN).expect("a Berlin time");
    let start = local("2026-03-28T22:50");
    let run = scheduled_app(start).await;
    let sql = "UPDATE properties SET time_zone = 'Europe/Berlin' WHERE id = 1";
    app::on_db!(&run.app.db, pool => sqlx::query(sql).execute(pool).await.map(|_| ()))
        .expect("zone set");
    run.set_interval(1, 60).await;
    let policy = SendingPolicy {
        hourly_cap: 2,
        daily_cap: 4,
        ..unrestricted()
    };
    set_policy(&run.app, 1, &policy).await;
    // The welcome leaves two days before arrival at 23:00 Berlin time.
    let settings = MailingSettings {
        send_time: "23:00".to_owned(),
        ..MailingSettings::default_for(MailingKind::Welcome)
    };
    let changed = app::ssr::dispatch::planning::change_mailing(
        &run.app.db,
        PropertyId(1),
        MailingKind::Welcome,
        true,
        Some(&settings),
        start,
    )
    .await
    .expect("stored");
    assert!(changed);
    run.book_welcomes(10, "2026-03-30", start - 24 * HOUR).await;

    run.run_until(local("2026-03-30T02:00"), MINUTE).await;

    let times = run.send_times().await;
    let days: Vec<(String, usize)> = per_day(&times, BERLIN).into_iter().collect();
    assert_eq!(
        days,
        [
            ("2026-03-28".to_owned(), 2),
            ("2026-03-29".to_owned(), 4),
            ("2026-03-30".to_owned(), 4)
        ],
        "{times:?}"
    );
    // 2026-03-29 has 23 hours: the next day's first send is at its midnight.
    assert_eq!(times[6], local("2026-03-30T00:00"));
}

#[tokio::test]
async fn a_new_number_warms_up_and_a_warmed_one_need_not() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.set_interval(1, 60).await;
    let ramp = SendingPolicy {
        hourly_cap: 60,
        daily_cap: 100,
        warmed: false,
        warmup: SendingPolicy::default().warmup,
        ..unrestricted()
    };
    set_policy(&run.app, 1, &ramp).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(25).await;

    run.run_until(at("2026-12-01T20:00"), 5 * MINUTE).await;
    assert_eq!(run.sent().await.len(), 20, "day 1 of the ramp allows 20");

    let warmed = SendingPolicy {
        warmed: true,
        ..ramp
    };
    set_policy(&run.app, 1, &warmed).await;
    run.run_until(at("2026-12-01T21:00"), MINUTE).await;
    assert_eq!(
        run.sent().await.len(),
        25,
        "a warmed number has the daily cap"
    );
}

#[tokio::test]
async fn the_ramp_counts_days_from_the_first_send() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    run.set_interval(1, 60).await;
    let ramp = SendingPolicy {
        hourly_cap: 100,
        daily_cap: 100,
        warmed: false,
        warmup: SendingPolicy::default().warmup,
        ..unrestricted()
    };
    set_policy(&run.app, 1, &ramp).await;
    // The number first sent three days ago: today is day 4 (50 a day).
    let sql = "UPDATE senders SET first_sent_at = $1 WHERE property_id = 1";
    let first = at("2026-11-28T12:00");
    app::on_db!(&run.app.db, pool => sqlx::query(sql).bind(first).execute(pool).await.map(|_| ()))
        .expect("first send set");
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(60).await;

    run.run_until(at("2026-12-01T23:00"), 5 * MINUTE).await;

    assert_eq!(run.sent().await.len(), 50);
}
