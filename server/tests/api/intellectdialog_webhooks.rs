//! The emulator delivers webhooks our parser understands, and spaces sends by
//! the organisation's send delay.
use crate::emulator_helpers::spawn_emulator;
use app::ssr::intellectdialog::conversations::SendMessage;
use app::ssr::intellectdialog::webhook::{DeliveryStatus, WebhookEvent};
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use serde_json::json;
use server::emulator::seed::DEMO_WHATSAPP_PROVIDER;
use std::time::Duration;
use tokio::sync::mpsc;

/// A receiver on a free port; every webhook body it gets is parsed and passed on.
async fn spawn_receiver() -> (String, mpsc::UnboundedReceiver<WebhookEvent>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let app = axum::Router::new()
        .route(
            "/hook",
            post(|State(sender): State<mpsc::UnboundedSender<WebhookEvent>>, body: Bytes| async move {
                let event = WebhookEvent::parse(&body).expect("the emulator's webhook parses");
                let _ = sender.send(event);
                "ok"
            }),
        )
        .with_state(sender);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/hook"), receiver)
}

async fn next_event(receiver: &mut mpsc::UnboundedReceiver<WebhookEvent>) -> WebhookEvent {
    tokio::time::timeout(Duration::from_secs(5), receiver.recv())
        .await
        .expect("a webhook within 5 s")
        .expect("the receiver is open")
}

fn message(phone: &str, mark: &str) -> SendMessage {
    SendMessage {
        provider_id: DEMO_WHATSAPP_PROVIDER.to_owned(),
        phone: phone.to_owned(),
        text: "Добро пожаловать в отель «Волна»!".to_owned(),
        mark: Some(mark.to_owned()),
        employee_id: None,
    }
}

#[tokio::test]
async fn a_guest_message_arrives_as_new_message() {
    let emulator = spawn_emulator().await;
    let (url, mut events) = spawn_receiver().await;
    emulator.demo_client().set_webhook(&url).await.unwrap();

    emulator
        .control(
            reqwest::Method::POST,
            "/guest-messages",
            json!({ "phone": "+79161234567", "text": "Есть парковка?" }),
        )
        .await;

    let WebhookEvent::NewMessage(event) = next_event(&mut events).await else {
        panic!("expected new_message");
    };
    assert_eq!(event.message.text.as_deref(), Some("Есть парковка?"));
    assert_eq!(event.message.person_phone.as_deref(), Some("+79161234567"));
    assert!(event.message.is_incoming());
}

#[tokio::test]
async fn a_sent_message_reports_sent_delivered_and_read_with_its_mark() {
    let emulator = spawn_emulator().await;
    emulator
        .control(
            reqwest::Method::PUT,
            "/timings",
            json!({ "delivered_after_ms": 10, "read_after_ms": 10 }),
        )
        .await;
    let (url, mut events) = spawn_receiver().await;
    let client = emulator.demo_client();
    client.set_webhook(&url).await.unwrap();

    let sent = client
        .send_message(&message("+79001234567", "dispatch-42"))
        .await
        .unwrap();

    let mut statuses = Vec::new();
    for _ in 0..3 {
        let WebhookEvent::NewStatus(event) = next_event(&mut events).await else {
            panic!("expected new_status");
        };
        assert_eq!(Some(event.message_id.clone()), sent.message_id);
        assert_eq!(event.marker.as_deref(), Some("dispatch-42"));
        statuses.push(event.status);
    }
    assert_eq!(
        statuses,
        vec![
            DeliveryStatus::Sent,
            DeliveryStatus::Delivered,
            DeliveryStatus::Read
        ]
    );
    let stored = client
        .message(sent.message_id.as_deref().unwrap())
        .await
        .unwrap();
    assert!(stored.delivered_at.is_some() && stored.viewed_at.is_some());
}

#[tokio::test]
async fn the_send_delay_spaces_messages_that_arrive_together() {
    let emulator = spawn_emulator().await;
    let organisation = emulator
        .control(reqwest::Method::GET, "", json!(null))
        .await["organisations"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator
        .control(
            reqwest::Method::PUT,
            &format!("/organisations/{organisation}/send-delay"),
            json!({ "seconds": 0.3 }),
        )
        .await;
    let client = emulator.demo_client();

    for (index, phone) in ["+79001110001", "+79001110002", "+79001110003"]
        .iter()
        .enumerate()
    {
        client
            .send_message(&message(phone, &format!("d-{index}")))
            .await
            .unwrap();
    }

    let sent = emulator.sent().await;
    let left: Vec<time::OffsetDateTime> = sent
        .iter()
        .map(|record| {
            time::OffsetDateTime::parse(
                record["left_at"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
        })
        .collect();
    assert_eq!(left.len(), 3);
    for pair in left.windows(2) {
        assert!(
            pair[1] - pair[0] >= time::Duration::milliseconds(299),
            "{pair:?}"
        );
    }
}
