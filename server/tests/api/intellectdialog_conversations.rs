//! The client against the emulator over HTTP: chats, messages (list, send,
//! read, transfer), stop list and webhooks, each refusal mapped to its class.
use crate::emulator_helpers::spawn_emulator;
use app::ssr::intellectdialog::conversations::{
    ChatFilter, Direction, MessageFilter, SendMessage, TransferTarget,
};
use app::ssr::intellectdialog::ApiError;
use server::emulator::seed::DEMO_WHATSAPP_PROVIDER;

fn welcome(phone: &str, text: &str) -> SendMessage {
    SendMessage {
        provider_id: DEMO_WHATSAPP_PROVIDER.to_owned(),
        phone: phone.to_owned(),
        text: text.to_owned(),
        mark: Some("dispatch-1".to_owned()),
        employee_id: None,
    }
}

#[tokio::test]
async fn chats_and_their_history_are_filtered() {
    let client = spawn_emulator().await.demo_client();

    let chats = client.chats(&ChatFilter::default()).await.unwrap();
    let by_phone = client
        .chats(&ChatFilter {
            phone: Some("+7 916 123-45-67".into()),
            ..ChatFilter::default()
        })
        .await
        .unwrap();
    let chat = client.chat(&by_phone.items[0].id).await.unwrap();
    let history = client
        .messages(&MessageFilter {
            chat_id: Some(chat.id.clone()),
            ..MessageFilter::default()
        })
        .await
        .unwrap();
    let incoming = client
        .messages(&MessageFilter {
            chat_id: Some(chat.id.clone()),
            direction: Some(Direction::FromClient),
            ..MessageFilter::default()
        })
        .await
        .unwrap();
    let unread = client
        .messages(&MessageFilter {
            read: Some(false),
            ..MessageFilter::default()
        })
        .await
        .unwrap();

    assert_eq!(chats.pagin.total, 3);
    assert_eq!(by_phone.items.len(), 1);
    assert_eq!(chat.person_name.as_deref(), Some("Алексей"));
    assert_eq!(history.items.len(), 3);
    assert_eq!(incoming.items.len(), 2);
    assert!(incoming.items.iter().all(|message| message.is_incoming()));
    assert_eq!(unread.items.len(), 3);
    assert!(matches!(
        client.chat("no-chat").await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_sent_message_is_stored_with_its_mark_and_logged() {
    let emulator = spawn_emulator().await;
    let client = emulator.demo_client();

    let result = client
        .send_message(&welcome("+7 900 111-22-33", "Добро пожаловать!"))
        .await
        .unwrap();

    let message_id = result.message_id.clone().unwrap();
    let message = client.message(&message_id).await.unwrap();
    assert_eq!(message.marker.as_deref(), Some("dispatch-1"));
    assert_eq!(message.person_phone.as_deref(), Some("+79001112233"));
    assert!(!message.is_incoming());
    let sent = emulator.sent().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["message_id"], message_id.as_str());
    assert_eq!(sent[0]["mark"], "dispatch-1");
}

#[tokio::test]
async fn bad_sends_are_refused_with_their_class() {
    let emulator = spawn_emulator().await;
    let client = emulator.demo_client();

    let bad_phone = client.send_message(&welcome("12-34", "Привет")).await;
    let long_phone = client
        .send_message(&welcome(&"1".repeat(21), "Привет"))
        .await;
    let long_text = client
        .send_message(&welcome("+79001112233", &"я".repeat(10_001)))
        .await;
    let long_mark = client
        .send_message(&SendMessage {
            mark: Some("m".repeat(37)),
            ..welcome("+79001112233", "Привет")
        })
        .await;
    let no_provider = client
        .send_message(&SendMessage {
            provider_id: "nope".into(),
            ..welcome("+79001112233", "Привет")
        })
        .await;

    assert!(
        matches!(bad_phone, Err(ApiError::InvalidRecipient { .. })),
        "{bad_phone:?}"
    );
    assert!(
        matches!(long_phone, Err(ApiError::InvalidRecipient { .. })),
        "{long_phone:?}"
    );
    assert!(
        matches!(long_text, Err(ApiError::Other { status: 422, .. })),
        "{long_text:?}"
    );
    assert!(
        matches!(long_mark, Err(ApiError::Other { status: 422, .. })),
        "{long_mark:?}"
    );
    assert!(
        matches!(no_provider, Err(ApiError::Other { status: 422, .. })),
        "{no_provider:?}"
    );
    assert!(emulator.sent().await.is_empty());
}

#[tokio::test]
async fn the_stop_list_blocks_sends_until_the_entry_is_removed() {
    let client = spawn_emulator().await.demo_client();
    let first = client
        .send_message(&welcome("+79005550000", "Первое"))
        .await
        .unwrap();

    let entry = client
        .add_to_stop_list(first.person_id.as_deref().unwrap())
        .await
        .unwrap();
    let blocked = client
        .send_message(&welcome("+79005550000", "Второе"))
        .await;
    let listed = client.stop_list(None, None).await.unwrap();
    client.remove_from_stop_list(&entry.id).await.unwrap();
    let again = client
        .send_message(&welcome("+79005550000", "Третье"))
        .await;

    assert!(
        matches!(blocked, Err(ApiError::InvalidRecipient { .. })),
        "{blocked:?}"
    );
    assert_eq!(listed.items, vec![entry.clone()]);
    assert!(again.is_ok());
    assert!(matches!(
        client.remove_from_stop_list(&entry.id).await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        client.add_to_stop_list("nobody").await,
        Err(ApiError::Other { status: 422, .. })
    ));
}

#[tokio::test]
async fn messages_are_marked_read_and_unread_and_transferred() {
    let client = spawn_emulator().await.demo_client();
    let employees = client.all_employees().await.unwrap();
    let unread = client
        .messages(&MessageFilter {
            read: Some(false),
            ..MessageFilter::default()
        })
        .await
        .unwrap();
    let message = &unread.items[0];

    client.mark_read(&message.id).await.unwrap();
    let after_read = client
        .messages(&MessageFilter {
            read: Some(false),
            ..MessageFilter::default()
        })
        .await
        .unwrap();
    client.mark_unread(&message.id).await.unwrap();
    let after_unread = client
        .messages(&MessageFilter {
            read: Some(false),
            ..MessageFilter::default()
        })
        .await
        .unwrap();
    let transfer = client
        .transfer(
            &message.id,
            &TransferTarget::EmployeeId(employees[3].id.clone()),
        )
        .await
        .unwrap();
    let assigned = client
        .messages(&MessageFilter {
            transfer_to: Some(employees[3].id.clone()),
            ..MessageFilter::default()
        })
        .await
        .unwrap();

    assert_eq!(after_read.items.len(), unread.items.len() - 1);
    assert_eq!(after_unread.items.len(), unread.items.len());
    assert_eq!(transfer.target_type, "employee");
    assert!(assigned
        .items
        .iter()
        .any(|assigned| assigned.id == message.id));
    assert!(matches!(
        client.mark_read("nope").await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        client
            .transfer(&message.id, &TransferTarget::EmployeeId("nobody".into()))
            .await,
        Err(ApiError::Other { status: 422, .. })
    ));
}

#[tokio::test]
async fn the_webhook_subscription_is_set_read_and_deleted() {
    let client = spawn_emulator().await.demo_client();

    let none = client.webhook().await.unwrap();
    let set = client
        .set_webhook("http://127.0.0.1:9/webhooks/abc")
        .await
        .unwrap();
    let read = client.webhook().await.unwrap();
    client.delete_webhook().await.unwrap();
    let gone = client.webhook().await.unwrap();
    let invalid = client.set_webhook("not a url").await;
    // The emulator posts only to this machine: it can never be aimed at another.
    let elsewhere = client
        .set_webhook("https://hotel.example/webhooks/abc")
        .await;

    assert_eq!(none, None);
    assert_eq!(set.events, vec!["new_message", "new_status", "new_error"]);
    assert_eq!(read, Some(set));
    assert_eq!(gone, None);
    assert!(matches!(invalid, Err(ApiError::Other { status: 422, .. })));
    assert!(
        matches!(&elsewhere, Err(ApiError::Other { status: 422, detail, .. }) if detail.contains("only to this machine")),
        "{elsewhere:?}"
    );
}
