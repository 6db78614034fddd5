//! A write transaction on either backend, so the steps above the db layer
//! (planning) can make several db calls atomically without naming a backend.
use super::{Db, WritePool};
use sqlx::{Postgres, Sqlite, Transaction};

/// An open write transaction (`BEGIN IMMEDIATE` on SQLite).
pub enum WriteTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection, on
/// whichever backend it is; like [`on_db!`](crate::on_db), the body is
/// compiled once per backend. Use `&mut *$conn` as the executor.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::ssr::db::WriteTx::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::ssr::db::WriteTx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}

impl Db {
    /// Opens a write transaction.
    pub async fn begin_write(&self) -> sqlx::Result<WriteTx> {
        Ok(match self {
            Db::Sqlite(pool) => WriteTx::Sqlite(pool.begin_write().await?),
            Db::Postgres(pool) => WriteTx::Postgres(pool.begin_write().await?),
        })
    }
}

impl WriteTx {
    /// Serialises this transaction with every other one locking `key`, until
    /// it ends (SQLite's write lock already serialises all writers).
    pub async fn lock(&mut self, key: &str) -> sqlx::Result<()> {
        if let WriteTx::Postgres(transaction) = self {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))::text")
                .bind(key)
                .execute(&mut **transaction)
                .await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            WriteTx::Sqlite(transaction) => transaction.commit().await,
            WriteTx::Postgres(transaction) => transaction.commit().await,
        }
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        match self {
            WriteTx::Sqlite(transaction) => transaction.rollback().await,
            WriteTx::Postgres(transaction) => transaction.rollback().await,
        }
    }
}
