//! The chat stream resumes exactly where it stopped: `Last-Event-ID` and
//! `?after=N` deliver the events after N, no fewer and none twice; on
//! PostgreSQL an event appended by one instance reaches a stream on another.
use crate::chat_helpers::*;
use crate::chat_stream_helpers::{EventStream, Resume};
use crate::helpers::TestApp;
use server::startup::Application;

/// Three guest messages seen live by the staff user; their event numbers.
async fn three_messages(run: &ChatApp) -> Vec<i64> {
    let mut live = EventStream::open(&run.staff, Resume::Fresh).await;
    let mut ids = Vec::new();
    for text in ["Первое", "Второе", "Третье"] {
        run.app.guest_writes(ASSIGNED_GUEST, text).await;
        ids.push(live.until_message(text).await);
    }
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    // Every event the stream carried since the first message, in order.
    live.chat_ids()
        .into_iter()
        .skip_while(|id| *id < ids[0])
        .collect()
}

async fn resumes_after_the_first(resume: impl Fn(i64) -> Resume) {
    let run = chat_app().await;
    let live = three_messages(&run).await;
    let first = live[0];

    let mut resumed = EventStream::open(&run.staff, resume(first)).await;
    // The counts carry the resume point, so a reconnect before any event
    // still resumes from there.
    assert_eq!(
        resumed.seen[0].id.as_deref(),
        Some(first.to_string().as_str())
    );
    run.app.guest_writes(ASSIGNED_GUEST, "Четвёртое").await;
    let fourth = resumed.until_message("Четвёртое").await;

    let mut expected: Vec<i64> = live.into_iter().skip(1).collect();
    expected.push(fourth);
    assert_eq!(resumed.chat_ids(), expected, "{:?}", resumed.seen);
}

#[tokio::test]
async fn last_event_id_replays_exactly_the_events_after_it() {
    resumes_after_the_first(Resume::LastEventId).await;
}

#[tokio::test]
async fn after_n_replays_exactly_the_events_after_it() {
    resumes_after_the_first(Resume::After).await;
}

#[tokio::test]
async fn resuming_at_the_newest_event_replays_nothing() {
    let run = chat_app().await;
    let live = three_messages(&run).await;
    let newest = *live.last().unwrap();

    let mut resumed = EventStream::open(&run.staff, Resume::LastEventId(newest)).await;
    run.app.guest_writes(ASSIGNED_GUEST, "Новое").await;
    let next = resumed.until_message("Новое").await;

    assert_eq!(resumed.chat_ids(), vec![next]);
}

/// A second server on the same PostgreSQL database, calling the first
/// one's emulator (the instances share IntellectDialog, as in production).
async fn second_instance(first: &TestApp) -> TestApp {
    let mut settings = (*first.state.settings).clone();
    settings.server.address = "127.0.0.1:0".to_owned();
    settings.demo.seed = false;
    settings.env = Some(app::ssr::config::AppEnv::Development);
    settings.demo_host.address = None;
    // Its streams read the database only when woken: an event from the
    // first instance can reach them through NOTIFY alone.
    settings.chat.poll_secs = 3_600;
    settings.emulator.enabled = false;
    settings.intellectdialog.base_url =
        Some(format!("{}/intellectdialog-emulator/v2/", first.address));
    let application = Application::build(settings)
        .await
        .expect("the second instance starts");
    let address = format!("http://{}", application.address());
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());
    first.with_address(address, state)
}

#[tokio::test]
async fn on_postgresql_an_event_appended_by_one_instance_reaches_a_stream_on_another() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("skipped: several instances share a database on PostgreSQL only");
        return;
    }
    let run = chat_app().await;
    let other = second_instance(&run.staff).await;
    // The staff user follows the chats on the second instance (the
    // sessions are in the shared database); the guest's message arrives at
    // the first one, through its webhook.
    let mut stream = EventStream::open(&other, Resume::Fresh).await;
    let message = run
        .app
        .guest_writes(ASSIGNED_GUEST, "Через другой сервер")
        .await;
    let id = stream.until_message("Через другой сервер").await;

    let event = stream.seen.last().unwrap().json();
    assert_eq!(event["seq"], id);
    assert_eq!(event["chat"]["chat_id"], chat_of(&message));
}
