//! Live chat latency: a `new_message` webhook received (and confirmed with
//! IntellectDialog, `GET messages/{id}`) → the event written
//! to a subscribed SSE client, p50/p99 over 1,000 guest messages, on SQLite
//! and (when reachable) PostgreSQL. Prints figures; asserts nothing timed.
//!
//! `cargo bench -p server --bench chat_events` (BENCH_MESSAGES to change the
//! count, BENCH_POSTGRES_URL for another PostgreSQL; `none` skips it).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark fails by panicking"
)]
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

mod support;

#[tokio::main]
async fn main() {
    let count = support::count("BENCH_MESSAGES", 1_000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (backend, url) in support::databases(dir.path()).await {
        run(backend, &url, count).await;
    }
}

async fn run(backend: &str, url: &str, count: usize) {
    let (address, state) = support::start(url).await;
    let admin = support::connect(&address).await;
    support::map_admin(&address, &admin).await;
    let secret: String = app::on_db!(&state.db, pool => sqlx::query_scalar(
        "SELECT webhook_secret FROM integrations WHERE property_id = 1").fetch_one(pool).await)
    .expect("a webhook secret");
    let mut arrivals = subscribe(&address, &admin).await;
    let webhook = format!("{address}/webhooks/intellectdialog/{secret}");
    let started = Instant::now();
    let mut latencies = deliver(&address, &webhook, count, &mut arrivals).await;
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize].as_secs_f64() * 1000.0;
    println!(
        "{backend}: {count} guest messages, webhook received → SSE event delivered: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({:.0} messages/s one at a time)",
        percentile(0.50),
        percentile(0.99),
        latencies.last().map(|max| max.as_secs_f64() * 1000.0).unwrap_or(0.0),
        count as f64 / elapsed,
    );
}

/// One subscribed browser: reports each message id as its event arrives;
/// returns once the stream has said its first word (the unread counts).
async fn subscribe(
    address: &str,
    admin: &reqwest::Client,
) -> mpsc::UnboundedReceiver<(String, Instant)> {
    let (arrived, arrivals) = mpsc::unbounded_channel::<(String, Instant)>();
    let (opened, is_open) = tokio::sync::oneshot::channel::<()>();
    let mut stream = admin
        .get(format!("{address}/events/chats"))
        .send()
        .await
        .expect("the stream");
    assert!(stream.status().is_success(), "stream: {}", stream.status());
    tokio::spawn(async move {
        let mut opened = Some(opened);
        let mut buffer = String::new();
        while let Ok(Some(chunk)) = stream.chunk().await {
            let at = Instant::now();
            if let Some(opened) = opened.take() {
                let _ = opened.send(());
            }
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                if let Some(start) = block.find("\"text\":\"bench ") {
                    let rest = &block[start + 14..];
                    let id = rest.split('"').next().unwrap_or_default().to_owned();
                    let _ = arrived.send((id, at));
                }
            }
        }
    });
    tokio::time::timeout(Duration::from_secs(10), is_open)
        .await
        .expect("the stream opens within 10 s")
        .expect("the stream is open");
    arrivals
}

/// Posts `count` guest messages one at a time; each one's webhook → event
/// time, the webhook's confirmation with IntellectDialog included. Each
/// message is first stored in the emulator unannounced (not timed), then
/// its webhook is posted.
async fn deliver(
    address: &str,
    webhook: &str,
    count: usize,
    arrivals: &mut mpsc::UnboundedReceiver<(String, Instant)>,
) -> Vec<Duration> {
    let http = reqwest::Client::new();
    let control = format!("{address}/intellectdialog-emulator/control/guest-messages");
    let mut latencies = Vec::with_capacity(count);
    for number in 0..count {
        let guest = serde_json::json!({
            "phone": format!("+7900{:07}", number % 50), "text": format!("bench {number}"),
            "announce": false
        });
        let mut body: serde_json::Value = http
            .post(&control)
            .json(&guest)
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .expect("the stored message");
        body["event"] = "new_message".into();
        body["message_id"] = body["id"].clone();
        let sent_at = Instant::now();
        let response = http
            .post(webhook)
            .json(&body)
            .send()
            .await
            .expect("the webhook answers");
        assert!(
            response.status().is_success(),
            "webhook: {}",
            response.status()
        );
        loop {
            let (got, at) = tokio::time::timeout(Duration::from_secs(10), arrivals.recv())
                .await
                .expect("the event arrives within 10 s")
                .expect("the stream is open");
            if got == number.to_string() {
                latencies.push(at.duration_since(sent_at));
                break;
            }
        }
    }
    latencies
}
