//! Chat webhooks: an unknown secret stores nothing; a repeat is stored and
//! announced once.
use crate::chat_helpers::*;
use crate::chats::count;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

fn guest_message(id: &str, chat_id: &str) -> serde_json::Value {
    json!({
        "event": "new_message", "message_id": id, "id": id, "chat_id": chat_id,
        "chat_title": "Гость", "person_phone": "+79990001122", "type_name": "Входящее",
        "text": "Добрый день!", "created_at": "2026-11-25 10:00:00"
    })
}

#[tokio::test]
async fn a_webhook_with_a_wrong_secret_is_not_found_and_stores_nothing() {
    let run = chat_app().await;
    let response = reqwest::Client::new()
        .post(format!(
            "{}/webhooks/intellectdialog/not-the-secret",
            run.app.address
        ))
        .json(&guest_message("m-wrong", "c-wrong"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        count(&run.app, "SELECT COUNT(*) FROM chat_messages").await,
        0
    );
    assert_eq!(count(&run.app, "SELECT COUNT(*) FROM chat_events").await, 0);
}

#[tokio::test]
async fn the_same_webhook_delivered_twice_is_stored_and_announced_once() {
    let run = chat_app().await;
    let payload = run
        .app
        .unannounced_guest_message("+79990001122", "Добрый день!")
        .await;
    for _ in 0..2 {
        assert_eq!(run.app.post_webhook(&payload).await, StatusCode::OK);
    }
    let message_id = payload["message_id"].as_str().unwrap();
    let chat_id = payload["chat_id"].as_str().unwrap();
    assert_eq!(
        count(
            &run.app,
            &format!("SELECT COUNT(*) FROM chat_messages WHERE message_id = '{message_id}'")
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &run.app,
            &format!("SELECT COUNT(*) FROM chat_events WHERE chat_id = '{chat_id}'")
        )
        .await,
        1
    );
    // The admin's stream replays it once.
    let (status, events) = run.admin.sse(Some(0), Duration::from_millis(800)).await;
    assert_eq!(status, StatusCode::OK);
    let replayed: Vec<_> = events
        .iter()
        .filter(|event| event.event == "chat")
        .collect();
    assert_eq!(replayed.len(), 1, "{events:?}");
    assert_eq!(replayed[0].id.as_deref(), Some("1"));
    assert_eq!(replayed[0].json()["message"]["text"], "Добрый день!");
}

#[tokio::test]
async fn old_events_are_purged_but_the_numbering_goes_on() {
    let run = chat_app().await;
    let post = |text: &'static str| {
        let app = &run.app;
        async move {
            let payload = app.unannounced_guest_message("+79990001122", text).await;
            app.post_webhook(&payload).await
        }
    };
    assert_eq!(post("Первое").await, StatusCode::OK);
    assert_eq!(post("Второе").await, StatusCode::OK);
    let removed = app::ssr::db::chats::purge_events(&run.app.db, i64::MAX)
        .await
        .expect("purged");
    assert_eq!(removed, 1);
    assert_eq!(count(&run.app, "SELECT MAX(seq) FROM chat_events").await, 2);
    assert_eq!(post("Третье").await, StatusCode::OK);
    assert_eq!(count(&run.app, "SELECT MAX(seq) FROM chat_events").await, 3);
    // A browser resuming from before the purge gets what is kept.
    let (_, events) = run.admin.sse(Some(0), Duration::from_millis(600)).await;
    let ids: Vec<_> = events.iter().filter_map(|event| event.id.clone()).collect();
    assert_eq!(ids, vec!["0", "2", "3"]);
}
