//! Builds the application (state, routes, guards), binds it and runs it until stopped.
use crate::emulator::{self, Emulator, IN_PROCESS_PREFIX};
use crate::shutdown::shutdown_signal;
use crate::supervisor::Supervisor;
use crate::{background, demo_host, webhooks};

pub use crate::app_router::{route_list, router, routes};
use anyhow::Context;
use app::ssr::auth::sign_in_guard::SignInGuard;
use app::ssr::clock::now_ms;
use app::ssr::config::Settings;
use app::ssr::db::Db;
use app::ssr::dispatch::{Clock, SystemClock};
use app::ssr::events::ChatHub;
use app::ssr::intellectdialog::{http_client, DEFAULT_BASE_URL};
use app::ssr::secret_box::SecretBox;
use app::ssr::state::IntellectDialogAccess;
use app::ssr::webhook_events;
use app::ssr::{demo, AppState};
use axum::Router;
use leptos::prelude::*;
use secrecy::ExposeSecret;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// A bound, not yet running server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// The scheduler's clock (the system's, unless a test brings its own).
    clock: Arc<dyn Clock>,
}

/// How long shutdown may take after SIGTERM: requests, streams and the
/// background tasks' rounds in progress end within it.
pub const SHUTDOWN_BUDGET: Duration = Duration::from_secs(15);

impl Application {
    /// Connects the database (applying migrations), seeds demo data if asked,
    /// and binds the listener (port 0 picks a free port).
    pub async fn build(mut settings: Settings) -> anyhow::Result<Self> {
        settings.validate()?;
        let db = Db::connect(
            settings.database.url.expose_secret(),
            settings.database.max_connections,
        )
        .await?;
        // Before anything is written: a refused start changes nothing.
        app::ssr::production::refuse_unsafe(&settings, &db, now_ms()).await?;
        if settings.demo.seed {
            demo::seed(&db, now_ms())
                .await
                .context("seeding demo data")?;
        }
        let mut leptos_options = get_configuration(None)
            .context("reading Leptos options (LEPTOS_* variables)")?
            .leptos_options;
        let listener = TcpListener::bind(&settings.server.address)
            .await
            .with_context(|| {
                format!("binding {} (APP_SERVER__ADDRESS)", settings.server.address)
            })?;
        leptos_options.site_addr = listener.local_addr()?;
        let (intellectdialog, emulator) = intellectdialog(&settings, leptos_options.site_addr)?;
        let secret_box = master_key(&settings)?;
        let demo_host_origin = reserve_demo_host(&mut settings).await?;
        let settings = Arc::new(settings);
        if let Some((listener, origin)) = demo_host_origin {
            let app_url = settings
                .demo_host
                .app_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", leptos_options.site_addr));
            demo_host::spawn(settings.clone(), listener, app_url.clone());
            tracing::info!(
                "Demo host page (a stand-in PMS embedding the app): {origin}/ → {app_url}"
            );
        }
        let sign_in_guard = Arc::new(SignInGuard::new(&settings.sign_in));
        let stopping = CancellationToken::new();
        let chat_hub = ChatHub::new(&settings.chat, db.clone(), stopping.clone());
        let webhook_budget = Arc::new(webhook_events::budget(&settings.webhooks));
        let state = AppState {
            db,
            settings,
            leptos_options,
            intellectdialog,
            secret_box,
            dispatch_metrics: Arc::default(),
            chat_hub,
            task_restarts: Arc::default(),
            sender_waits: Arc::default(),
            sign_in_guard,
            webhook_budget,
            stopping,
        };
        let mut router = router(state.clone());
        if let Some(emulator) = emulator {
            router = router.nest_service(IN_PROCESS_PREFIX, emulator::router(emulator));
        }
        Ok(Self {
            listener,
            router,
            state,
            clock: Arc::new(SystemClock),
        })
    }

    /// The same server with the scheduler on another clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn address(&self) -> SocketAddr {
        self.state.leptos_options.site_addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, with the background work supervised
    /// beside it: the dispatch scheduler (unless `APP_DISPATCH__ENABLED=false`),
    /// the chat hub's listener, the account-request forwarder and the purge.
    /// On shutdown, requests and chat streams end, and the scheduler finishes
    /// the round in progress so a send that started is recorded — all within
    /// [`SHUTDOWN_BUDGET`]; one interrupted harder is recovered by lookup.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let state = self.state.clone();
        let supervisor = Supervisor::new(state.task_restarts.clone());
        background::supervise(&supervisor, &state, self.clock.clone());
        let signalled = Arc::new(std::sync::OnceLock::new());
        let (stopping, at) = (state.stopping.clone(), signalled.clone());
        let signal = async move {
            shutdown_signal().await;
            let _ = at.set(tokio::time::Instant::now());
            stopping.cancel();
        };
        // The peer's address: sign-in limits per client, the emulator's controls.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let serving = axum::serve(self.listener, service)
            .with_graceful_shutdown(signal)
            .into_future();
        // Requests still open when the budget is spent are cut off.
        let overdue = async {
            state.stopping.cancelled().await;
            tokio::time::sleep(SHUTDOWN_BUDGET).await;
        };
        let served = tokio::select! {
            served = serving => served,
            () = overdue => {
                tracing::warn!("requests were still open after the shutdown budget; closing them");
                Ok(())
            }
        };
        // Also when serving failed: the background work stops with the server.
        state.stopping.cancel();
        let spent = signalled.get().map_or(Duration::ZERO, |at| at.elapsed());
        supervisor
            .shutdown(SHUTDOWN_BUDGET.saturating_sub(spent))
            .await;
        state.db.close().await;
        served
    }
}

/// The master key from `APP_SECURITY__MASTER_KEY`, or the development one
/// kept in (and first generated into) `APP_SECURITY__MASTER_KEY_FILE`.
fn master_key(settings: &Settings) -> anyhow::Result<SecretBox> {
    if let Some(key) = &settings.security.master_key {
        return SecretBox::from_base64(key.expose_secret());
    }
    let path = std::path::Path::new(&settings.security.master_key_file);
    let (secret_box, created) = SecretBox::load_or_create(path)?;
    if created {
        tracing::warn!(
            path = %path.display(),
            "generated a development master key; set APP_SECURITY__MASTER_KEY in production and keep it safe"
        );
    }
    Ok(secret_box)
}

/// Binds the demo host page when configured and lets its origin frame the app.
async fn reserve_demo_host(
    settings: &mut Settings,
) -> anyhow::Result<Option<(TcpListener, String)>> {
    let Some(address) = settings.demo_host.address.clone() else {
        return Ok(None);
    };
    let listener = TcpListener::bind(&address).await.with_context(|| {
        format!("binding the demo host page on {address} (APP_DEMO_HOST__ADDRESS)")
    })?;
    let origin = format!("http://localhost:{}", listener.local_addr()?.port());
    if !settings.embedding.allows_host(&origin) {
        settings.embedding.host_origins.push(origin.clone());
    }
    Ok(Some((listener, origin)))
}

/// How the app reaches IntellectDialog, and the in-process emulator when it
/// is enabled.
fn intellectdialog(
    settings: &Settings,
    address: SocketAddr,
) -> anyhow::Result<(IntellectDialogAccess, Option<Emulator>)> {
    let access = IntellectDialogAccess {
        http: http_client(Duration::from_secs(settings.intellectdialog.timeout_secs))?,
        base_url: intellectdialog_base_url(settings, address),
        account_request_url: account_request_url(settings, address),
    };
    tracing::info!(base_url = %access.base_url, "IntellectDialog API");
    let public_url = settings.server.public_url_or(address);
    let emulator = settings
        .emulator
        .enabled
        // Only our own webhook route: never the app's other pages, nor the
        // emulator's controls.
        .then(|| {
            Emulator::new(Some(&format!(
                "{public_url}{}intellectdialog",
                webhooks::WEBHOOK_PREFIX
            )))
        })
        .transpose()?;
    Ok((access, emulator))
}

/// The configured base URL; else the in-process emulator when enabled; else the real service.
fn intellectdialog_base_url(settings: &Settings, address: SocketAddr) -> String {
    match &settings.intellectdialog.base_url {
        Some(base_url) => base_url.clone(),
        None if settings.emulator.enabled => format!("http://{address}{IN_PROCESS_PREFIX}/v2/"),
        None => DEFAULT_BASE_URL.to_owned(),
    }
}

/// The configured address for account requests; else the in-process
/// emulator's recorder when it is enabled.
fn account_request_url(settings: &Settings, address: SocketAddr) -> Option<String> {
    settings
        .intellectdialog
        .account_request_url
        .clone()
        .or_else(|| {
            settings
                .emulator
                .enabled
                .then(|| format!("http://{address}{IN_PROCESS_PREFIX}/control/account-requests"))
        })
}
