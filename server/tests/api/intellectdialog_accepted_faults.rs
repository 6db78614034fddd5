//! Accept-then-fail faults over HTTP: the message is stored exactly as a
//! success would store it (listed with its mark, moving to delivered and read),
//! only the answer fails; the control shows, clears and checks the fault; and
//! every API request is recorded with its answer.
use crate::emulator_helpers::{spawn_emulator, TestEmulator};
use crate::waiting::eventually;
use app::ssr::intellectdialog::conversations::{Direction, MessageFilter, SendMessage};
use app::ssr::intellectdialog::ApiError;
use reqwest::Method;
use serde_json::json;
use server::emulator::seed::DEMO_WHATSAPP_PROVIDER;
use std::time::Duration;

fn marked(mark: &str) -> SendMessage {
    SendMessage {
        provider_id: DEMO_WHATSAPP_PROVIDER.to_owned(),
        phone: "+7 900 111-22-33".to_owned(),
        text: "Добро пожаловать!".to_owned(),
        mark: Some(mark.to_owned()),
        employee_id: None,
    }
}

/// Sends under `fault`, expecting the client to see a transient failure;
/// the stored message's id.
async fn send_accepted_then(emulator: &TestEmulator, fault: &str) -> String {
    emulator
        .control(
            Method::PUT,
            "/timings",
            json!({ "delivered_after_ms": 0, "read_after_ms": 0 }),
        )
        .await;
    emulator.set_faults(json!({ "after_accept": fault })).await;

    let error = emulator
        .demo_client()
        .send_message(&marked("dispatch-7"))
        .await
        .expect_err("the answer is lost");

    assert!(
        matches!(error, ApiError::Transient { .. }),
        "{fault}: {error:?}"
    );
    let sent = emulator.sent().await;
    assert_eq!(sent.len(), 1, "{fault}: {sent:?}");
    assert_eq!(sent[0]["mark"], "dispatch-7");
    sent[0]["message_id"]
        .as_str()
        .expect("a message id")
        .to_owned()
}

#[tokio::test]
async fn a_send_whose_answer_is_lost_is_stored_listed_by_its_mark_and_delivered() {
    for fault in ["error", "hang", "drop"] {
        let emulator = spawn_emulator().await;
        let message_id = send_accepted_then(&emulator, fault).await;
        let client = emulator.demo_client();

        let listed = client
            .messages(&MessageFilter {
                provider_id: Some(DEMO_WHATSAPP_PROVIDER.to_owned()),
                direction: Some(Direction::ToClient),
                limit: Some(500),
                ..MessageFilter::default()
            })
            .await
            .expect("the messages");
        let found: Vec<_> = listed
            .items
            .iter()
            .filter(|message| message.marker.as_deref() == Some("dispatch-7"))
            .collect();

        assert_eq!(found.len(), 1, "{fault}: {:?}", listed.items);
        assert_eq!(found[0].id, message_id);
        let read = eventually(
            &format!("the message stored under `{fault}` to be read"),
            Duration::from_secs(5),
            || async {
                let message = client.message(&message_id).await.expect("the message");
                message.viewed_at.is_some().then_some(message)
            },
        )
        .await;
        assert!(read.delivered_at.is_some(), "{fault}: {read:?}");
    }
}

#[tokio::test]
async fn only_sends_are_hit_by_an_accept_then_fail_fault() {
    let emulator = spawn_emulator().await;
    emulator
        .set_faults(json!({ "after_accept": "error" }))
        .await;

    let company = emulator.demo_client().company().await;

    assert!(company.is_ok(), "{company:?}");
}

#[tokio::test]
async fn the_accept_then_fail_fault_is_shown_cleared_and_checked_by_name() {
    let emulator = spawn_emulator().await;
    emulator
        .set_faults(json!({ "after_accept": "hang", "after_accept_rate": 0.5 }))
        .await;
    let shown = emulator.control(Method::GET, "", json!(null)).await;
    emulator
        .control(Method::DELETE, "/faults", json!(null))
        .await;
    let cleared = emulator.control(Method::GET, "", json!(null)).await;
    let refused = emulator
        .http
        .put(format!("{}/faults", emulator.control_url))
        .json(&json!({ "after_accept": "later" }))
        .send()
        .await
        .expect("an answer");
    let status = refused.status();
    let body: serde_json::Value = refused.json().await.expect("a JSON refusal");

    assert_eq!(shown["faults"]["after_accept"], "hang", "{shown}");
    assert_eq!(shown["faults"]["after_accept_rate"], 0.5, "{shown}");
    assert_eq!(cleared["faults"]["after_accept"], json!(null), "{cleared}");
    assert_eq!(status, 422);
    let error = body["response"]["error"].as_str().expect("an error text");
    assert!(error.contains("after_accept must be"), "{error}");
    emulator
        .demo_client()
        .company()
        .await
        .expect("still served");
}

#[tokio::test]
async fn every_api_request_is_recorded_with_its_answer_and_counted() {
    let emulator = spawn_emulator().await;
    emulator.demo_client().company().await.expect("a company");
    let wrong_key = emulator.client("wrong").company().await;
    emulator.set_faults(json!({ "outage": true })).await;
    let outage = emulator.demo_client().providers(None, None).await;

    let log = emulator
        .control(Method::GET, "/requests", json!(null))
        .await;

    assert!(wrong_key.is_err() && outage.is_err());
    let statuses: Vec<_> = log["requests"]
        .as_array()
        .unwrap_or_else(|| panic!("requests as an array: {log}"))
        .iter()
        .map(|request| {
            (
                request["method"].as_str().expect("a method").to_owned(),
                request["path"].as_str().expect("a path").to_owned(),
                request["status"].as_u64().expect("answered"),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("GET".to_owned(), "/companies".to_owned(), 200),
            ("GET".to_owned(), "/companies".to_owned(), 401),
            ("GET".to_owned(), "/providers".to_owned(), 503),
        ]
    );
    assert_eq!(log["counts"]["GET /companies"], 2, "{log}");
    assert_eq!(log["counts"]["GET /providers"], 1, "{log}");
}
