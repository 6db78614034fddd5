//! The Contact Center server: HTTP (pages, server functions, health) until SIGTERM or Ctrl-C.
use anyhow::Context;
use app::ssr::config::Settings;
use server::{startup, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
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
