//! The operator's commands behind `contact-center`: PMS tokens, migrations
//! and the configuration check. Each opens the database itself.
use app::ssr::clock::now_ms;
use app::ssr::config::Settings;
use app::ssr::db::Db;
use secrecy::ExposeSecret;

async fn database(settings: &Settings) -> anyhow::Result<Db> {
    Db::connect(settings.database.url.expose_secret(), 1).await
}

/// Issues a PMS API token and prints it (the only time it is shown).
pub async fn issue_pms_token(
    settings: &Settings,
    property: &str,
    label: &str,
) -> anyhow::Result<()> {
    let db = database(settings).await?;
    let token = app::ssr::auth::pms_token::issue(&db, property, label, now_ms()).await;
    db.close().await;
    match token.map_err(|error| anyhow::anyhow!("storing the token: {error}"))? {
        Some(token) => {
            println!("{token}");
            eprintln!(
                "PMS API token for property `{property}` (label `{label}`). Keep it secret: \
                 it is not stored and cannot be shown again."
            );
            Ok(())
        }
        None => anyhow::bail!("no property with external id `{property}`"),
    }
}

/// Revokes a property's PMS API tokens with a label; requests with them are refused at once.
pub async fn revoke_pms_tokens(
    settings: &Settings,
    property: &str,
    label: &str,
) -> anyhow::Result<()> {
    let db = database(settings).await?;
    let Some(found) = app::ssr::db::properties::find_by_external_id(&db, property).await? else {
        anyhow::bail!("no property with external id `{property}`");
    };
    let revoked = app::ssr::db::pms_tokens::revoke(&db, found.id, label, now_ms()).await?;
    db.close().await;
    eprintln!("{revoked} token(s) of property `{property}` with label `{label}` revoked.");
    Ok(())
}

pub use crate::cli_property::PropertyAction;

/// Creates, lists or deactivates properties.
pub async fn property(settings: &Settings, action: PropertyAction) -> anyhow::Result<()> {
    let db = database(settings).await?;
    let done = crate::cli_property::run(&db, action).await;
    db.close().await;
    done
}

/// Applies the migrations (the server also does at start).
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = database(settings).await?;
    eprintln!("The {} database is up to date.", db.backend_name());
    db.close().await;
    Ok(())
}

/// Prints the effective configuration with secrets masked, and what
/// production mode would refuse (reading the database, never changing it);
/// true when it would refuse.
pub async fn check_config(settings: &Settings) -> anyhow::Result<bool> {
    let mode = if settings.is_production() {
        "production"
    } else {
        "development"
    };
    println!("Mode: {mode} (APP_ENV; unset: development with APP_DEMO__SEED, production without)");
    println!("Effective configuration (secrets masked):\n{settings:#?}");
    let mut refusals = app::ssr::production::setting_refusals(settings);
    let db = Db::open(settings.database.url.expose_secret(), 1).await?;
    match app::ssr::production::database_refusals(&db, now_ms()).await {
        Ok(found) => refusals.extend(found),
        Err(error) => {
            println!("The database was not checked ({error}); run `contact-center migrate` first.")
        }
    }
    db.close().await;
    if refusals.is_empty() {
        println!("Production mode would start with this configuration.");
        return Ok(false);
    }
    println!("Production mode would refuse to start:");
    for refusal in &refusals {
        println!("  - {refusal}");
    }
    Ok(true)
}
