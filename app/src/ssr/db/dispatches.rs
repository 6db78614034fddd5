//! Steps 2, 3 and 5 of the scheduler in the database: claim due dispatches
//! of one sender with a lease while moving its throttle, and take over the
//! ones left in doubt. No transaction is held across an HTTP call.
use super::claimed::{ClaimedDispatch, DETAILS};
use super::{Db, WritePool};
use crate::domain::{DispatchState, PropertyId};
use crate::on_db;

/// A sender number with due dispatches.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueSender {
    pub property_id: PropertyId,
    pub provider_id: String,
    pub send_interval_secs: i64,
    pub time_zone: String,
}

/// Senders (integration numbers) with at least one dispatch due at `now`.
pub async fn due_senders(db: &Db, now: i64) -> sqlx::Result<Vec<DueSender>> {
    const SQL: &str = "SELECT i.property_id, i.provider_id, i.send_interval_secs, p.time_zone \
         FROM integrations i JOIN properties p ON p.id = i.property_id \
         WHERE i.provider_id IS NOT NULL AND EXISTS (SELECT 1 FROM dispatches d \
         WHERE d.property_id = i.property_id AND d.state = $2 AND d.next_attempt_at <= $1)";
    on_db!(db, pool => sqlx::query_as(SQL).bind(now).bind(DispatchState::Planned).fetch_all(pool).await)
}

/// What claiming one sender gave.
#[derive(Debug)]
pub enum Claim {
    /// The sender's next slot is later: nothing claimed (waiting is not an attempt).
    Throttled { next_allowed_at: i64 },
    /// `slot` is the sender's new next slot, `previous_slot` the one before
    /// (given back when nothing left, see [`release_slot`]).
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
/// `lease_until`, and moves the sender's next slot to `next_slot(count)` —
/// all in one transaction, so no two instances send from one number inside
/// its interval.
pub async fn claim(
    db: &Db,
    sender: &DueSender,
    terms: &ClaimTerms<'_>,
    next_slot: impl Fn(usize) -> i64,
) -> sqlx::Result<Claim> {
    let ClaimTerms {
        owner,
        now,
        lease_until,
        limit,
        today,
    } = *terms;
    const ENSURE: &str = "INSERT INTO senders (property_id, provider_id) VALUES ($1, $2) \
                          ON CONFLICT (property_id, provider_id) DO NOTHING";
    const SLOT: &str = "SELECT next_allowed_at, day, day_count FROM senders WHERE property_id = $1 AND provider_id = $2";
    const TAKE: &str =
        "UPDATE dispatches SET state = $8, lease_owner = $3, lease_expires_at = $4, \
         attempts = attempts + 1, provider_id = $5, sending_at = $2, updated_at = $2 \
         WHERE id IN (SELECT id FROM dispatches WHERE property_id = $1 AND state = $7 \
         AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $6) \
         AND state = $7 AND next_attempt_at <= $2";
    const MOVE: &str = "UPDATE senders SET next_allowed_at = $3, day = $4, day_count = $5 \
                        WHERE property_id = $1 AND provider_id = $2";
    let details = format!(
        "{DETAILS} WHERE d.lease_owner = $1 AND d.state = $2 ORDER BY d.next_attempt_at, d.id"
    );
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = pool.key_lock_sql() {
            sqlx::query(lock).bind(format!("sender:{}:{}", sender.property_id, sender.provider_id)).execute(&mut *tx).await?;
        }
        sqlx::query(ENSURE).bind(sender.property_id).bind(&sender.provider_id).execute(&mut *tx).await?;
        let (next_allowed_at, day, day_count): (i64, String, i64) = sqlx::query_as(SLOT)
            .bind(sender.property_id).bind(&sender.provider_id).fetch_one(&mut *tx).await?;
        if next_allowed_at > now {
            tx.rollback().await?;
            return Ok(Claim::Throttled { next_allowed_at });
        }
        sqlx::query(TAKE).bind(sender.property_id).bind(now).bind(owner).bind(lease_until)
            .bind(&sender.provider_id).bind(limit).bind(DispatchState::Planned).bind(DispatchState::Sending)
            .execute(&mut *tx).await?;
        let claimed: Vec<ClaimedDispatch> = sqlx::query_as(&details).bind(owner).bind(DispatchState::Sending)
            .fetch_all(&mut *tx).await?;
        let mut slot = next_allowed_at;
        if !claimed.is_empty() {
            slot = next_slot(claimed.len());
            let count = claimed.len() as i64 + if day == today { day_count } else { 0 };
            sqlx::query(MOVE).bind(sender.property_id).bind(&sender.provider_id)
                .bind(slot).bind(today).bind(count).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Claim::Claimed { dispatches: claimed, previous_slot: next_allowed_at, slot })
    })
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
