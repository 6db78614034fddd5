//! Live chats: rights on every server function and on the SSE stream,
//! webhooks stored once, replies as the mapped employee, retries, isolation.
use crate::chat_helpers::*;
use crate::helpers::{spawn_app, VOLNA_STAFF};
use app::domain::chat::{ChatAccess, MessageState};
use app::error::{AppError, FieldProblem};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

pub async fn count(app: &crate::helpers::TestApp, sql: &str) -> i64 {
    app::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
        .expect("a count")
}

#[tokio::test]
async fn an_assigned_only_user_sees_reads_and_writes_only_the_dialogs_transferred_to_their_employee(
) {
    let run = chat_app().await;
    // The first look reads the history from IntellectDialog.
    assert!(run.staff.overview().await.is_ok());
    let mine = chat_of(
        &run.app
            .guest_writes(ASSIGNED_GUEST, "Можно поздний выезд?")
            .await,
    );
    let other = chat_of(&run.app.guest_writes(OTHER_GUEST, "Нужен трансфер").await);

    let staff_view = run.staff.overview().await.expect("an overview");
    let staff_chats: Vec<_> = staff_view
        .chats
        .iter()
        .map(|chat| chat.chat_id.clone())
        .collect();
    assert_eq!(staff_chats, vec![mine.clone()], "only the assigned dialog");
    assert!(staff_view.employees.is_empty(), "no transfer right");
    let admin_view = run.admin.overview().await.expect("an overview");
    assert!(admin_view.chats.iter().any(|chat| chat.chat_id == mine));
    assert!(admin_view.chats.iter().any(|chat| chat.chat_id == other));

    // Every server function refuses the other dialog.
    assert_eq!(run.staff.thread(&other).await, Err(AppError::NotFound));
    assert_eq!(
        run.staff.reply(&other, "Здравствуйте").await,
        Err(AppError::NotFound)
    );
    assert_eq!(run.staff.read_chat(&other).await, Err(AppError::NotFound));
    assert!(matches!(
        run.staff.transfer(&other, ASSIGNED_EMPLOYEE).await,
        Err(AppError::Forbidden { .. })
    ));
    let admins_reply = run
        .admin
        .reply(&other, "Да, во сколько?")
        .await
        .expect("the admin replies");
    assert_eq!(
        run.staff.retry(admins_reply.id).await,
        Err(AppError::NotFound)
    );

    let thread = run.staff.thread(&mine).await.expect("the own dialog");
    assert!(thread
        .messages
        .iter()
        .any(|message| message.text == "Можно поздний выезд?"));
    assert!(
        thread.messages.len() >= 3,
        "the seeded history was backfilled: {:?}",
        thread.messages
    );

    // The stream never carries the other dialog; the admin's carries both.
    let (status, events) = run.staff.sse(Some(0), Duration::from_millis(800)).await;
    assert_eq!(status, StatusCode::OK);
    let chats: Vec<String> = events
        .iter()
        .filter(|event| event.event == "chat")
        .map(|event| event.json()["chat"]["chat_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(chats.contains(&mine), "{events:?}");
    assert!(!chats.contains(&other), "{events:?}");
    let unread = events
        .iter()
        .find(|event| event.event == "unread")
        .expect("the unread counts");
    assert!(unread.json().get(&other).is_none());
    let (_, events) = run.admin.sse(Some(0), Duration::from_millis(800)).await;
    let admin_chats: Vec<String> = events
        .iter()
        .filter(|event| event.event == "chat")
        .map(|event| event.json()["chat"]["chat_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(admin_chats.contains(&mine) && admin_chats.contains(&other));
}

#[tokio::test]
async fn a_reply_leaves_as_the_mapped_employee_and_a_transfer_moves_the_dialog() {
    let run = chat_app().await;
    let mine = chat_of(&run.app.guest_writes(ASSIGNED_GUEST, "Есть парковка?").await);
    run.staff.overview().await.expect("an overview");
    let unread = run.staff.overview().await.unwrap().chats[0].unread;
    assert!(unread >= 1);
    run.staff.read_chat(&mine).await.expect("read");
    assert_eq!(run.staff.overview().await.unwrap().chats[0].unread, 0);

    let reply = run
        .staff
        .reply(&mine, "Да, бесплатная.")
        .await
        .expect("sent");
    assert_eq!(reply.state, MessageState::Sent);
    let sent = run.app.emulator().sent().await;
    let last = sent.last().expect("the reply left");
    assert_eq!(last["employee_id"], ASSIGNED_EMPLOYEE);
    assert_eq!(
        last["provider_id"],
        server::emulator::seed::DEMO_WHATSAPP_PROVIDER
    );
    assert_eq!(last["phone"], ASSIGNED_GUEST);
    assert_eq!(last["text"], "Да, бесплатная.");

    // Bad replies are refused with the field named.
    assert_eq!(
        run.staff.reply(&mine, "   ").await,
        Err(AppError::invalid("text", FieldProblem::Required))
    );
    let long = "а".repeat(10_001);
    assert_eq!(
        run.staff.reply(&mine, &long).await,
        Err(AppError::invalid("text", FieldProblem::TooLong))
    );

    // The admin transfers it away: the assigned-only user loses it.
    assert_eq!(
        run.admin.transfer(&mine, "no-such-employee").await,
        Err(AppError::invalid("employee", FieldProblem::Unknown))
    );
    run.admin
        .transfer(&mine, "b6f8a0c2-0001-4000-8000-0000e0000004")
        .await
        .expect("transferred");
    assert!(run.staff.overview().await.unwrap().chats.is_empty());
    assert_eq!(run.staff.thread(&mine).await, Err(AppError::NotFound));
}

#[tokio::test]
async fn a_failed_reply_shows_why_and_a_retry_sends_it_exactly_once() {
    let run = chat_app().await;
    let mine = chat_of(&run.app.guest_writes(ASSIGNED_GUEST, "Алло?").await);
    run.staff.overview().await.expect("an overview");
    let emulator = run.app.emulator();
    let before = emulator.sent().await.len();
    emulator.set_faults(json!({ "outage": true })).await;
    let failed = run.staff.reply(&mine, "Мы на связи").await.expect("stored");
    assert_eq!(failed.state, MessageState::Failed);
    assert_eq!(failed.error.as_deref(), Some("unreachable"));
    emulator.control(Method::DELETE, "/faults", json!({})).await;
    let retried = run.staff.retry(failed.id).await.expect("retried");
    assert_eq!(retried.state, MessageState::Sent);
    // A second retry (a double click) sends nothing more.
    assert_eq!(
        run.staff.retry(failed.id).await.expect("no-op").state,
        MessageState::Sent
    );
    assert_eq!(emulator.sent().await.len(), before + 1);
}

#[tokio::test]
async fn only_admins_map_users_the_change_is_audited_and_a_new_organisation_resets_it() {
    let run = chat_app().await;
    assert!(matches!(
        run.staff.map(VOLNA_STAFF.0, Some(ADMIN_EMPLOYEE)).await,
        Err(AppError::Forbidden { .. })
    ));
    assert_eq!(
        run.admin.map(VOLNA_STAFF.0, Some("no-such-employee")).await,
        Err(AppError::invalid("employee", FieldProblem::Unknown))
    );
    let view = run.staff.mappings().await.expect("staff may look");
    assert!(!view.can_edit);
    assert_eq!(view.employees.len(), 4);
    let anna = view
        .users
        .iter()
        .find(|user| user.email == VOLNA_STAFF.0)
        .unwrap();
    assert_eq!(
        anna.employee.as_ref().map(|employee| employee.id.as_str()),
        Some(ASSIGNED_EMPLOYEE)
    );
    assert!(
        count(
            &run.app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'mapping.changed'"
        )
        .await
            >= 2
    );

    // Several users may share one employee.
    run.admin
        .map("ivan@volna.example", Some(ASSIGNED_EMPLOYEE))
        .await
        .expect("shared");

    let version = run.admin.integration_state().await.unwrap().version;
    run.admin
        .check_api_key(crate::dispatch_helpers::SECOND_API_KEY, version, true)
        .await
        .expect("another organisation's key");
    let view = run.admin.mappings().await.expect("the tab");
    assert!(
        view.users.iter().all(|user| user.employee.is_none()),
        "mappings reset"
    );
    assert_eq!(count(&run.app, "SELECT COUNT(*) FROM chats").await, 0);
}

#[tokio::test]
async fn a_mapped_employee_who_left_intellectdialog_is_explained() {
    let app = spawn_app().await;
    crate::dispatch_helpers::activate(
        &app,
        crate::helpers::VOLNA_ADMIN,
        crate::dispatch_helpers::DEMO_API_KEY,
    )
    .await;
    let admin = app.second_browser();
    admin.sign_in(crate::helpers::VOLNA_ADMIN).await;
    admin
        .map(crate::helpers::VOLNA_ADMIN.0, Some(ADMIN_EMPLOYEE))
        .await
        .expect("mapped");
    // The employee disappears from IntellectDialog's list.
    app::on_db!(&app.db, pool => sqlx::query("UPDATE employees SET present = FALSE, refreshed_at = 9999999999999")
        .execute(pool).await.map(|_| ())).expect("marked gone");
    match admin.overview().await.expect("an overview").access {
        ChatAccess::EmployeeGone { name, .. } => assert_eq!(name, "Смирнова Ольга"),
        other => panic!("expected EmployeeGone, got {other:?}"),
    }
    let view = admin.mappings().await.expect("the tab");
    let mapped = view
        .users
        .iter()
        .find_map(|user| user.employee.clone())
        .expect("still shown");
    assert!(!mapped.present);
}
