//! What a production server (`APP_ENV=production`, the default without the
//! demo data) refuses to start with, each named by its variable: secrets
//! published in this repository (`published`), a master key that is not
//! configured (a generated file is for development), the demo data or the
//! demo users with their published passwords, the IntellectDialog emulator,
//! and cookies without `Secure` behind an https public URL.
//! `contact-center check-config` lists the same without starting.
use super::config::Settings;
use super::db::Db;
use crate::on_db;

/// Every reason production would refuse this configuration and database.
pub async fn refusals(settings: &Settings, db: &Db, now: i64) -> sqlx::Result<Vec<String>> {
    let mut problems = setting_refusals(settings);
    problems.extend(database_refusals(db, now).await?);
    Ok(problems)
}

/// The reasons the settings alone give.
pub fn setting_refusals(settings: &Settings) -> Vec<String> {
    let mut problems: Vec<String> = super::published::published_settings(settings)
        .into_iter()
        .map(|variable| {
            format!("{variable} holds a value published in the project's repository; set a secret of your own")
        })
        .collect();
    if settings.security.master_key.is_none() {
        problems.push(format!(
            "APP_SECURITY__MASTER_KEY is not set (a key generated into {} is for development): \
             set the base64 of 32 random bytes and keep a copy safe",
            settings.security.master_key_file
        ));
    }
    if settings.demo.seed {
        problems
            .push("APP_DEMO__SEED is on: the demo data is for development and demos".to_owned());
    }
    if settings.emulator.enabled {
        problems.push(
            "APP_EMULATOR__ENABLED is on: the IntellectDialog emulator shows API keys and fakes \
             IntellectDialog; leave it off and reach the real service"
                .to_owned(),
        );
    }
    let https = settings
        .server
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    if https && settings.server.secure_cookies == Some(false) {
        problems.push(
            "APP_SERVER__SECURE_COOKIES is false behind an https APP_SERVER__PUBLIC_URL: \
             session cookies would also travel over plain http; remove it"
                .to_owned(),
        );
    }
    problems
}

/// The reasons the database gives: the demo token and users.
pub async fn database_refusals(db: &Db, now: i64) -> sqlx::Result<Vec<String>> {
    let mut problems = Vec::new();
    if super::auth::pms_token::property_of(db, super::demo::DEMO_PMS_TOKEN, now)
        .await?
        .is_some()
    {
        problems.push(
            "the database still accepts the published demo PMS token (ccpms_demo-…); revoke it: \
             contact-center pms-token --property demo-volna --revoke demo"
                .to_owned(),
        );
    }
    let demo_users = demo_users_with_passwords(db).await?;
    if !demo_users.is_empty() {
        problems.push(format!(
            "the database holds demo users whose passwords are published ({}); remove them",
            demo_users.join(", ")
        ));
    }
    Ok(problems)
}

/// Refuses to start in production while any reason stands.
pub async fn refuse_unsafe(settings: &Settings, db: &Db, now: i64) -> anyhow::Result<()> {
    if !settings.is_production() {
        return Ok(());
    }
    let problems = refusals(settings, db, now).await?;
    anyhow::ensure!(
        problems.is_empty(),
        "refusing to start in production (APP_ENV=production, or unset without APP_DEMO__SEED):\n  - {}",
        problems.join("\n  - ")
    );
    Ok(())
}

/// Demo users (by e-mail) that still sign in with a password.
async fn demo_users_with_passwords(db: &Db) -> sqlx::Result<Vec<String>> {
    let emails = super::demo::demo_emails();
    let marks = (1..=emails.len())
        .map(|index| format!("${index}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT email FROM staff_users WHERE password_hash IS NOT NULL AND email IN ({marks}) ORDER BY email"
    );
    on_db!(db, pool => {
        let mut query = sqlx::query_scalar(&sql);
        for email in &emails {
            query = query.bind(*email);
        }
        query.fetch_all(pool).await
    })
}
