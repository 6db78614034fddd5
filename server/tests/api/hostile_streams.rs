//! Chat streams under load: one feed per property serves all of its
//! streams, and streams beyond a cap are refused with the cap named.
use crate::chat_helpers::*;
use crate::chat_stream_helpers::{EventStream, Resume};
use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;

/// A gauge's value in `/metrics`.
fn gauge(metrics: &str, name: &str) -> i64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in {metrics}"))
}

#[tokio::test]
async fn one_feed_serves_every_stream_of_a_property() {
    let run = chat_app().await;
    let mut streams = Vec::new();
    for browser in [&run.admin, &run.admin, &run.admin, &run.staff] {
        streams.push(EventStream::open(browser, Resume::Fresh).await);
    }
    let metrics = run.app.metrics().await;
    assert_eq!(gauge(&metrics, "cc_chat_streams"), 4);
    assert_eq!(
        gauge(&metrics, "cc_chat_feeds"),
        1,
        "one reader for the property"
    );

    run.app.guest_writes(ASSIGNED_GUEST, "Все слышат?").await;
    for stream in &mut streams {
        stream.until_message("Все слышат?").await;
    }
    drop(streams);
}

#[tokio::test]
async fn streams_beyond_a_cap_are_refused_naming_it_and_a_closed_one_frees_its_place() {
    let run = chat_app_with(|settings| {
        settings.chat.max_streams_per_session = 2;
        settings.chat.max_streams_per_property = 3;
    })
    .await;
    let first = EventStream::open(&run.admin, Resume::Fresh).await;
    let _second = EventStream::open(&run.admin, Resume::Fresh).await;
    let refused = run.admin.get("/events/chats").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().get(RETRY_AFTER).is_some());
    let text = refused.text().await.unwrap();
    assert!(text.contains("this session (at most 2)"), "{text}");

    let _third = EventStream::open(&run.staff, Resume::Fresh).await;
    let refused = run.staff.get("/events/chats").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let text = refused.text().await.unwrap();
    assert!(text.contains("this hotel (at most 3)"), "{text}");

    drop(first);
    let reopened = crate::waiting::eventually(
        "the closed stream's place",
        std::time::Duration::from_secs(10),
        || async {
            let response = run.admin.get("/events/chats").await;
            (response.status() == StatusCode::OK).then_some(response)
        },
    )
    .await;
    assert_eq!(reopened.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_server_cap_holds_across_properties() {
    let run = chat_app_with(|settings| settings.chat.max_streams_per_server = 1).await;
    let admin = &run.admin;
    let _only = EventStream::open(admin, Resume::Fresh).await;
    let refused = admin.get("/events/chats").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("as many live chat connections as it may (1)"),
        "{text}"
    );
}
