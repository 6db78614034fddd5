//! «Защита номера от блокировки» through its server functions: refusals
//! name the field, only administrators save, and a saved window re-plans
//! what is planned at once (saying why it moved).
use crate::dispatch_helpers::*;
use app::domain::mailing::MailingKind;
use app::domain::sender_policy::{SendWindow, SendingPolicy, WarmupStep};
use app::error::{AppError, FieldProblem};
use reqwest::StatusCode;

#[tokio::test]
async fn bad_values_are_refused_by_field_and_a_saved_window_replans_at_once() {
    let run = scheduled_app(at("2026-12-01T08:00")).await;
    run.switch_on(MailingKind::Welcome).await;
    let body = booking(
        "2027-01-10T14:00",
        "2027-01-12T12:00",
        at("2026-12-01T08:00"),
        Some("+7 912 800-00-01"),
    );
    assert_eq!(run.app.put_booking("P-1", body).await, StatusCode::CREATED);
    let admin = run.admin().await;

    let refused = |field: &str, problem| Some(AppError::invalid(field, problem));
    let too_many = SendingPolicy {
        hourly_cap: 900,
        ..SendingPolicy::default()
    };
    assert_eq!(
        admin.save_policy(&too_many).await.err(),
        refused("hourly_cap", FieldProblem::OutOfRange)
    );
    let bad_time = SendingPolicy {
        window: Some(SendWindow {
            start: "25:00".into(),
            end: "10:00".into(),
        }),
        ..SendingPolicy::default()
    };
    assert_eq!(
        admin.save_policy(&bad_time).await.err(),
        refused("window_start", FieldProblem::Invalid)
    );
    let bad_step = SendingPolicy {
        warmup: vec![WarmupStep { days: 3, cap: 0 }],
        ..SendingPolicy::default()
    };
    assert_eq!(
        admin.save_policy(&bad_step).await.err(),
        refused("warmup.0.cap", FieldProblem::OutOfRange)
    );
    let staff = run.app.second_browser();
    staff
        .sign_in(("anna@volna.example", "Volna-Staff-2026"))
        .await;
    assert!(matches!(
        staff.save_policy(&SendingPolicy::default()).await,
        Err(AppError::Forbidden { .. })
    ));

    let noon = SendingPolicy {
        window: Some(SendWindow {
            start: "12:00".into(),
            end: "14:00".into(),
        }),
        hourly_cap: 5,
        ..SendingPolicy::default()
    };
    let panel = admin
        .save_policy(&noon)
        .await
        .expect("saved")
        .expect("a number");
    assert_eq!(panel.policy, noon);
    assert_eq!(
        admin
            .sender_panel()
            .await
            .expect("a panel")
            .expect("a number")
            .policy,
        noon
    );
    let welcome = Scheduled::dispatch(&run.timeline("P-1").await, "welcome").clone();
    assert_eq!(welcome["state"], "planned");
    assert_eq!(welcome["reason"], "outside_window", "{welcome}");
    assert_eq!(welcome["due_at"], at("2027-01-08T12:00"), "{welcome}");
}
