//! Steps 2–6 of the scheduler in the database: claim due dispatches of one
//! sender with a lease while moving its throttle, find in-doubt ones, and
//! record what happened. No transaction is held across an HTTP call.
use super::{Db, WritePool};
use crate::on_db;

/// A sender number with due dispatches.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueSender {
    pub property_id: i64,
    pub provider_id: String,
    pub send_interval_secs: i64,
    pub time_zone: String,
}

/// A claimed (or in-doubt) dispatch with everything sending needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedDispatch {
    pub id: i64,
    pub property_id: i64,
    pub dispatch_key: String,
    pub attempts: i64,
    pub sending_at: Option<i64>,
    pub kind: String,
    pub settings: String,
    pub mailing_active: bool,
    pub activated_at: Option<i64>,
    pub integration_active: Option<bool>,
    pub api_key_sealed: Option<String>,
    /// The number it is (or was) sent from.
    pub provider_id: Option<String>,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<i64>,
    pub time_zone: String,
    pub property_name: String,
    pub status: String,
    pub source: String,
    pub guaranteed: bool,
    pub arrival_local: String,
    pub departure_local: String,
    pub booked_at: i64,
    pub guest_phone: Option<String>,
    pub guest_name: String,
    pub guest_language: String,
    pub number: String,
    pub payment_link: Option<String>,
}

const DETAILS: &str = "SELECT d.id, d.property_id, d.dispatch_key, d.attempts, d.sending_at, m.kind, m.settings, \
     m.active AS mailing_active, m.activated_at, i.active AS integration_active, i.api_key_sealed, d.provider_id, \
     d.lease_owner, d.lease_expires_at, \
     p.time_zone, p.name AS property_name, b.status, b.source, b.guaranteed, b.arrival_local, b.departure_local, \
     b.booked_at, b.guest_phone, b.guest_name, b.guest_language, b.number, b.payment_link \
     FROM dispatches d JOIN mailings m ON m.id = d.mailing_id JOIN bookings b ON b.id = d.booking_id \
     JOIN properties p ON p.id = d.property_id LEFT JOIN integrations i ON i.property_id = d.property_id";

/// Senders (integration numbers) with at least one dispatch due at `now`.
pub async fn due_senders(db: &Db, now: i64) -> sqlx::Result<Vec<DueSender>> {
    const SQL: &str = "SELECT i.property_id, i.provider_id, i.send_interval_secs, p.time_zone \
         FROM integrations i JOIN properties p ON p.id = i.property_id \
         WHERE i.provider_id IS NOT NULL AND EXISTS (SELECT 1 FROM dispatches d \
         WHERE d.property_id = i.property_id AND d.state = 'planned' AND d.next_attempt_at <= $1)";
    on_db!(db, pool => sqlx::query_as(SQL).bind(now).fetch_all(pool).await)
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
        "UPDATE dispatches SET state = 'sending', lease_owner = $3, lease_expires_at = $4, \
         attempts = attempts + 1, provider_id = $5, sending_at = $2, updated_at = $2 \
         WHERE id IN (SELECT id FROM dispatches WHERE property_id = $1 AND state = 'planned' \
         AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $6) \
         AND state = 'planned' AND next_attempt_at <= $2";
    const MOVE: &str = "UPDATE senders SET next_allowed_at = $3, day = $4, day_count = $5 \
                        WHERE property_id = $1 AND provider_id = $2";
    let details = format!("{DETAILS} WHERE d.lease_owner = $1 AND d.state = 'sending' ORDER BY d.next_attempt_at, d.id");
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
            .bind(&sender.provider_id).bind(limit).execute(&mut *tx).await?;
        let claimed: Vec<ClaimedDispatch> = sqlx::query_as(&details).bind(owner).fetch_all(&mut *tx).await?;
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
         WHERE id IN (SELECT id FROM dispatches WHERE state = 'sending' AND lease_expires_at <= $2 \
         ORDER BY lease_expires_at, id LIMIT $4) AND state = 'sending' AND lease_expires_at <= $2";
    let details =
        format!("{DETAILS} WHERE d.lease_owner = $1 AND d.state = 'sending' ORDER BY d.id");
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(TAKE).bind(owner).bind(now).bind(lease_until).bind(limit).execute(&mut *tx).await?;
        let taken: Vec<ClaimedDispatch> = sqlx::query_as(&details).bind(owner).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        Ok(taken)
    })
}

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
        reason: String,
        sender_wait: bool,
    },
    /// Maybe sent: stays `sending`, looked up by its key after `at` before any resend.
    InDoubt {
        at: i64,
        reason: String,
    },
    Failed {
        reason: String,
    },
    Skipped {
        reason: String,
    },
    /// Not due yet after all (its booking changed while claimed): back to
    /// planned at `due`, and the claim does not count as an attempt.
    Replanned {
        due: i64,
    },
}

/// A dispatch as held by one lease: its id and the lease's owner.
pub type Held = (i64, String);

/// Records outcomes of dispatches, in one transaction — only while the lease
/// is still the recorder's, so a worker that outlived its lease cannot
/// overwrite what another one did meanwhile.
pub async fn record(db: &Db, outcomes: &[(Held, Outcome)], now: i64) -> sqlx::Result<()> {
    const HELD: &str = "state = 'sending' AND lease_owner = ";
    let sent = format!(
        "UPDATE dispatches SET state = 'sent', message_id = $2, sent_at = $3, reason = NULL, \
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 WHERE id = $1 AND {HELD}$4"
    );
    let retry = format!(
        "UPDATE dispatches SET state = 'planned', next_attempt_at = $2, reason = $4, \
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 WHERE id = $1 AND {HELD}$5"
    );
    let in_doubt = format!(
        "UPDATE dispatches SET lease_expires_at = $2, reason = $4, updated_at = $3 \
         WHERE id = $1 AND {HELD}$5"
    );
    let end = format!("UPDATE dispatches SET state = $2, reason = $4, lease_owner = NULL, lease_expires_at = NULL, \
         updated_at = $3 WHERE id = $1 AND {HELD}$5");
    let replanned = format!(
        "UPDATE dispatches SET state = 'planned', due_at = $2, next_attempt_at = $2, \
         attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 \
         WHERE id = $1 AND {HELD}$4"
    );
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for ((id, owner), outcome) in outcomes {
            let query = match outcome {
                Outcome::Sent { message_id } => sqlx::query(&sent).bind(*id).bind(message_id.as_str()).bind(now).bind(owner),
                Outcome::Retry { at, reason, .. } => sqlx::query(&retry).bind(*id).bind(*at).bind(now).bind(reason.as_str()).bind(owner),
                Outcome::InDoubt { at, reason } => sqlx::query(&in_doubt).bind(*id).bind(*at).bind(now).bind(reason.as_str()).bind(owner),
                Outcome::Failed { reason } => sqlx::query(&end).bind(*id).bind("failed").bind(now).bind(reason.as_str()).bind(owner),
                Outcome::Skipped { reason } => sqlx::query(&end).bind(*id).bind("skipped").bind(now).bind(reason.as_str()).bind(owner),
                Outcome::Replanned { due } => sqlx::query(&replanned).bind(*id).bind(*due).bind(now).bind(owner),
            };
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
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
    property_id: i64,
    provider_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE senders SET next_allowed_at = $3 WHERE property_id = $1 AND provider_id = $2 \
                       AND next_allowed_at < $3";
    on_db!(db, pool => sqlx::query(SQL).bind(property_id).bind(provider_id).bind(at).execute(pool).await.map(|_| ()))
}
