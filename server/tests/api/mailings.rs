//! «Рассылки» server functions, the bookings API's checks, and delivery webhooks.
use crate::dispatch_helpers::*;
use crate::helpers::{decode, TestApp, VOLNA_STAFF};
use app::domain::mailing::{DispatchView, MailingDetail, MailingKind, MailingView};
use app::domain::mailing_settings::MailingSettings;
use app::domain::DispatchState;
use app::error::{AppError, FieldProblem};
use reqwest::{Method, StatusCode};
use serde_json::json;

impl TestApp {
    async fn set_mailing(&self, kind: &str, active: bool) -> Result<(), AppError> {
        let active = active.to_string();
        decode(
            self.call::<app::api::mailing::SetMailingActive>(&[
                ("kind", kind),
                ("active", &active),
            ])
            .await,
        )
        .await
    }

    async fn mailing_list(&self) -> Result<Vec<MailingView>, AppError> {
        decode(self.call::<app::api::mailing::Mailings>(&[]).await).await
    }

    async fn detail(&self, kind: &str) -> Result<MailingDetail, AppError> {
        decode(
            self.call::<app::api::mailing::MailingDetailCall>(&[("kind", kind)])
                .await,
        )
        .await
    }

    async fn save_mailing(
        &self,
        kind: MailingKind,
        settings: &MailingSettings,
    ) -> Result<(), AppError> {
        let path = <app::api::mailing::SaveMailingSettings as leptos::server_fn::ServerFn>::PATH;
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .header(reqwest::header::ORIGIN, &self.address)
            .json(&json!({ "kind": kind, "settings": settings }))
            .send()
            .await
            .expect("an answer");
        decode(response).await
    }

    async fn timeline_of(&self, number: &str) -> Result<Vec<DispatchView>, AppError> {
        decode(
            self.call::<app::api::mailing::BookingTimeline>(&[("number", number)])
                .await,
        )
        .await
    }
}

#[tokio::test]
async fn an_admin_switches_a_mailing_on_and_sees_counters_while_staff_only_read() {
    // The switch is stamped with the real time: the welcome is due tomorrow.
    let start = at(&format!("{}T10:00", moscow_date_in(1)));
    let run = scheduled_app(start).await;
    let admin = run.app.second_browser();
    admin.sign_in(crate::helpers::VOLNA_ADMIN).await;
    run.book_guests_arriving(3, &moscow_date_in(3)).await;

    admin
        .set_mailing("welcome", true)
        .await
        .expect("switched on");
    let list = admin.mailing_list().await.expect("a list");
    let welcome = list
        .iter()
        .find(|mailing| mailing.kind == MailingKind::Welcome)
        .expect("welcome");
    assert!(welcome.active && welcome.activated_at.is_some() && welcome.can_edit);
    assert_eq!(welcome.counters.planned, 3);
    run.run_until(start, 1).await;
    let detail = admin.detail("welcome").await.expect("a detail");
    assert_eq!(
        detail.mailing.counters.sent, 1,
        "one send per interval: {:?}",
        detail.queue
    );
    assert_eq!(
        detail
            .queue
            .iter()
            .filter(|dispatch| dispatch.state == DispatchState::Planned)
            .count(),
        2
    );
    assert!(detail.queue.iter().all(
        |dispatch| dispatch.state != DispatchState::Planned || dispatch.estimated_at.is_some()
    ));
    // The number's next free slot is one interval after the send (today's
    // count is per real day; the browser test checks it).
    assert!(detail
        .sender
        .as_ref()
        .and_then(|sender| sender.next_free_at.as_ref())
        .is_some());

    let staff = run.app.second_browser();
    staff.sign_in(VOLNA_STAFF).await;
    assert!(matches!(
        staff.set_mailing("welcome", false).await,
        Err(AppError::Forbidden { .. })
    ));
    assert!(
        !staff
            .detail("welcome")
            .await
            .expect("readable")
            .mailing
            .can_edit
    );
    assert!(matches!(
        staff
            .save_mailing(MailingKind::Welcome, &detail.settings)
            .await,
        Err(AppError::Forbidden { .. })
    ));
}

#[tokio::test]
async fn settings_are_checked_saved_and_re_plan_the_queue() {
    let start = at("2026-12-01T08:00");
    let run = scheduled_app(start).await;
    let admin = run.app.second_browser();
    admin.sign_in(crate::helpers::VOLNA_ADMIN).await;
    run.switch_on(MailingKind::Welcome).await;
    run.app
        .put_booking(
            "S-1",
            booking(
                "2026-12-10T14:00",
                "2026-12-12T12:00",
                start,
                Some("+7 912 000-00-01"),
            ),
        )
        .await;

    let mut settings = MailingSettings::default_for(MailingKind::Welcome);
    settings.template_ru = "Здравствуйте, {guest}!".into();
    assert_eq!(
        admin.save_mailing(MailingKind::Welcome, &settings).await,
        Err(AppError::invalid("template_ru", FieldProblem::Unknown))
    );
    settings.template_ru = "Здравствуйте, {guest_name}!".into();
    settings.offset = 5;
    settings.send_time = "09:30".into();
    admin
        .save_mailing(MailingKind::Welcome, &settings)
        .await
        .expect("saved");

    let timeline = admin.timeline_of("S-1").await.expect("a timeline");
    let welcome = timeline
        .iter()
        .find(|dispatch| dispatch.kind == MailingKind::Welcome)
        .expect("welcome");
    assert_eq!(welcome.due_at.as_deref(), Some("05.12.2026 09:30"));
    assert_eq!(
        admin.detail("welcome").await.expect("a detail").settings,
        settings
    );
}

#[tokio::test]
async fn another_property_sees_none_of_these_mailings_or_bookings() {
    let run = scheduled_app(at("2026-12-01T08:00")).await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(2).await;
    let briz = run.app.second_browser();
    briz.sign_in(BRIZ_ADMIN).await;

    assert_eq!(briz.timeline_of("G-0").await, Err(AppError::NotFound));
    assert_eq!(briz.mailing_list().await.expect("a list"), vec![]);
    assert_eq!(briz.detail("welcome").await, Err(AppError::NotFound));
}

#[tokio::test]
async fn bookings_with_bad_fields_are_refused_naming_each() {
    let run = scheduled_app(at("2026-12-01T08:00")).await;
    let mut body = booking("2026-12-10T14:00", "2026-12-09T12:00", 0, Some("12"));
    body["status"] = json!("maybe");
    body["guest"]["language"] = json!("de");
    let response = run
        .app
        .pms(Method::PUT, "/api/v1/bookings/B-1", Some(body))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = response.json().await.expect("JSON");
    let fields: Vec<&str> = error["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|field| field["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["status", "departure", "guest.phone", "guest.language"]
    );
    let missing = run
        .app
        .pms(
            Method::POST,
            "/api/v1/bookings/NOPE/cancel",
            Some(json!({ "modified_at": "2026-12-01T00:00:00Z" })),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn delivery_webhooks_move_dispatches_and_a_wrong_secret_changes_nothing() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    // The emulator's own reports stay away while this test sends its own.
    run.app
        .emulator()
        .control(
            Method::PUT,
            "/timings",
            json!({ "delivered_after_ms": 600_000, "read_after_ms": 600_000 }),
        )
        .await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(1).await;
    run.run_until(start, 1).await;
    let message_id = run.sent().await[0]["message_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let claim = |status: &str| json!({ "event": "new_status", "message_id": message_id, "status": status, "status_at": "2026-12-01 07:00:05" });
    // WhatsApp delivers (or reads) the message; the test posts the report.
    let happens = |status: &'static str| {
        let (app, message_id) = (&run.app, message_id.clone());
        async move {
            let path = format!("/messages/{message_id}/status");
            let body = json!({ "status": status, "announce": false });
            app.emulator().control(Method::PUT, &path, body).await
        }
    };
    let post = |secret: String, body: serde_json::Value| {
        let client = reqwest::Client::new();
        let url = format!("{}/webhooks/intellectdialog/{secret}", run.app.address);
        async move {
            client
                .post(url)
                .json(&body)
                .send()
                .await
                .expect("an answer")
                .status()
        }
    };

    assert_eq!(
        post("not-the-secret".into(), claim("delivered")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(run.states().await.get("sent"), Some(&1), "nothing moved");

    let secret: String = app::on_db!(&run.app.db, pool => sqlx::query_scalar("SELECT webhook_secret FROM integrations WHERE property_id = 1")
        .fetch_one(pool).await)
    .expect("a secret registered on activation");
    // A report IntellectDialog does not bear out yet changes nothing (and
    // may be sent again).
    assert_eq!(
        post(secret.clone(), claim("read")).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(run.states().await.get("sent"), Some(&1), "not read yet");
    let delivered = happens("delivered").await;
    assert_eq!(
        post(secret.clone(), delivered.clone()).await,
        StatusCode::OK
    );
    assert_eq!(
        post(secret.clone(), delivered.clone()).await,
        StatusCode::OK
    );
    assert_eq!(run.states().await.get("delivered"), Some(&1));
    let read = happens("read").await;
    assert_eq!(post(secret.clone(), read).await, StatusCode::OK);
    // A late "delivered" never moves a read message back.
    assert_eq!(post(secret.clone(), delivered).await, StatusCode::OK);
    assert_eq!(run.states().await.get("read"), Some(&1));
    assert_eq!(
        post(secret, json!({ "event": "nonsense" })).await,
        StatusCode::BAD_REQUEST
    );
}
