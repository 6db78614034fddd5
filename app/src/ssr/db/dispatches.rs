//! Steps 2, 3 and 5 of the scheduler in the database: claim due dispatches
//! of one sender with a lease while moving its throttle, and take over the
//! ones left in doubt. No transaction is held across an HTTP call.
use super::claimed::{ClaimedDispatch, DETAILS};
use super::senders::{self, SenderRow};
use super::{Db, WritePool, WriteTx};
use crate::domain::send_budget::{self, Budget, SenderFacts};
use crate::domain::sender::SenderWait;
use crate::domain::sender_policy::SendingPolicy;
use crate::domain::{DispatchId, DispatchReason, DispatchState, PropertyId, SkipReason};
use crate::{on_db, on_tx};

/// A sender number with due dispatches.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueSender {
    pub property_id: PropertyId,
    pub provider_id: String,
    pub send_interval_secs: i64,
    pub time_zone: String,
    /// The property is active with GMS, the module and the tariff.
    pub subscribed: bool,
    /// The last day paid for, the property's local `YYYY-MM-DD`.
    pub paid_until: Option<String>,
}

impl DueSender {
    /// Whether the property's subscription pays for sending on `today`
    /// (its local day); otherwise its dispatches wait (see README).
    pub fn may_send(&self, today: &str) -> bool {
        self.subscribed
            && self
                .paid_until
                .as_deref()
                .is_none_or(|paid_until| paid_until >= today)
    }
}

/// Senders (integration numbers) with at least one dispatch due at `now`.
pub async fn due_senders(db: &Db, now: i64) -> sqlx::Result<Vec<DueSender>> {
    const SQL: &str = "SELECT i.property_id, i.provider_id, i.send_interval_secs, p.time_zone, \
         (p.active AND p.subscription_gms AND p.subscription_contact_center \
          AND COALESCE(p.subscription_tariff = $3, FALSE)) AS subscribed, p.paid_until \
         FROM integrations i JOIN properties p ON p.id = i.property_id \
         WHERE i.provider_id IS NOT NULL AND EXISTS (SELECT 1 FROM dispatches d \
         WHERE d.property_id = i.property_id AND d.state = $2 AND d.next_attempt_at <= $1)";
    on_db!(db, pool => sqlx::query_as(SQL).bind(now).bind(DispatchState::Planned)
        .bind(crate::domain::subscription::BASIC_TARIFF).fetch_all(pool).await)
}

/// What claiming one sender gave.
#[derive(Debug)]
pub enum Claim {
    /// Nothing claimed: the number waits (the interval, a cap, the window,
    /// a pause) until `until` (`None`: until someone resumes it). Waiting is
    /// not an attempt.
    Throttled { why: SenderWait, until: Option<i64> },
    /// `slot` is the sender's new next slot, `previous_slot` the one before
    /// (given back when nothing left, see `release_slot`).
    Claimed {
        dispatches: Vec<ClaimedDispatch>,
        previous_slot: i64,
        slot: i64,
    },
}

/// One claim's terms.
#[derive(Debug, Clone)]
pub struct ClaimTerms<'a> {
    /// Unique per claim.
    pub owner: &'a str,
    pub now: i64,
    pub lease_until: i64,
    pub limit: i64,
    /// The sender's local day, for today's count.
    pub today: &'a str,
}

/// Claims up to `limit` due dispatches of `sender` for `owner` until
/// `lease_until`, earliest deadline first, within the number's budget (its
/// pause, window, interval, hourly, daily and warm-up caps), and moves the
/// sender's next slot to `next_slot(count, policy)` — all in one transaction
/// under the sender's lock, so the limits hold across any number of instances.
pub async fn claim(
    db: &Db,
    sender: &DueSender,
    terms: &ClaimTerms<'_>,
    next_slot: impl Fn(usize, &SendingPolicy) -> i64,
) -> sqlx::Result<Claim> {
    let ClaimTerms {
        owner,
        now,
        lease_until,
        limit,
        today,
    } = *terms;
    const SLOT: &str =
        "SELECT day, day_count FROM senders WHERE property_id = $1 AND provider_id = $2";
    const TAKE: &str =
        "UPDATE dispatches SET state = $8, lease_owner = $3, lease_expires_at = $4, \
         attempts = attempts + 1, provider_id = $5, sending_at = $2, updated_at = $2 \
         WHERE id IN (SELECT id FROM dispatches WHERE property_id = $1 AND state = $7 \
         AND next_attempt_at <= $2 ORDER BY deadline_at IS NULL, deadline_at, next_attempt_at, id LIMIT $6) \
         AND state = $7 AND next_attempt_at <= $2";
    const MOVE: &str = "UPDATE senders SET next_allowed_at = $3, day = $4, day_count = $5, \
                        first_sent_at = COALESCE(first_sent_at, $6) WHERE property_id = $1 AND provider_id = $2";
    let details = format!(
        "{DETAILS} WHERE d.lease_owner = $1 AND d.state = $2 ORDER BY d.next_attempt_at, d.id"
    );
    let (property_id, provider) = (sender.property_id, sender.provider_id.as_str());
    let mut tx = db.begin_write().await?;
    tx.lock(&format!("sender:{property_id}:{provider}")).await?;
    let row = senders::ensure_in(&mut tx, property_id, provider).await?;
    let limit = match sender_budget(&mut tx, sender, &row, now).await? {
        Budget::Wait { why, until } => {
            tx.rollback().await?;
            return Ok(Claim::Throttled { why, until });
        }
        Budget::Open { allowed } => allowed.map_or(limit, |allowed| limit.min(i64::from(allowed))),
    };
    let claimed: Vec<ClaimedDispatch> = on_tx!(&mut tx, conn => {
        sqlx::query(TAKE).bind(property_id).bind(now).bind(owner).bind(lease_until)
            .bind(provider).bind(limit).bind(DispatchState::Planned).bind(DispatchState::Sending)
            .execute(&mut *conn).await?;
        sqlx::query_as(&details).bind(owner).bind(DispatchState::Sending).fetch_all(&mut *conn).await?
    });
    let mut slot = row.next_allowed_at;
    if !claimed.is_empty() {
        slot = next_slot(claimed.len(), &row.policy);
        let (day, day_count): (String, i64) = on_tx!(&mut tx, conn =>
            sqlx::query_as(SLOT).bind(property_id).bind(provider).fetch_one(&mut *conn).await)?;
        let count = claimed.len() as i64 + if day == today { day_count } else { 0 };
        on_tx!(&mut tx, conn => sqlx::query(MOVE).bind(property_id).bind(provider).bind(slot).bind(today)
            .bind(count).bind(now).execute(&mut *conn).await.map(|_| ()))?;
    }
    tx.commit().await?;
    Ok(Claim::Claimed {
        dispatches: claimed,
        previous_slot: row.next_allowed_at,
        slot,
    })
}

/// The number's budget now, from its row and (when a cap applies) its sends
/// since the earlier of an hour ago and the start of its local day.
async fn sender_budget(
    tx: &mut WriteTx,
    sender: &DueSender,
    row: &SenderRow,
    now: i64,
) -> sqlx::Result<Budget> {
    let policy = &row.policy;
    let capped =
        policy.hourly().is_some() || policy.cap_for_day(1).is_some() || !policy.warmup.is_empty();
    let sends = if capped && row.paused_at.is_none() {
        let since = (now - 3_600_000).min(send_budget::day_start(&sender.time_zone, now));
        senders::sends_since(tx, sender.property_id, &sender.provider_id, since).await?
    } else {
        Vec::new()
    };
    let facts = SenderFacts {
        policy,
        zone: &sender.time_zone,
        next_allowed_at: row.next_allowed_at,
        first_sent_at: row.first_sent_at,
        paused: row.paused_at.is_some(),
        sends: &sends,
    };
    Ok(send_budget::budget(&facts, now))
}

/// Planned dispatches whose deadline passed before they could leave (the
/// number was paused, out of budget or out of its window): skipped as too
/// late, never sent late. At most `limit` per call; how many were skipped.
pub async fn expire_overdue(db: &Db, now: i64, limit: i64) -> sqlx::Result<u64> {
    const FIND: &str =
        "SELECT id, deadline_at FROM dispatches WHERE state = $1 AND deadline_at <= $2 \
                        ORDER BY deadline_at LIMIT $3";
    const SKIP: &str =
        "UPDATE dispatches SET state = $2, reason = $3, reason_data = $4, reason_detail = NULL, \
                        updated_at = $5 WHERE id = $1 AND state = $6";
    let planned = DispatchState::Planned;
    let overdue: Vec<(DispatchId, i64)> = on_db!(db, pool =>
        sqlx::query_as(FIND).bind(planned).bind(now).bind(limit).fetch_all(pool).await)?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let mut skipped = 0;
    for (id, deadline_at) in overdue {
        let reason = DispatchReason::from(SkipReason::TooLate { deadline_at });
        let (code, data) = reason.to_columns();
        skipped += on_tx!(&mut tx, conn => sqlx::query(SKIP).bind(id).bind(DispatchState::Skipped).bind(code)
            .bind(data).bind(now).bind(planned).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    }
    tx.commit().await?;
    Ok(skipped)
}

/// Takes over dispatches left `sending` with an expired lease (in doubt:
/// the message may have left), renewing the lease for `owner`.
pub async fn take_in_doubt(
    db: &Db,
    owner: &str,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> sqlx::Result<Vec<ClaimedDispatch>> {
    const TAKE: &str =
        "UPDATE dispatches SET lease_owner = $1, lease_expires_at = $3, updated_at = $2 \
         WHERE id IN (SELECT id FROM dispatches WHERE state = $5 AND lease_expires_at <= $2 \
         ORDER BY lease_expires_at, id LIMIT $4) AND state = $5 AND lease_expires_at <= $2";
    let details = format!("{DETAILS} WHERE d.lease_owner = $1 AND d.state = $2 ORDER BY d.id");
    let sending = DispatchState::Sending;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(TAKE).bind(owner).bind(now).bind(lease_until).bind(limit).bind(sending)
            .execute(&mut *tx).await?;
        let taken: Vec<ClaimedDispatch> =
            sqlx::query_as(&details).bind(owner).bind(sending).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        Ok(taken)
    })
}
