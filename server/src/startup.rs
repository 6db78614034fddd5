//! Builds the application (state, routes, guards), binds it and runs it until stopped.
use crate::emulator::{self, Emulator, IN_PROCESS_PREFIX};
use crate::shutdown::shutdown_signal;
use crate::{background, chat_stream, demo_host, guards, health, launch, pms_api, webhooks};
use anyhow::Context;
use app::ssr::clock::now_ms;
use app::ssr::config::Settings;
use app::ssr::db::Db;
use app::ssr::dispatch::{Dispatcher, SystemClock};
use app::ssr::intellectdialog::{http_client, DEFAULT_BASE_URL};
use app::ssr::secret_box::SecretBox;
use app::ssr::state::IntellectDialogAccess;
use app::ssr::{demo, AppState};
use app::{shell, App};
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use secrecy::ExposeSecret;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// A bound, not yet running server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

/// Asks the scheduler to stop, and waits for its current round to finish.
struct SchedulerHandle {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Connects the database (applying migrations), seeds demo data if asked,
    /// and binds the listener (port 0 picks a free port).
    pub async fn build(mut settings: Settings) -> anyhow::Result<Self> {
        let db = Db::connect(
            settings.database.url.expose_secret(),
            settings.database.max_connections,
        )
        .await?;
        if settings.demo.seed {
            demo::seed(&db, now_ms())
                .await
                .context("seeding demo data")?;
        }
        tokio::spawn(background::purge_expired_sessions(db.clone()));
        let mut leptos_options = get_configuration(None)
            .context("reading Leptos options (LEPTOS_* variables)")?
            .leptos_options;
        let listener = TcpListener::bind(&settings.server.address)
            .await
            .with_context(|| {
                format!("binding {} (APP_SERVER__ADDRESS)", settings.server.address)
            })?;
        leptos_options.site_addr = listener.local_addr()?;
        let intellectdialog = IntellectDialogAccess {
            http: http_client(Duration::from_secs(settings.intellectdialog.timeout_secs))?,
            base_url: intellectdialog_base_url(&settings, leptos_options.site_addr),
            account_request_url: account_request_url(&settings, leptos_options.site_addr),
        };
        tracing::info!(base_url = %intellectdialog.base_url, "IntellectDialog API");
        let emulator = settings.emulator.enabled.then(Emulator::new).transpose()?;
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
        let state = AppState {
            db,
            settings,
            leptos_options,
            intellectdialog,
            secret_box,
            dispatch_metrics: Arc::default(),
            chat_hub: Default::default(),
        };
        tokio::spawn(background::forward_account_requests(state.clone()));
        tokio::spawn(app::ssr::chat::hub::listen(
            state.db.clone(),
            state.chat_hub.clone(),
        ));
        let mut router = router(state.clone());
        if let Some(emulator) = emulator {
            router = router.nest_service(IN_PROCESS_PREFIX, emulator::router(emulator));
        }
        Ok(Self {
            listener,
            router,
            state,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.state.leptos_options.site_addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, letting in-flight requests finish.
    /// The dispatch scheduler runs beside it (unless `APP_DISPATCH__ENABLED=false`)
    /// and, on shutdown, finishes the round in progress so a send that
    /// started is recorded; one interrupted harder is recovered by lookup.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let db = self.state.db.clone();
        let scheduler = self.state.settings.dispatch.enabled.then(|| {
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let dispatcher = Dispatcher::new(
                self.state.clone(),
                Arc::new(SystemClock),
                self.state.dispatch_metrics.clone(),
            );
            SchedulerHandle {
                stop,
                task: tokio::spawn(dispatcher.run(stopped)),
            }
        });
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        if let Some(scheduler) = scheduler {
            let _ = scheduler.stop.send(true);
            if tokio::time::timeout(Duration::from_secs(30), scheduler.task)
                .await
                .is_err()
            {
                tracing::warn!("the dispatch scheduler did not stop within 30 s");
            }
        }
        db.close().await;
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

/// All routes: health, server functions, Leptos pages, static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/launch", get(launch::launch_handler))
        .route("/webhooks/intellectdialog/{secret}", axum::routing::post(webhooks::intellectdialog))
        .route("/metrics", get(background::metrics))
        .route("/events/chats", get(chat_stream::events))
        .nest("/api/v1", pms_api::router())
        .route(
            "/rpc/{*name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(&state, routes, context_provider(state.clone()), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guards::page_access,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guards::verify_origin,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guards::frame_policy,
        ))
        // Spans name the path only: queries may carry launch tokens.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

fn context_provider(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || provide_context(state.clone())
}

async fn server_fn_handler(
    State(state): State<AppState>,
    request: Request<Body>,
) -> impl IntoResponse {
    handle_server_fns_with_context(context_provider(state), request).await
}
