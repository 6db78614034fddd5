//! The server's own routes (beside the pages and the server functions) as one
//! table each: the router is built from it, so a route cannot exist without a
//! row, and the tests walk the rows to prove each is guarded as its
//! [`Access`] says.
use app::ssr::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

/// How a route decides who may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: health checks, the OpenAPI document, the launch link
    /// (its one-time token is the credential).
    Public,
    /// A signed-in user's session cookie.
    Session,
    /// Each server function checks the session itself (signing in needs none);
    /// the tests enumerate them from the server-function registry.
    ServerFunctions,
    /// The PMS API's bearer token. No cookies, so no cross-site forgery: the
    /// Origin check leaves these alone.
    Bearer,
    /// The secret in the webhook's URL. No cookies either.
    SecretUrl,
    /// The metrics scraper's bearer token (`APP_METRICS__TOKEN`).
    MetricsToken,
    /// The host PMS's platform token (`APP_PLATFORM__TOKEN`): provisions
    /// properties. No cookies either.
    PlatformToken,
}

impl Access {
    /// Whether the route's state-changing requests must come from an allowed
    /// origin (everything a browser's cookies could authorise).
    pub fn checks_origin(self) -> bool {
        matches!(self, Self::Public | Self::Session | Self::ServerFunctions)
    }
}

/// The HTTP methods the routes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    pub fn method(self) -> Method {
        match self {
            Self::Get => Method::GET,
            Self::Post => Method::POST,
            Self::Put => Method::PUT,
            Self::Delete => Method::DELETE,
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Self::Get => MethodFilter::GET,
            Self::Post => MethodFilter::POST,
            Self::Put => MethodFilter::PUT,
            Self::Delete => MethodFilter::DELETE,
        }
    }

    /// Whether the method changes state (and so is checked for CSRF).
    pub fn changes_state(self) -> bool {
        self != Self::Get
    }
}

/// One row: a method on a path, who may use it, and its handler.
pub struct Route {
    pub verb: Verb,
    pub path: &'static str,
    pub access: Access,
    handler: MethodRouter<AppState>,
}

/// A row without its handler, as the tests list them (full path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub verb: Verb,
    pub path: String,
    pub access: Access,
}

/// A row of a table.
pub fn route<H, T>(verb: Verb, path: &'static str, access: Access, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        verb,
        path,
        access,
        handler: on(verb.filter(), handler),
    }
}

/// A router with every row of `table` (rows on one path share it).
pub fn build(table: Vec<Route>) -> Router<AppState> {
    let mut paths: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for row in table {
        match paths.iter_mut().find(|(path, _)| *path == row.path) {
            Some((_, handler)) => {
                let previous = std::mem::take(handler);
                *handler = previous.merge(row.handler);
            }
            None => paths.push((row.path, row.handler)),
        }
    }
    paths
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}

/// The rows of `table` under `prefix`, without their handlers.
pub fn list(prefix: &str, table: Vec<Route>) -> Vec<Listed> {
    table
        .into_iter()
        .map(|row| Listed {
            verb: row.verb,
            path: format!("{prefix}{}", row.path),
            access: row.access,
        })
        .collect()
}
