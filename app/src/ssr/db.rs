//! Storage: one `Db` over SQLite (embedded default) or PostgreSQL (scale-out).
//!
//! Queries are written once, in SQL both backends accept (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`), and run on either pool through [`on_db!`]. Writes
//! that read-then-write open their transaction with [`WritePool::begin_write`],
//! which is `BEGIN IMMEDIATE` on SQLite so two writers never deadlock on upgrade.
pub mod account_requests;
pub mod audit;
pub mod bookings;
pub mod chat_append;
pub mod chat_dialogs;
pub mod chat_store;
pub mod chats;
pub mod claimed;
pub mod delivery;
pub mod dispatch_outcomes;
pub mod dispatch_rows;
pub mod dispatches;
pub mod employees;
pub mod integrations;
pub mod launch_nonces;
pub mod mailings;
pub mod opt_outs;
pub mod plan_store;
pub mod pms_tokens;
pub mod properties;
pub mod rows;
pub mod senders;
pub mod sessions;
pub mod sign_in_failures;
pub mod staff_sync;
pub mod staff_users;
pub mod tx;

pub use tx::WriteTx;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Database, Postgres, Sqlite, Transaction};
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds.
///
/// The body is compiled once per backend, so it must only use SQL and types
/// both understand.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::ssr::db::Db::Sqlite($pool) => $body,
            $crate::ssr::db::Db::Postgres($pool) => $body,
        }
    };
}

/// A boxed future borrowing the pool.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Opens a transaction suited to writing on each backend.
pub trait WritePool {
    type Backend: Database;
    fn begin_write(&self) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self::Backend>>>;

    /// SQL (taking one text parameter, `$1`) that serialises writers on that
    /// key until the transaction ends, where `begin_write` alone does not:
    /// PostgreSQL's `BEGIN` lets concurrent transactions read the same rows.
    fn key_lock_sql(&self) -> Option<&'static str>;

    /// SQL (taking the payload as `$1`) that tells other instances listening
    /// on `chat_events` about a change once the transaction commits.
    fn notify_sql(&self) -> Option<&'static str>;
}

impl WritePool for SqlitePool {
    type Backend = Sqlite;
    fn begin_write(&self) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Sqlite>>> {
        Box::pin(self.begin_with("BEGIN IMMEDIATE"))
    }

    fn key_lock_sql(&self) -> Option<&'static str> {
        // BEGIN IMMEDIATE already holds the database's only write lock.
        None
    }

    fn notify_sql(&self) -> Option<&'static str> {
        // One process per SQLite file: the in-process hub is enough.
        None
    }
}

impl WritePool for PgPool {
    type Backend = Postgres;
    fn begin_write(&self) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Postgres>>> {
        Box::pin(self.begin())
    }

    fn key_lock_sql(&self) -> Option<&'static str> {
        Some("SELECT pg_advisory_xact_lock(hashtext($1))::text")
    }

    fn notify_sql(&self) -> Option<&'static str> {
        Some("SELECT pg_notify('chat_events', $1)::text")
    }
}

impl Db {
    /// Opens the database the URL names and applies the migrations.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let db = Self::open(url, max_connections).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Opens the database the URL names (`sqlite:` creates the file and its
    /// directory), without touching its schema.
    pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await
                .context("connecting to PostgreSQL (check DATABASE_URL or APP_DATABASE__URL)")?;
            Ok(Db::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .context("parsing the SQLite URL in DATABASE_URL or APP_DATABASE__URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            if let Some(parent) = options.get_filename().parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent).with_context(|| {
                        format!("creating the database directory {}", parent.display())
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await
                .context("opening the SQLite database")?;
            Ok(Db::Sqlite(pool))
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            anyhow::bail!(
                "DATABASE_URL must start with `sqlite:` or `postgres://`, not `{scheme}:`"
            )
        }
    }

    /// Applies the migrations this version has and the database lacks.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres")
                .run(pool)
                .await
                .context("applying PostgreSQL migrations"),
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite")
                .run(pool)
                .await
                .context("applying SQLite migrations"),
        }
    }

    /// Which backend this is, for logs and health checks.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Checks the database answers a trivial query (used by `/readyz`).
    pub async fn ping(&self) -> sqlx::Result<()> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// Closes every connection (graceful shutdown).
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}
