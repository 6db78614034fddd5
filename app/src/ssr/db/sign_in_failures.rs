//! `sign_in_failures`: recent sign-in attempts per e-mail, to throttle password guessing.
//!
//! Invariant: at most `max` attempts per e-mail are verified inside any window,
//! even under concurrent requests, because an attempt is counted and recorded
//! in one write transaction *before* the password is checked; a successful
//! sign-in then clears the record.
use super::{Db, WritePool};
use crate::on_db;

/// Counts the attempt of `email` at `now`, or refuses it.
///
/// Returns `Err(retry_at)` when `max` attempts were already made after
/// `window_start`; `retry_at` is when the oldest of them leaves the window.
pub async fn reserve_attempt(
    db: &Db,
    email: &str,
    now: i64,
    window_start: i64,
    max: i64,
) -> sqlx::Result<Result<(), i64>> {
    const COUNT: &str = "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures \
                         WHERE email = $1 AND failed_at > $2";
    const INSERT: &str = "INSERT INTO sign_in_failures (email, failed_at) VALUES ($1, $2)";
    // Attempts that left the window no longer count for anyone.
    const FORGET: &str = "DELETE FROM sign_in_failures WHERE failed_at <= $1";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = pool.key_lock_sql() {
            sqlx::query(lock).bind(format!("sign_in:{email}")).execute(&mut *tx).await?;
        }
        sqlx::query(FORGET).bind(window_start).execute(&mut *tx).await?;
        let (count, oldest): (i64, Option<i64>) =
            sqlx::query_as(COUNT).bind(email).bind(window_start).fetch_one(&mut *tx).await?;
        if count >= max {
            tx.rollback().await?;
            return Ok(Err(oldest.unwrap_or(now) + (now - window_start)));
        }
        sqlx::query(INSERT).bind(email).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Ok(()))
    })
}

/// Forgets the attempts of `email` after a successful sign-in.
pub async fn clear(db: &Db, email: &str) -> sqlx::Result<()> {
    on_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(email)
        .execute(pool)
        .await
        .map(|_| ()))
}
