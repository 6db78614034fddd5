//! The Contact Center server: HTTP (pages, server functions, health) until SIGTERM or Ctrl-C.
use anyhow::Context;
use app::ssr::config::Settings;
use server::{startup, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match arguments
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => serve().await,
        ["emulator"] => run_emulator("127.0.0.1:4010").await,
        ["emulator", "--address", address] => run_emulator(address).await,
        ["pms-token", "--property", property] => issue_pms_token(property, "pms").await,
        ["pms-token", "--property", property, "--label", label] => {
            issue_pms_token(property, label).await
        }
        ["pms-token", "--property", property, "--revoke", label] => {
            revoke_pms_tokens(property, label).await
        }
        _ => {
            eprintln!(
                "usage: contact-center                          run the app (configured by APP_* variables)\n       \
                 contact-center emulator [--address HOST:PORT]   run only the IntellectDialog emulator (default 127.0.0.1:4010)\n       \
                 contact-center pms-token --property EXTERNAL_ID [--label NAME]   issue a PMS API token for a property\n       \
                 contact-center pms-token --property EXTERNAL_ID --revoke NAME    revoke the property's tokens with that label"
            );
            std::process::exit(2)
        }
    }
}

async fn run_emulator(address: &str) -> anyhow::Result<()> {
    telemetry::init("pretty");
    server::emulator::run_standalone(address).await
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::load().context("loading configuration")?;
    telemetry::init(&settings.log.format);
    let application = startup::Application::build(settings)
        .await
        .context("starting the server")?;
    tracing::info!(
        "Contact Center is running on http://{} (database: {})",
        application.address(),
        application.state().db.backend_name()
    );
    application
        .run_until_stopped()
        .await
        .context("the HTTP server stopped with an error")?;
    tracing::info!("HTTP server stopped after a shutdown signal");
    Ok(())
}

/// Issues a PMS API token and prints it (the only time it is shown).
async fn issue_pms_token(property: &str, label: &str) -> anyhow::Result<()> {
    let settings = Settings::load().context("loading configuration")?;
    let db = app::ssr::db::Db::connect(
        secrecy::ExposeSecret::expose_secret(&settings.database.url),
        1,
    )
    .await?;
    let token = app::ssr::auth::pms_token::issue(&db, property, label, app::ssr::clock::now_ms())
        .await
        .context("storing the token")?;
    db.close().await;
    match token {
        Some(token) => {
            println!("{token}");
            eprintln!("PMS API token for property `{property}` (label `{label}`). Keep it secret: it is not stored and cannot be shown again.");
            Ok(())
        }
        None => anyhow::bail!("no property with external id `{property}`"),
    }
}

/// Revokes a property's PMS API tokens with a label; requests with them are refused at once.
async fn revoke_pms_tokens(property: &str, label: &str) -> anyhow::Result<()> {
    let settings = Settings::load().context("loading configuration")?;
    let db = app::ssr::db::Db::connect(
        secrecy::ExposeSecret::expose_secret(&settings.database.url),
        1,
    )
    .await?;
    let Some(found) = app::ssr::db::properties::find_by_external_id(&db, property).await? else {
        anyhow::bail!("no property with external id `{property}`");
    };
    let revoked =
        app::ssr::db::pms_tokens::revoke(&db, found.id, label, app::ssr::clock::now_ms()).await?;
    db.close().await;
    eprintln!("{revoked} token(s) of property `{property}` with label `{label}` revoked.");
    Ok(())
}
