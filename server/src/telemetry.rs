//! Structured logs with `tracing`: human-readable or JSON, filtered by `RUST_LOG`.
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; a second call (as in tests) is ignored.
pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
