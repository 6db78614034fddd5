//! The `contact-center` command: the server (the default), the standalone
//! IntellectDialog emulator, and the operator's tools. Exit codes: 0 done,
//! 1 failed (the message says why), 2 wrong usage; `check-config` exits 1
//! when production would refuse the configuration.
use anyhow::Context;
use app::ssr::config::Settings;
use clap::{Parser, Subcommand};
use server::{cli, startup, telemetry};

/// The Contact Center of a hotel guest-management system: its server and tools.
/// Configured by `APP_*` environment variables (see the README).
#[derive(Parser)]
#[command(name = "contact-center", version, about)]
struct Command {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Subcommand)]
enum Action {
    /// Run the server (the default): pages, APIs, webhooks and the scheduler.
    Serve,
    /// Run only the IntellectDialog emulator (development and tests).
    Emulator {
        /// Where it listens.
        #[arg(long, default_value = "127.0.0.1:4010")]
        address: String,
    },
    /// Issue a PMS API token for a property (printed once), or revoke tokens.
    PmsToken {
        /// The property's external id.
        #[arg(long)]
        property: String,
        /// The new token's label.
        #[arg(long, default_value = "pms", conflicts_with = "revoke")]
        label: String,
        /// Revoke the property's tokens with this label instead.
        #[arg(long)]
        revoke: Option<String>,
    },
    /// Create, list or deactivate properties (as the platform API does).
    Property {
        #[command(subcommand)]
        action: cli::PropertyAction,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Print the effective configuration (secrets masked) and what
    /// production mode would refuse; exit 1 when it would refuse.
    CheckConfig,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = Command::parse();
    match command.action.unwrap_or(Action::Serve) {
        Action::Serve => serve().await,
        Action::Emulator { address } => {
            telemetry::init("pretty");
            server::emulator::run_standalone(&address).await
        }
        Action::PmsToken {
            property,
            label,
            revoke: None,
        } => cli::issue_pms_token(&settings()?, &property, &label).await,
        Action::PmsToken {
            property,
            revoke: Some(label),
            ..
        } => cli::revoke_pms_tokens(&settings()?, &property, &label).await,
        Action::Property { action } => cli::property(&settings()?, action).await,
        Action::Migrate => cli::migrate(&settings()?).await,
        Action::CheckConfig => {
            let refused = cli::check_config(&settings()?).await?;
            if refused {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

fn settings() -> anyhow::Result<Settings> {
    Settings::load().context("loading configuration")
}

async fn serve() -> anyhow::Result<()> {
    let settings = settings()?;
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
