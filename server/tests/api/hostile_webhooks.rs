//! Webhooks under attack: anyone who learns a webhook URL can post to it.
//! Forged and replayed events change nothing that IntellectDialog does not
//! bear out, cost no API call when they name nothing of ours, and secrets
//! rotate so that an old URL answers 404 at once.
use crate::chat_helpers::*;
use crate::chats::count;
use crate::dispatch_helpers::*;
use crate::helpers::TestApp;
use app::domain::mailing::MailingKind;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Where the property's webhooks go now, if anywhere.
async fn secret(app: &TestApp) -> Option<String> {
    app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT webhook_secret FROM integrations WHERE property_id = 1").fetch_one(pool).await)
    .expect("the integration")
}

async fn post_to(app: &TestApp, secret: &str, payload: &Value) -> StatusCode {
    reqwest::Client::new()
        .post(format!("{}/webhooks/intellectdialog/{secret}", app.address))
        .json(payload)
        .send()
        .await
        .expect("an answer")
        .status()
}

/// The chat's phone and provider as stored.
async fn chat_row(app: &TestApp, chat_id: &str) -> (Option<String>, Option<String>) {
    app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT phone, provider_id FROM chats WHERE property_id = 1 AND chat_id = $1")
        .bind(chat_id).fetch_one(pool).await)
    .expect("the chat")
}

/// A stored message as its `new_message` webhook carries it.
fn as_event(message: &Value) -> Value {
    let mut event = message.clone();
    event["event"] = json!("new_message");
    event["message_id"] = message["id"].clone();
    event
}

#[tokio::test]
async fn a_forged_guest_message_with_another_phone_leaves_the_chat_and_its_replies_with_the_guest()
{
    let run = chat_app().await;
    let genuine = run.app.guest_writes(ASSIGNED_GUEST, "Здравствуйте").await;
    let chat = chat_of(&genuine);
    let before = chat_row(&run.app, &chat).await;
    let messages = count(&run.app, "SELECT COUNT(*) FROM chat_messages").await;
    let attacker = "+79990006666";

    // The genuine message again, now "from" the attacker's phone.
    let mut replayed = as_event(&genuine);
    replayed["person_phone"] = json!(attacker);
    // A message IntellectDialog never had, in the guest's chat.
    let mut invented = replayed.clone();
    invented["id"] = json!("forged-1");
    invented["message_id"] = json!("forged-1");
    invented["text"] = json!("Пишите мне на этот номер");
    // Another guest's real message, claimed to be in this chat.
    let other = run
        .app
        .unannounced_guest_message(OTHER_GUEST, "Добрый вечер")
        .await;
    let mut moved = other.clone();
    moved["chat_id"] = json!(chat);
    moved["person_phone"] = json!(attacker);
    for forged in [&replayed, &invented, &moved] {
        assert_eq!(run.app.post_webhook(forged).await, StatusCode::OK);
    }

    assert_eq!(chat_row(&run.app, &chat).await, before);
    assert_eq!(
        count(&run.app, "SELECT COUNT(*) FROM chat_messages").await,
        messages,
        "no message was stored"
    );
    // The next reply goes to the guest's real number.
    run.staff
        .reply(&chat, "Чем можем помочь?")
        .await
        .expect("the reply is stored");
    let sent = run.app.emulator().sent().await;
    assert_eq!(sent.last().expect("a send")["phone"], ASSIGNED_GUEST);
}

#[tokio::test]
async fn forged_delivery_reports_move_no_dispatch_and_reports_about_nothing_cost_no_api_call() {
    let start = at("2026-12-01T10:00");
    let run = scheduled_app(start).await;
    let emulator = run.app.emulator();
    emulator.hold_delivery_reports().await;
    run.switch_on(MailingKind::Welcome).await;
    run.book_due_guests(1).await;
    run.run_until(start, 1).await;
    let message_id = run.sent().await[0]["message_id"].clone();
    let secret = secret(&run.app).await.expect("a secret");

    let status = |status: &str| {
        json!({ "event": "new_status", "message_id": message_id, "status": status,
                "status_at": "2026-12-01 07:00:05" })
    };
    let error = json!({ "event": "new_error", "message_id": message_id, "detail": "forged" });
    // Not shown by IntellectDialog (yet): 503, so a genuine one may come again.
    for forged in [status("delivered"), status("read"), error] {
        assert_eq!(
            post_to(&run.app, &secret, &forged).await,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
    // Contradicted by IntellectDialog (another mark): 200, and nothing either.
    let mut marked = status("delivered");
    marked["marker"] = json!("someone-elses-mark");
    assert_eq!(post_to(&run.app, &secret, &marked).await, StatusCode::OK);
    assert_eq!(run.states().await.get("sent"), Some(&1), "nothing moved");

    // About a message that is not ours: refused without asking IntellectDialog.
    let asked = |requests: &[Value]| {
        requests
            .iter()
            .filter(|request| request["path"].as_str().unwrap_or("").contains("not-ours"))
            .count()
    };
    let unknown = json!({ "event": "new_status", "message_id": "not-ours", "status": "delivered",
                          "status_at": "2026-12-01 07:00:05" });
    assert_eq!(post_to(&run.app, &secret, &unknown).await, StatusCode::OK);
    assert_eq!(asked(&emulator.requests().await), 0);

    // A failure IntellectDialog does show is applied, in its own words.
    let path = format!("/messages/{}/status", message_id.as_str().unwrap());
    let failed = emulator
        .control(
            Method::PUT,
            &path,
            json!({ "status": "failed", "announce": false }),
        )
        .await;
    assert_eq!(post_to(&run.app, &secret, &failed).await, StatusCode::OK);
    assert_eq!(run.states().await.get("failed"), Some(&1));
    let detail: Option<String> = app::on_db!(&run.app.db, pool => sqlx::query_scalar(
        "SELECT reason_detail FROM dispatches WHERE state = 'failed'").fetch_one(pool).await)
    .unwrap();
    assert_eq!(detail.as_deref(), Some("Message could not be delivered"));
}

#[tokio::test]
async fn secrets_rotate_and_an_old_or_switched_off_url_answers_404_and_stores_nothing() {
    let run = chat_app().await;
    let emulator = run.app.emulator();
    let first = secret(&run.app).await.expect("registered on activation");
    let event = as_event(
        &run.app
            .unannounced_guest_message(OTHER_GUEST, "Вы открыты?")
            .await,
    );
    let stored = || count(&run.app, "SELECT COUNT(*) FROM chat_messages");
    let messages = stored().await;

    let view = run.admin.integration_state().await.unwrap();
    let view = run.admin.set_active(false, view.version).await.unwrap();
    assert_eq!(secret(&run.app).await, None, "withdrawn on deactivation");
    assert_eq!(
        post_to(&run.app, &first, &event).await,
        StatusCode::NOT_FOUND
    );
    let overview = emulator.control(Method::GET, "", json!({})).await;
    assert_eq!(
        overview["organisations"][0]["webhook"],
        Value::Null,
        "IntellectDialog was asked to stop"
    );

    let view = run.admin.set_active(true, view.version).await.unwrap();
    let second = secret(&run.app).await.expect("registered again");
    assert_ne!(second, first);
    assert_eq!(
        post_to(&run.app, &first, &event).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stored().await,
        messages,
        "nothing stored through an old URL"
    );
    assert_eq!(post_to(&run.app, &second, &event).await, StatusCode::OK);
    assert_eq!(stored().await, messages + 1);

    // Another organisation's key: the webhook is withdrawn until activation.
    let sever = server::emulator::seed::SECOND_API_KEY;
    run.admin
        .check_api_key(sever, view.version, true)
        .await
        .expect("the key of another organisation, confirmed");
    assert_eq!(secret(&run.app).await, None);
    assert_eq!(
        post_to(&run.app, &second, &event).await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_flood_at_a_leaked_url_spends_at_most_the_propertys_confirmation_budget() {
    let run = chat_app_with(|settings| settings.webhooks.confirmations_per_second = 1).await;
    let emulator = run.app.emulator();
    let before = emulator.requests().await.len();
    let mut statuses = Vec::new();
    for number in 0..30 {
        let id = format!("flood-{number}");
        let forged = json!({ "event": "new_message", "message_id": id, "id": id,
                             "chat_id": "c-flood", "person_phone": "+79990006666",
                             "type_name": "Входящее", "text": "спам" });
        statuses.push(run.app.post_webhook(&forged).await);
    }
    let asked = emulator.requests().await.len() - before;
    // A burst of ten times the rate, and what a second refills.
    assert!(asked <= 12, "{asked} confirmations for 30 forged events");
    assert!(
        statuses.contains(&StatusCode::SERVICE_UNAVAILABLE),
        "{statuses:?}"
    );
    assert_eq!(
        count(
            &run.app,
            "SELECT COUNT(*) FROM chat_messages WHERE chat_id = 'c-flood'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn the_in_process_emulator_posts_only_to_the_apps_webhook_route() {
    let app = crate::helpers::spawn_app().await;
    let client = app.emulator().demo_client();
    let control = format!("{}/intellectdialog-emulator/control/reset", app.address);
    let refused = client.set_webhook(&control).await;
    assert!(
        matches!(
            &refused,
            Err(app::ssr::intellectdialog::ApiError::Other { status: 422, .. })
        ),
        "{refused:?}"
    );
    let ours = format!("{}/webhooks/intellectdialog/anything", app.address);
    assert!(client.set_webhook(&ours).await.is_ok());
}
