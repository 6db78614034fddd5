//! Migrations applied to a database that already holds data keep it: the
//! SQLite rebuild of `staff_users` (per-property e-mails) leaves the rows
//! that point at users (sessions, audit entries) in place.
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::str::FromStr;

static SQLITE: Migrator = sqlx::migrate!("../app/migrations/sqlite");

#[tokio::test]
async fn the_per_property_email_rebuild_keeps_users_sessions_and_audit_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/old.db", dir.path().display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let mut before = Migrator {
        migrations: SQLITE.migrations.clone(),
        ..Migrator::DEFAULT
    };
    before.migrations = before
        .migrations
        .iter()
        .filter(|migration| migration.version < 20261207000008)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO properties (id, external_id, name, created_at) \
         VALUES (1, 'p-1', 'Один', 0), (2, 'p-2', 'Два', 0)",
        "INSERT INTO staff_users (id, property_id, email, name, role, password_hash, created_at) \
         VALUES (7, 1, 'same@example.org', 'Первый', 'admin', 'x', 0)",
        "INSERT INTO sessions (token_hash, staff_user_id, created_at, expires_at) VALUES ('t', 7, 0, 9)",
        "INSERT INTO audit_log (property_id, staff_user_id, action, detail, at) VALUES (1, 7, 'sign_in', '', 0)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }

    SQLITE.run(&pool).await.unwrap();

    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE staff_user_id = 7")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "the session survived the rebuild");
    let audited: Option<i64> = sqlx::query_scalar("SELECT staff_user_id FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, Some(7), "the audit entry still names the user");
    // Now one e-mail may live in two properties (a user without a password).
    sqlx::query(
        "INSERT INTO staff_users (property_id, email, name, role, created_at) \
         VALUES (2, 'same@example.org', 'Второй', 'staff', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(foreign_keys, 1, "foreign keys are on again");
}
