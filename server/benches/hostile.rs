//! Hostile traffic against the server binary (built with the bench profile,
//! i.e. release) in a process of its own, so its memory is its own: RSS at
//! rest, during and after 1,000 sign-in attempts (100 at once, each from its
//! own loopback address), how long it takes to come back, `/readyz` latency
//! during the flood, and RSS with 1,000 idle chat streams. Prints figures;
//! asserts nothing timed.
//!
//! `cargo bench -p server --bench hostile` (BENCH_SIGN_INS, BENCH_STREAMS to
//! change the counts). Sign-in limits stay at their defaults; the stream
//! caps are raised so that 1,000 streams of one session may open.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark fails by panicking"
)]
use futures_util::StreamExt;
use std::net::IpAddr;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod support;

const MIB: u64 = 1024 * 1024;

#[tokio::main]
async fn main() {
    let sign_ins = support::count("BENCH_SIGN_INS", 1_000);
    let streams = support::count("BENCH_STREAMS", 1_000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!("— with the default sign-in limits:");
    let (mut child, address) = start_server(&dir.path().join("limited"), streams, &[]).await;
    let pid = child.id().expect("a running server");
    let admin = support::connect(&address).await;
    support::map_admin(&address, &admin).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!(
        "server at rest after start: RSS {:.1} MiB (of it private: {:.1} MiB)",
        mib(rss(pid)),
        mib(anonymous(pid))
    );

    idle_streams(&admin, &address, pid, streams).await;

    flood(&address, pid, sign_ins).await;
    let after = rss(pid);
    println!("right after the flood: RSS {:.1} MiB", mib(after));
    let started = Instant::now();
    let settled = loop {
        let now = rss(pid);
        if now < 120 * MIB || started.elapsed() > Duration::from_secs(60) {
            break now;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    println!(
        "{:.1} MiB {:.0} s after the flood (target: under 120 MiB within a minute)",
        mib(settled),
        started.elapsed().as_secs_f64()
    );
    let _ = child.kill().await;

    // Every attempt through to the password check: the bounded pool alone.
    println!("— with the per-client and overall limits out of the way:");
    let unlimited = [
        ("APP_SIGN_IN__PER_CLIENT_PER_MINUTE", "1000000"),
        ("APP_SIGN_IN__OVERALL_PER_SECOND", "1000000"),
    ];
    let (mut child, address) = start_server(&dir.path().join("open"), streams, &unlimited).await;
    let pid = child.id().expect("a running server");
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!("server at rest after start: RSS {:.1} MiB", mib(rss(pid)));
    flood(&address, pid, sign_ins).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    println!("5 s after the flood: RSS {:.1} MiB", mib(rss(pid)));
    let _ = child.kill().await;
}

/// The server binary on a fresh SQLite database with the demo data and the
/// in-process emulator, on a free port, with `extra` settings; waits until
/// it answers `/readyz`.
async fn start_server(
    dir: &std::path::Path,
    streams: usize,
    extra: &[(&str, &str)],
) -> (tokio::process::Child, String) {
    std::fs::create_dir_all(dir).expect("a data directory");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let address = format!("http://127.0.0.1:{port}");
    let caps = (streams + 10).to_string();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_contact-center"))
        .env("APP_SERVER__ADDRESS", format!("127.0.0.1:{port}"))
        .env(
            "APP_DATABASE__URL",
            format!("sqlite://{}/bench.db", dir.display()),
        )
        .env("APP_DEMO__SEED", "true")
        .env("APP_EMULATOR__ENABLED", "true")
        .env("APP_DISPATCH__ENABLED", "false")
        .env("APP_SECURITY__MASTER_KEY_FILE", dir.join("master.key"))
        .env("APP_CHAT__MAX_STREAMS_PER_SESSION", &caps)
        .env("APP_CHAT__MAX_STREAMS_PER_PROPERTY", &caps)
        .env("RUST_LOG", "error")
        .envs(extra.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let ready = format!("{address}/readyz");
    for _ in 0..600 {
        if reqwest::get(&ready)
            .await
            .is_ok_and(|answer| answer.status().is_success())
        {
            return (child, address);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become ready");
}

/// `count` sign-in attempts with unknown e-mails, 100 at once, each from
/// its own loopback address; meanwhile `/readyz` is asked every 2 ms and
/// the server's RSS read every 25 ms.
async fn flood(address: &str, pid: u32, count: usize) {
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(rss(pid)));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        })
    };
    let prober = {
        let (done, ready) = (done.clone(), format!("{address}/readyz"));
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let asked = Instant::now();
                if client.get(&ready).send().await.is_ok() {
                    latencies.push(asked.elapsed().as_secs_f64() * 1000.0);
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            latencies
        })
    };
    let started = Instant::now();
    let path = format!("{address}/rpc/sign_in");
    let attempts = futures_util::stream::iter(0..count).map(|index| {
        let (path, origin) = (path.clone(), address.to_owned());
        async move {
            let client = IpAddr::from([127, 1, (index / 250) as u8, (index % 250) as u8 + 1]);
            reqwest::Client::builder()
                .local_address(client)
                .build()
                .expect("a client")
                .post(path)
                .header("origin", origin)
                .form(&[
                    ("email", format!("nobody{index}@example.org")),
                    ("password", "guess".into()),
                ])
                .send()
                .await
                .map(|answer| answer.status().as_u16())
                .unwrap_or(0)
        }
    });
    let statuses: Vec<u16> = attempts.buffer_unordered(100).collect().await;
    let elapsed = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    sampler.await.expect("the sampler");
    let mut latencies = prober.await.expect("the prober");
    latencies.sort_by(f64::total_cmp);
    let share = |code: u16| statuses.iter().filter(|status| **status == code).count();
    println!(
        "{count} sign-in attempts, 100 at once, in {elapsed:.2} s: {} checked (401), {} refused (429), {} other",
        share(401),
        share(429),
        count - share(401) - share(429)
    );
    println!(
        "peak RSS during the flood: {:.1} MiB (target ≤ 200 MiB)",
        mib(peak.load(Ordering::Relaxed))
    );
    let at = |share: f64| {
        latencies[((latencies.len() as f64 * share) as usize).min(latencies.len() - 1)]
    };
    println!(
        "/readyz during the flood: {} answers, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 ≤ 100 ms)",
        latencies.len(),
        at(0.5),
        at(0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
}

/// Opens `count` chat streams as the admin, leaves them idle a while, and
/// closes them.
async fn idle_streams(admin: &reqwest::Client, address: &str, pid: u32, count: usize) {
    let before = rss(pid);
    let url = format!("{address}/events/chats");
    let mut open = Vec::with_capacity(count);
    for _ in 0..count {
        let mut answer = admin.get(&url).send().await.expect("a stream");
        assert!(
            answer.status().is_success(),
            "a stream: {}",
            answer.status()
        );
        // The first event (the unread counts) says the stream is following.
        answer.chunk().await.expect("the first event");
        open.push(answer);
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let with = rss(pid);
    println!(
        "{count} idle chat streams: RSS {:.1} → {:.1} MiB, {:.1} KiB a stream (target ≤ 16 KiB)",
        mib(before),
        mib(with),
        (with as f64 - before as f64) / 1024.0 / count as f64
    );
    drop(open);
}

/// The process's resident set, in bytes.
fn rss(pid: u32) -> u64 {
    status_field(pid, "VmRSS:")
}

/// Of it, the private memory (heap, stacks), not the binary's shared pages.
fn anonymous(pid: u32) -> u64 {
    status_field(pid, "RssAnon:")
}

fn status_field(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / MIB as f64
}
