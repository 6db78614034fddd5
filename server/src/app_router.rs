//! The router: the server's own routes (each with who may call it), the PMS
//! API, the Leptos pages and static files, under the guards and headers
//! every response passes through.
use crate::route_table::{self, route, Access, Listed, Route, Verb};
use crate::{
    background, chat_stream, guards, health, launch, panics, pms_api, security_headers, webhooks,
};
use app::ssr::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::IntoResponse;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tower_http::trace::TraceLayer;

/// The server's own routes (the pages and static files come on top).
pub fn routes() -> Vec<Route> {
    use Access::{MetricsToken, Public, SecretUrl, ServerFunctions, Session};
    use Verb::{Get, Post};
    vec![
        route(Get, "/healthz", Public, health::healthz),
        route(Get, "/readyz", Public, health::readyz),
        route(Get, "/launch", Public, launch::launch_handler),
        route(
            Post,
            "/webhooks/intellectdialog/{secret}",
            SecretUrl,
            webhooks::intellectdialog,
        ),
        route(Get, "/metrics", MetricsToken, background::metrics),
        route(Get, "/events/chats", Session, chat_stream::events),
        route(Get, "/rpc/{*name}", ServerFunctions, server_fn_handler),
        route(Post, "/rpc/{*name}", ServerFunctions, server_fn_handler),
    ]
}

/// Every row of the server's tables, with full paths (the tests walk them).
pub fn route_list() -> Vec<Listed> {
    let mut rows = route_table::list("", routes());
    rows.extend(route_table::list(pms_api::PREFIX, pms_api::routes()));
    rows
}

/// All routes: health, server functions, Leptos pages, static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    route_table::build(self::routes())
        .nest(pms_api::PREFIX, pms_api::router())
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
            guards::server_function_access,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guards::verify_origin,
        ))
        // Inside the security headers: a panic's 500 carries them too.
        .layer(panics::catch_panics())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::security_headers,
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
