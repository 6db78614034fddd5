//! A faithful stand-in for IntellectDialog, shipped with the product.
//!
//! The API (`/v2/…`) follows `reference/intellectdialog-api.md`: paths, the
//! `Authorization` key, the `response` envelope, paging, refusals; where the
//! reference is silent the choices are written down in [`api`]. Controls
//! (`/control/…`) let tests and people make guests write, inject faults and
//! see what was sent and asked. It runs on its own (`contact-center emulator`)
//! or inside the app under [`IN_PROCESS_PREFIX`].
mod api;
mod api_conversations;
mod api_directory;
mod api_send;
mod api_subscriptions;
mod controls;
mod conversations;
mod delivery;
mod envelope;
mod faults;
mod guest_controls;
mod message_controls;
mod provider_controls;
mod records;
mod requests;
pub mod seed;
mod world;

use axum::extract::{DefaultBodyLimit, Request};
use axum::Router;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tower::ServiceExt;
use world::World;

/// Where the in-process emulator is mounted in the app.
pub const IN_PROCESS_PREFIX: &str = "/intellectdialog-emulator";

/// The emulator's shared state and its outgoing HTTP client (for webhooks).
#[derive(Clone)]
pub struct Emulator {
    world: Arc<Mutex<World>>,
    http: reqwest::Client,
    /// Where webhooks may point: under this URL, or (unset) at a loopback host.
    webhook_base: Option<Arc<str>>,
}

impl Emulator {
    /// An emulator holding the demo organisations. It registers webhooks
    /// only under `webhook_base` (the app's public URL when it runs inside
    /// the app), or at a loopback host when unset, so it can never be made
    /// to post to another machine.
    pub fn new(webhook_base: Option<&str>) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            world: Arc::new(Mutex::new(seed::demo_world())),
            http,
            webhook_base: webhook_base.map(|base| Arc::from(base.trim_end_matches('/'))),
        })
    }

    /// Why a webhook may not point at `url`, if it may not.
    fn refuse_webhook_target(&self, url: &reqwest::Url) -> Option<String> {
        match &self.webhook_base {
            Some(base) => {
                let under = url.as_str().starts_with(&format!("{base}/"));
                (!under).then(|| format!("This emulator delivers webhooks only under {base}/"))
            }
            None => {
                let loopback = match url.host() {
                    Some(url::Host::Domain(domain)) => domain == "localhost",
                    Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                    None => false,
                };
                (!loopback).then(|| {
                    "This emulator delivers webhooks only to this machine (localhost)".to_owned()
                })
            }
        }
    }

    /// Runs `read` on the organisation the request's key authenticates, or
    /// answers 401 (the world is locked meanwhile).
    fn with_organisation<R>(
        &self,
        headers: &axum::http::HeaderMap,
        read: impl FnOnce(&mut world::Organisation) -> Result<R, envelope::ApiFailure>,
    ) -> Result<R, envelope::ApiFailure> {
        self.with_world(|world| {
            let index = envelope::authorise(world, headers)?;
            read(&mut world.organisations[index])
        })
    }

    /// Runs `change` with the world locked (never across an `.await`).
    fn with_world<R>(&self, change: impl FnOnce(&mut World) -> R) -> R {
        let mut world = self.world.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut world)
    }
}

/// `/v2/…` (every request recorded, then faults) and `/control/…`.
pub fn router(emulator: Emulator) -> Router {
    let api = api::routes()
        .layer(axum::middleware::from_fn_with_state(
            emulator.clone(),
            faults::apply,
        ))
        .layer(DefaultBodyLimit::max(envelope::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            emulator.clone(),
            requests::record,
        ));
    let routes = Router::new()
        .nest("/v2", api)
        .nest("/control", controls::routes())
        .with_state(emulator);
    // `//` in a path is read as `/` (a known client sends `v2//departments`),
    // which must happen before routing.
    let normalised = routes.map_request(|mut request: Request| {
        let path = request.uri().path();
        if path.contains("//") {
            let mut collapsed = path.to_owned();
            while collapsed.contains("//") {
                collapsed = collapsed.replace("//", "/");
            }
            let query = request
                .uri()
                .query()
                .map(|query| format!("?{query}"))
                .unwrap_or_default();
            if let Ok(uri) = format!("{collapsed}{query}").parse() {
                *request.uri_mut() = uri;
            }
        }
        request
    });
    Router::new().fallback_service(normalised)
}

/// Serves the emulator alone on `address` until Ctrl-C or SIGTERM; its
/// webhooks go to loopback hosts only.
pub async fn run_standalone(address: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("binding the emulator to {address}"))?;
    let bound = listener.local_addr()?;
    tracing::info!(
        "IntellectDialog emulator on http://{bound}/v2/ (key {}), controls on http://{bound}/control",
        seed::DEMO_API_KEY
    );
    let service =
        router(Emulator::new(None)?).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(crate::shutdown::shutdown_signal())
        .await
        .context("the emulator stopped with an error")
}
