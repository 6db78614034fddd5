//! Background work, supervised. Each task runs until the server stops; a
//! panic or an error is logged with the task's name and the task starts
//! again after a back-off (1 s doubling to 1 min; back to 1 s once it ran a
//! minute). A task that returns `Ok` has finished on purpose (e.g. nothing
//! to listen to on SQLite) and is not restarted. Shutdown cancels them all
//! and waits for them within a budget, so a round in progress is recorded.
use app::ssr::state::TaskRestarts;
use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

const FIRST_DELAY: Duration = Duration::from_secs(1);
const MAX_DELAY: Duration = Duration::from_secs(60);
/// A task that ran this long before failing starts again at once-ish.
const HEALTHY_RUN: Duration = Duration::from_secs(60);

/// The server's background tasks.
#[derive(Clone)]
pub struct Supervisor {
    tracker: TaskTracker,
    stop: CancellationToken,
    restarts: Arc<TaskRestarts>,
}

impl Supervisor {
    pub fn new(restarts: Arc<TaskRestarts>) -> Self {
        Self {
            tracker: TaskTracker::new(),
            stop: CancellationToken::new(),
            restarts,
        }
    }

    /// Runs the task `make` builds (once per start) until the server stops;
    /// the task is given the stop token and must end soon after it is cancelled.
    pub fn spawn<F, Fut>(&self, name: &'static str, make: F)
    where
        F: Fn(CancellationToken) -> Fut + Send + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let stop = self.stop.clone();
        let restarts = self.restarts.clone();
        self.tracker.spawn(async move {
            let mut delay = FIRST_DELAY;
            loop {
                let started = Instant::now();
                // Its own task, so a panic ends it (and is caught) without ending us.
                let outcome = tokio::spawn(make(stop.child_token())).await;
                if stop.is_cancelled() {
                    break;
                }
                match outcome {
                    Ok(Ok(())) => {
                        tracing::info!(task = name, "background task finished");
                        break;
                    }
                    Ok(Err(error)) => {
                        tracing::error!(task = name, error = format!("{error:#}"), "background task failed; restarting");
                    }
                    Err(join) if join.is_panic() => {
                        let panic = panic_message(join.into_panic());
                        tracing::error!(task = name, %panic, "background task panicked; restarting");
                    }
                    Err(join) => {
                        tracing::error!(task = name, error = %join, "background task was cancelled; restarting");
                    }
                }
                restarts.add(name);
                if started.elapsed() >= HEALTHY_RUN {
                    delay = FIRST_DELAY;
                }
                tracing::info!(task = name, delay_ms = delay.as_millis() as u64, "restarting after a pause");
                tokio::select! {
                    () = stop.cancelled() => break,
                    () = tokio::time::sleep(delay) => {}
                }
                delay = (delay * 2).min(MAX_DELAY);
            }
        });
    }

    /// Asks every task to stop and waits up to `budget` for them; false
    /// when some were still running then.
    pub async fn shutdown(&self, budget: Duration) -> bool {
        self.stop.cancel();
        self.tracker.close();
        let finished = tokio::time::timeout(budget, self.tracker.wait())
            .await
            .is_ok();
        if !finished {
            tracing::warn!(
                still_running = self.tracker.len(),
                budget_ms = budget.as_millis() as u64,
                "background tasks did not stop within the shutdown budget"
            );
        }
        finished
    }
}

/// A panic's message, when it has one.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload.downcast_ref::<&str>().map_or_else(
            || "(no message)".to_owned(),
            |message| (*message).to_owned(),
        ),
    }
}

#[cfg(test)]
#[path = "supervisor_tests.rs"]
mod tests;
