//! The number pauses itself when WhatsApp starts to push back: IntellectDialog
//! answers 429 again and again, reports the number disconnected or blocked,
//! or messages it accepted stay "sent" without "delivered" for an hour (the
//! filtered-number pattern). Its mailings stop; chats keep working; only an
//! administrator resumes it (`ssr::sender::resume`).
use super::worker::Dispatcher;
use crate::domain::sender::PauseReason;
use crate::domain::sender_policy::UNDELIVERED_SHARE_MIN_SAMPLE;
use crate::domain::{ApiErrorClass, PropertyId, RetryReason};
use crate::ssr::db::dispatch_outcomes::{Held, Outcome};
use crate::ssr::db::dispatches::DueSender;
use crate::ssr::db::senders::{self, SenderRow};
use crate::ssr::db::{audit, Db};
use std::sync::atomic::Ordering;

const HOUR_MS: i64 = 3_600_000;
/// How often the delivery of recent messages is looked at.
pub const WATCH_EVERY_MS: i64 = 60_000;

impl Dispatcher {
    /// After a claim's sends: a run of 429s or a disconnected/blocked number
    /// pauses it; a message that left ends the run of 429s.
    pub(super) async fn watch_answers(
        &self,
        sender: &DueSender,
        outcomes: &[(Held, Outcome)],
    ) -> sqlx::Result<()> {
        let db = &self.state.db;
        let key = (sender.property_id, sender.provider_id.as_str());
        let now = self.clock.now_ms();
        for (_, outcome) in outcomes {
            let Outcome::Retry {
                reason: RetryReason::ApiError { class },
                detail,
                ..
            } = outcome
            else {
                continue;
            };
            let detail = detail.as_deref();
            match class {
                ApiErrorClass::ProviderBlocked => {
                    return pause(db, key, PauseReason::ProviderBlocked, detail, now).await;
                }
                ApiErrorClass::ProviderDisconnected => {
                    return pause(db, key, PauseReason::ProviderDisconnected, detail, now).await;
                }
                ApiErrorClass::RateLimited => {
                    let streak = senders::note_rate_limited(db, key.0, key.1).await?;
                    let row = senders::find(db, key.0, key.1).await?.unwrap_or_default();
                    let limit = i64::from(row.policy.rate_limit_pause_after);
                    if limit > 0 && streak >= limit {
                        let times = u32::try_from(streak).unwrap_or(u32::MAX);
                        let reason = PauseReason::RateLimited { times };
                        return pause(db, key, reason, detail, now).await;
                    }
                }
                _ => {}
            }
        }
        if outcomes
            .iter()
            .any(|(_, outcome)| matches!(outcome, Outcome::Sent { .. }))
        {
            senders::clear_rate_limited(db, key.0, key.1).await?;
        }
        Ok(())
    }

    /// At most once a minute: numbers whose recent messages stay undelivered pause.
    pub(super) async fn watch_deliveries(&self, now: i64) -> sqlx::Result<()> {
        let last = self.delivery_watch.load(Ordering::Relaxed);
        if now - last < WATCH_EVERY_MS && last != 0 {
            return Ok(());
        }
        self.delivery_watch.store(now, Ordering::Relaxed);
        let db = &self.state.db;
        for row in senders::recently_sending(db, now - 3 * HOUR_MS).await? {
            if let Some(reason) = undelivered(db, &row, now).await? {
                let key = (row.property_id, row.provider_id.as_str());
                pause(db, key, reason, None, now).await?;
            }
        }
        Ok(())
    }
}

/// Whether the number's messages that had an hour to arrive mostly did not:
/// the last `undelivered_run` all stayed "sent", or at least
/// `undelivered_share_percent` % of those sent between two and one hours ago.
/// Messages sent before the number was last resumed do not count.
async fn undelivered(db: &Db, row: &SenderRow, now: i64) -> sqlx::Result<Option<PauseReason>> {
    let policy = &row.policy;
    let key = (row.property_id, row.provider_id.as_str());
    let after = row.resumed_at.unwrap_or(0);
    let run = policy.undelivered_run;
    if run > 0 {
        let last =
            senders::recent_deliveries(db, key, after, now - HOUR_MS, i64::from(run)).await?;
        if last.len() == run as usize && last.iter().all(|(_, undelivered)| *undelivered) {
            return Ok(Some(PauseReason::UndeliveredRun { run }));
        }
    }
    if policy.undelivered_share_percent == 0 {
        return Ok(None);
    }
    let hour =
        senders::recent_deliveries(db, key, after.max(now - 2 * HOUR_MS), now - HOUR_MS, 10_000)
            .await?;
    let of = u32::try_from(hour.len()).unwrap_or(u32::MAX);
    let stuck = hour.iter().filter(|(_, undelivered)| *undelivered).count() as u32;
    if of >= UNDELIVERED_SHARE_MIN_SAMPLE && stuck * 100 >= policy.undelivered_share_percent * of {
        let percent = stuck * 100 / of;
        return Ok(Some(PauseReason::UndeliveredShare { percent, of }));
    }
    Ok(None)
}

/// Pauses the number (once) and records it in the property's audit log.
async fn pause(
    db: &Db,
    key: (PropertyId, &str),
    reason: PauseReason,
    detail: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    if senders::pause(db, key, reason, detail, now).await? {
        tracing::warn!(property_id = %key.0, provider_id = key.1, ?reason, "sender number paused itself");
        let (code, _) = reason.to_columns();
        audit::record(
            db,
            key.0,
            None,
            "sender.paused",
            &format!("{} {code}", key.1),
            now,
        )
        .await?;
    }
    Ok(())
}
