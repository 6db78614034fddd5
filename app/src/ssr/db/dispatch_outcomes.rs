//! Step 4's and 5's results in the database: what became of each dispatch,
//! recorded only under the recorder's own lease; the sender's slot given back
//! when nothing left, or pushed on when IntellectDialog asked to wait.
use super::dispatches::DueSender;
use super::{Db, WriteTx};
use crate::domain::{
    DispatchId, DispatchReason, DispatchState, FailureReason, PropertyId, RetryReason, SkipReason,
    WaitReason,
};
use crate::{on_db, on_tx};

/// What became of a dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        message_id: String,
    },
    /// Not sent; claimable again at `at` (a retry after a refusal known not
    /// to have sent). `sender_wait`: the whole number must wait (rate limit).
    Retry {
        at: i64,
        reason: RetryReason,
        detail: Option<String>,
        sender_wait: bool,
    },
    /// Maybe sent: stays `sending`, looked up by its key after `at` before any resend.
    InDoubt {
        at: i64,
        reason: RetryReason,
        detail: Option<String>,
    },
    Failed {
        reason: FailureReason,
        detail: Option<String>,
    },
    Skipped {
        reason: SkipReason,
    },
    /// Not due yet after all (its booking changed while claimed): back to
    /// planned at `due`, and the claim does not count as an attempt.
    Replanned {
        due: i64,
        deadline_at: i64,
        /// Its own moment, when the send window moved it to `due`.
        moved_from: Option<i64>,
    },
}

impl Outcome {
    /// The message may have reached IntellectDialog.
    pub fn may_have_left(&self) -> bool {
        matches!(self, Outcome::Sent { .. } | Outcome::InDoubt { .. })
    }

    /// The stored reason: its code, its data and the technical detail.
    fn reason_columns(&self) -> (Option<String>, Option<String>, Option<&str>) {
        let (reason, detail): (Option<DispatchReason>, Option<&str>) = match self {
            Outcome::Retry { reason, detail, .. } | Outcome::InDoubt { reason, detail, .. } => {
                (Some((*reason).into()), detail.as_deref())
            }
            Outcome::Failed { reason, detail } => (Some((*reason).into()), detail.as_deref()),
            Outcome::Skipped { reason } => (Some((*reason).into()), None),
            Outcome::Replanned {
                moved_from: Some(planned_at),
                ..
            } => (
                Some(
                    WaitReason::OutsideWindow {
                        planned_at: *planned_at,
                    }
                    .into(),
                ),
                None,
            ),
            Outcome::Sent { .. } | Outcome::Replanned { .. } => (None, None),
        };
        let (code, data) = reason.map(|reason| reason.to_columns()).unzip();
        (code, data.flatten(), detail)
    }
}

/// A dispatch as held by one lease: its id and the lease's owner.
pub type Held = (DispatchId, String);

/// Records outcomes of dispatches, in one transaction — only while the lease
/// is still the recorder's, so a worker that outlived its lease cannot
/// overwrite what another one did meanwhile. `$1` id, `$2` owner, `$3` now,
/// `$4` the held state (sending); `$10` a new deadline (re-planned ones).
pub async fn record(db: &Db, outcomes: &[(Held, Outcome)], now: i64) -> sqlx::Result<()> {
    const HELD: &str = "WHERE id = $1 AND lease_owner = $2 AND state = $4";
    const REASON: &str =
        "reason = $6, reason_data = $7, reason_detail = $8, deadline_at = COALESCE($10, deadline_at)";
    let sent = format!(
        "UPDATE dispatches SET state = $5, message_id = $6, sent_at = $3, reason = NULL, \
         reason_data = NULL, reason_detail = NULL, lease_owner = NULL, lease_expires_at = NULL, \
         updated_at = $3 {HELD}"
    );
    let retry = format!(
        "UPDATE dispatches SET state = $5, next_attempt_at = $9, {REASON}, \
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 {HELD}"
    );
    // Every statement but "sent" names all of $1–$10 (PostgreSQL refuses
    // unused parameters); "in doubt" keeps its state, so $5 is `sending`.
    let in_doubt = format!(
        "UPDATE dispatches SET state = $5, lease_expires_at = $9, {REASON}, updated_at = $3 {HELD}"
    );
    let end = format!(
        "UPDATE dispatches SET state = $5, {REASON}, next_attempt_at = COALESCE($9, next_attempt_at), \
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 {HELD}"
    );
    let replanned = format!(
        "UPDATE dispatches SET state = $5, due_at = $9, next_attempt_at = $9, {REASON}, \
         attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 {HELD}"
    );
    let mut tx = db.begin_write().await?;
    // PostgreSQL: every "sent" of the batch in one statement (one round trip).
    let batched = record_sent_in_bulk(&mut tx, outcomes, now).await?;
    for ((id, owner), outcome) in outcomes {
        if batched && matches!(outcome, Outcome::Sent { .. }) {
            continue;
        }
        let (code, data, detail) = outcome.reason_columns();
        let (sql, state, at) = match outcome {
            Outcome::Sent { .. } => (&sent, DispatchState::Sent, None),
            Outcome::Retry { at, .. } => (&retry, DispatchState::Planned, Some(*at)),
            Outcome::InDoubt { at, .. } => (&in_doubt, DispatchState::Sending, Some(*at)),
            Outcome::Failed { .. } => (&end, DispatchState::Failed, None),
            Outcome::Skipped { .. } => (&end, DispatchState::Skipped, None),
            Outcome::Replanned { due, .. } => (&replanned, DispatchState::Planned, Some(*due)),
        };
        let deadline = match outcome {
            Outcome::Replanned { deadline_at, .. } => Some(*deadline_at),
            _ => None,
        };
        on_tx!(&mut tx, conn => {
            let query = sqlx::query(sql).bind(*id).bind(owner.as_str()).bind(now).bind(DispatchState::Sending)
                .bind(state);
            let query = match outcome {
                Outcome::Sent { message_id } => query.bind(message_id.as_str()),
                _ => query.bind(code.as_deref()).bind(data.as_deref()).bind(detail).bind(at).bind(deadline),
            };
            query.execute(&mut *conn).await.map(|_| ())
        })?;
    }
    tx.commit().await
}

/// On PostgreSQL, records every `Sent` outcome in one `UPDATE … FROM
/// UNNEST(…)` under the same lease check; true when it did (SQLite, in
/// process, records them one by one).
async fn record_sent_in_bulk(
    tx: &mut WriteTx,
    outcomes: &[(Held, Outcome)],
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE dispatches AS d SET state = $1, message_id = v.message_id, sent_at = $2, \
         reason = NULL, reason_data = NULL, reason_detail = NULL, lease_owner = NULL, \
         lease_expires_at = NULL, updated_at = $2 \
         FROM UNNEST($3::bigint[], $4::text[], $5::text[]) AS v(id, owner, message_id) \
         WHERE d.id = v.id AND d.lease_owner = v.owner AND d.state = $6";
    let WriteTx::Postgres(transaction) = tx else {
        return Ok(false);
    };
    let (mut ids, mut owners, mut messages) = (Vec::new(), Vec::new(), Vec::new());
    for ((id, owner), outcome) in outcomes {
        if let Outcome::Sent { message_id } = outcome {
            ids.push(id.0);
            owners.push(owner.as_str());
            messages.push(message_id.as_str());
        }
    }
    if !ids.is_empty() {
        sqlx::query(SQL)
            .bind(DispatchState::Sent)
            .bind(now)
            .bind(&ids)
            .bind(&owners)
            .bind(&messages)
            .bind(DispatchState::Sending)
            .execute(&mut **transaction)
            .await?;
    }
    Ok(true)
}

/// Gives a claim's slot back when none of its dispatches left (all skipped,
/// re-planned or refused), unless the slot moved since.
pub async fn release_slot(
    db: &Db,
    sender: &DueSender,
    previous_slot: i64,
    slot: i64,
    count: i64,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE senders SET next_allowed_at = $3, \
                       day_count = CASE WHEN day_count > $5 THEN day_count - $5 ELSE 0 END \
                       WHERE property_id = $1 AND provider_id = $2 AND next_allowed_at = $4";
    on_db!(db, pool => sqlx::query(SQL).bind(sender.property_id).bind(&sender.provider_id).bind(previous_slot).bind(slot)
        .bind(count).execute(pool).await.map(|_| ()))
}

/// Pushes a sender's next slot to at least `at` (the API asked us to wait).
pub async fn push_sender(
    db: &Db,
    property_id: PropertyId,
    provider_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE senders SET next_allowed_at = $3 WHERE property_id = $1 AND provider_id = $2 \
                       AND next_allowed_at < $3";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(provider_id).bind(at).execute(pool).await.map(|_| ()))
}
