//! The supervisor restarts what panics or fails, leaves alone what finished,
//! and shutdown waits for tasks that honour the stop token.
#![allow(clippy::unwrap_used, reason = "tests fail by panicking")]
use super::*;
use std::sync::atomic::{AtomicU32, Ordering};

#[tokio::test]
async fn a_panicking_task_is_restarted_and_counted() {
    let restarts = Arc::new(TaskRestarts::default());
    let supervisor = Supervisor::new(restarts.clone());
    let starts = Arc::new(AtomicU32::new(0));
    let counted = starts.clone();
    supervisor.spawn("flaky", move |stop| {
        let start = counted.fetch_add(1, Ordering::SeqCst);
        async move {
            if start == 0 {
                panic!("first start fails");
            }
            stop.cancelled().await;
            Ok(())
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while starts.load(Ordering::SeqCst) < 2 {
        assert!(Instant::now() < deadline, "never restarted");
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(restarts.counts(), vec![("flaky", 1)]);
    assert!(supervisor.shutdown(Duration::from_secs(5)).await);
}

#[tokio::test]
async fn a_failing_task_is_restarted_and_a_finished_one_is_not() {
    let restarts = Arc::new(TaskRestarts::default());
    let supervisor = Supervisor::new(restarts.clone());
    let starts = Arc::new(AtomicU32::new(0));
    let counted = starts.clone();
    supervisor.spawn("failing-once", move |_| {
        let start = counted.fetch_add(1, Ordering::SeqCst);
        async move {
            anyhow::ensure!(start > 0, "the first start errs");
            Ok(())
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while starts.load(Ordering::SeqCst) < 2 {
        assert!(Instant::now() < deadline, "never restarted");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(supervisor.shutdown(Duration::from_secs(5)).await);
    assert_eq!(
        starts.load(Ordering::SeqCst),
        2,
        "finished tasks stay finished"
    );
    assert_eq!(restarts.counts(), vec![("failing-once", 1)]);
}

#[tokio::test]
async fn shutdown_waits_for_a_task_to_finish_its_round() {
    let supervisor = Supervisor::new(Arc::default());
    let finished = Arc::new(AtomicU32::new(0));
    let done = finished.clone();
    supervisor.spawn("careful", move |stop| {
        let done = done.clone();
        async move {
            stop.cancelled().await;
            // The round in progress completes after the stop is asked for.
            tokio::time::sleep(Duration::from_millis(200)).await;
            done.store(1, Ordering::SeqCst);
            Ok(())
        }
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(supervisor.shutdown(Duration::from_secs(5)).await);
    assert_eq!(finished.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn shutdown_gives_up_after_its_budget() {
    let supervisor = Supervisor::new(Arc::default());
    supervisor.spawn("stubborn", |_| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(())
    });
    assert!(!supervisor.shutdown(Duration::from_millis(100)).await);
}
