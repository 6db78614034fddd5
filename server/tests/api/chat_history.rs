//! A dialog's history and its assignment stay right whatever order messages
//! arrive in; a reply whose answer was lost is never sent twice.
use crate::chat_helpers::*;
use crate::chats::count;
use crate::waiting::eventually;
use app::domain::chat::MessageState;
use reqwest::StatusCode;
use serde_json::json;

/// A guest message IntellectDialog stored at `at` (transferred to
/// `transfer_to`), announced by its webhook now.
async fn arrives(
    run: &ChatApp,
    phone: &str,
    text: &str,
    at: &str,
    transfer_to: Option<&str>,
) -> String {
    let payload = run
        .app
        .unannounced_guest_message_with(json!({
            "phone": phone, "text": text, "created_at": at, "transfer_to": transfer_to
        }))
        .await;
    assert_eq!(run.app.post_webhook(&payload).await, StatusCode::OK);
    payload["chat_id"].as_str().expect("a chat").to_owned()
}

#[tokio::test]
async fn older_pages_follow_the_shown_order_whatever_order_messages_were_stored_in() {
    let run = chat_app().await;
    // Stored newest first: row ids run against the times.
    let mut chat = String::new();
    for minute in (0..60).rev() {
        let at = format!("2026-11-25 10:{minute:02}:00");
        let text = format!("text h-{minute}");
        chat = arrives(&run, "+79990001122", &text, &at, None).await;
    }
    let first = run.admin.thread(&chat).await.expect("the newest page");
    assert!(first.has_more);
    assert_eq!(first.messages.len(), 50);
    assert_eq!(first.messages.last().unwrap().text, "text h-59");
    let oldest_shown = first.messages.first().unwrap();
    let older = run
        .admin
        .thread_before(&chat, oldest_shown.at, oldest_shown.id)
        .await
        .expect("the older page");
    assert!(!older.has_more);
    let texts: Vec<_> = older
        .messages
        .iter()
        .map(|message| message.text.clone())
        .collect();
    assert_eq!(
        texts,
        (0..10)
            .map(|minute| format!("text h-{minute}"))
            .collect::<Vec<_>>()
    );
    // Half a cursor is refused with the missing field named.
    assert_eq!(
        run.admin.thread_half_cursor(&chat).await,
        Err(app::error::AppError::invalid(
            "before_id",
            app::error::FieldProblem::Required
        ))
    );
}

#[tokio::test]
async fn an_old_message_arriving_late_does_not_undo_a_newer_transfer() {
    let run = chat_app().await;
    let guest = "+79990003344";
    let chat = arrives(
        &run,
        guest,
        "text t-new",
        "2026-11-25 12:00:00",
        Some(ASSIGNED_EMPLOYEE),
    )
    .await;
    let staff_sees = |chats: Vec<app::domain::chat::ChatSummary>| {
        chats.into_iter().find(|summary| summary.chat_id == chat)
    };
    assert!(
        staff_sees(run.staff.overview().await.unwrap().chats).is_some(),
        "transferred to the staff user's employee"
    );
    // A message from before the transfer, carrying the old assignee, comes in late.
    arrives(
        &run,
        guest,
        "text t-old",
        "2026-11-25 09:00:00",
        Some(ADMIN_EMPLOYEE),
    )
    .await;
    let chat = staff_sees(run.staff.overview().await.unwrap().chats).expect("still theirs");
    assert_eq!(chat.last_text.as_deref(), Some("text t-new"));
}

#[tokio::test]
async fn a_failed_reply_that_did_arrive_is_marked_sent_not_sent_again() {
    let run = chat_app().await;
    let mine = chat_of(&run.app.guest_writes(ASSIGNED_GUEST, "Есть кто?").await);
    run.staff.overview().await.expect("an overview");
    let emulator = run.app.emulator();
    // IntellectDialog keeps the message, then its answer is lost; no report
    // of it (not even "sent") comes during the test, or it could mark the
    // reply sent before the lost answer fails it.
    emulator
        .control(
            reqwest::Method::PUT,
            "/timings",
            json!({ "sent_after_ms": 3_600_000, "delivered_after_ms": 3_600_000, "read_after_ms": 3_600_000 }),
        )
        .await;
    emulator
        .set_faults(json!({ "after_accept": "error" }))
        .await;
    let failed = run
        .staff
        .reply(&mine, "Да, мы здесь")
        .await
        .expect("stored");
    assert_eq!(failed.state, MessageState::Failed);
    emulator
        .control(reqwest::Method::DELETE, "/faults", json!({}))
        .await;
    let sent_before = emulator.sent().await.len();
    assert_eq!(
        count(
            &run.app,
            "SELECT COUNT(*) FROM chat_messages WHERE body = 'Да, мы здесь'"
        )
        .await,
        1
    );
    let retried = run.staff.retry(failed.id).await.expect("a retry");
    assert_eq!(retried.state, MessageState::Sent);
    assert_eq!(
        emulator.sent().await.len(),
        sent_before,
        "nothing was sent again"
    );
}

#[tokio::test]
async fn a_reply_cut_off_mid_send_becomes_failed_and_can_be_retried() {
    let run = chat_app().await;
    let mine = chat_of(&run.app.guest_writes(ASSIGNED_GUEST, "Ау").await);
    run.staff.overview().await.expect("an overview");
    // No delivery reports during the test; the "sent" one is let through first.
    run.app
        .emulator()
        .control(
            reqwest::Method::PUT,
            "/timings",
            json!({ "delivered_after_ms": 600_000, "read_after_ms": 600_000 }),
        )
        .await;
    let reply = run.staff.reply(&mine, "Отвечаю").await.expect("sent");
    let message_id: String = app::on_db!(&run.app.db, pool => sqlx::query_scalar(
        "SELECT message_id FROM chat_messages WHERE id = $1").bind(reply.id).fetch_one(pool).await)
    .expect("the reply's IntellectDialog id");
    eventually(
        "the emulator's 'sent' report of the reply to be handled",
        std::time::Duration::from_secs(5),
        || async {
            run.app
                .emulator()
                .webhooks()
                .await
                .iter()
                .any(|webhook| {
                    webhook["message_id"] == message_id.as_str()
                        && webhook["status"] == "sent"
                        && webhook["answered"].is_u64()
                })
                .then_some(())
        },
    )
    .await;
    // As if the process had died after handing it over, long ago.
    app::on_db!(&run.app.db, pool => sqlx::query(
        "UPDATE chat_messages SET state = 'sending', attempted_at = 1 WHERE id = $1")
        .bind(reply.id).execute(pool).await.map(|_| ()))
    .expect("cut off");
    run.staff.overview().await.expect("an overview");
    let thread = run.staff.thread(&mine).await.expect("the dialog");
    let cut = thread
        .messages
        .iter()
        .find(|message| message.id == reply.id)
        .unwrap();
    assert_eq!(cut.state, MessageState::Failed);
    assert_eq!(cut.error.as_deref(), Some("unreachable"));
    // The retry finds it in IntellectDialog by its mark: sent, not resent.
    let before = run.app.emulator().sent().await.len();
    assert_eq!(
        run.staff.retry(reply.id).await.unwrap().state,
        MessageState::Sent
    );
    assert_eq!(run.app.emulator().sent().await.len(), before);
}
