//! Every route is guarded as it says, enumerated from the server itself (the
//! server-function registry and the route tables the router is built from),
//! never from a list kept by hand: a new route or function is covered at once.
use crate::helpers::{session_cookie, spawn_app, TestApp, VOLNA_ADMIN};
use app::api::PUBLIC_SERVER_FUNCTIONS;
use app::error::AppError;
use leptos::server_fn::axum::server_fn_paths;
use reqwest::header::{AUTHORIZATION, COOKIE, ORIGIN};
use reqwest::{Method, StatusCode};
use server::route_table::{Access, Listed, Verb};
use server::startup::route_list;

/// Each registered server function, by path and method, in a stable order.
fn server_functions() -> Vec<(&'static str, Method)> {
    let mut all: Vec<_> = server_fn_paths().collect();
    all.sort_by_key(|(path, _)| *path);
    assert!(
        all.len() >= 20,
        "the registry looks empty (only {} server functions)",
        all.len()
    );
    all
}

/// A route's path with its parameters filled in.
fn concrete(path: &str) -> String {
    path.replace("{*name}", "user_mappings")
        .replace("{secret}", "not-a-secret")
        .replace("{number}", "BRZ-1001")
        .replace("{external_id}", "pms-1")
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    origin: Option<&str>,
    cookie: Option<&str>,
) -> reqwest::Response {
    let client = reqwest::Client::new();
    let mut request = client
        .request(method, format!("{}{path}", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("");
    if let Some(origin) = origin {
        request = request.header(ORIGIN, origin);
    }
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, format!("cc_session={cookie}"));
    }
    request.send().await.expect("the server answers")
}

async fn admin_session(app: &TestApp) -> String {
    let response = app.sign_in(VOLNA_ADMIN).await;
    let cookie = session_cookie(&response).expect("signing in sets the session cookie");
    let pair = cookie.split(';').next().unwrap_or_default();
    pair.trim_start_matches("cc_session=").to_owned()
}

#[tokio::test]
async fn every_private_server_function_refuses_a_caller_without_a_session() {
    let app = spawn_app().await;
    let mut checked = 0;
    for (path, method) in server_functions() {
        if PUBLIC_SERVER_FUNCTIONS.contains(&path) {
            continue;
        }
        for cookie in [None, Some("forged-session-token")] {
            let response = send(&app, method.clone(), path, Some(&app.address), cookie).await;
            let status = response.status();
            let body = response.text().await.unwrap();
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} ({cookie:?}): {body}"
            );
            let error: AppError = serde_json::from_str(&body)
                .unwrap_or_else(|error| panic!("{path}: not an AppError ({error}): {body}"));
            assert_eq!(error, AppError::Unauthorized, "{path}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} private server functions");
}

#[tokio::test]
async fn every_public_server_function_is_registered() {
    let registered: Vec<_> = server_functions()
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    for public in PUBLIC_SERVER_FUNCTIONS {
        assert!(
            registered.contains(public),
            "{public} is not a server function"
        );
    }
}

/// Every state-changing server function and route a cookie could authorise.
fn origin_checked() -> Vec<(Method, String)> {
    let functions = server_functions()
        .into_iter()
        .filter(|(_, method)| *method != Method::GET)
        .map(|(path, method)| (method, path.to_owned()));
    let routes = route_list()
        .into_iter()
        .filter(|row| row.verb.changes_state() && row.access.checks_origin())
        .filter(|row| row.access != Access::ServerFunctions)
        .map(|row| (row.verb.method(), concrete(&row.path)));
    functions.chain(routes).collect()
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_foreign_or_missing_origin_even_when_signed_in() {
    let app = spawn_app().await;
    let session = admin_session(&app).await;
    let checked = origin_checked();
    assert!(checked.len() >= 15, "only {} routes checked", checked.len());
    for (method, path) in checked {
        for origin in [None, Some("https://evil.example"), Some("null")] {
            let response = send(&app, method.clone(), &path, origin, Some(&session)).await;
            let status = response.status();
            let body = response.text().await.unwrap();
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{method} {path} from {origin:?}: {body}"
            );
            assert!(body.contains("Origin"), "{path}: {body}");
        }
    }
    // Still signed in, and nothing was changed on the way.
    assert!(app.current_session().await.is_ok());
}

/// A route whose own credential is missing answers with a refusal.
async fn refused_without_credential(app: &TestApp, row: &Listed) -> StatusCode {
    let path = concrete(&row.path);
    let response = send(app, row.verb.method(), &path, Some(&app.address), None).await;
    response.status()
}

#[tokio::test]
async fn every_route_that_needs_a_credential_refuses_a_request_without_it() {
    let app = spawn_app().await;
    let rows = route_list();
    assert!(rows.iter().any(|row| row.access == Access::Bearer));
    for row in rows {
        let expected = match row.access {
            Access::Bearer | Access::Session | Access::MetricsToken | Access::PlatformToken => {
                StatusCode::UNAUTHORIZED
            }
            Access::SecretUrl => StatusCode::NOT_FOUND,
            Access::Public | Access::ServerFunctions => continue,
        };
        let status = refused_without_credential(&app, &row).await;
        assert_eq!(status, expected, "{:?} {}", row.verb, row.path);
    }
    // A wrong bearer token is no better than none.
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/staff-users", app.address))
        .header(AUTHORIZATION, "Bearer not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_route_list_is_what_the_router_serves() {
    let app = spawn_app().await;
    // Every public GET row answers (not the app's 404 page).
    for row in route_list() {
        if row.access != Access::Public || row.verb != Verb::Get {
            continue;
        }
        let response = app.get(&concrete(&row.path)).await;
        assert_ne!(response.status(), StatusCode::NOT_FOUND, "{}", row.path);
    }
}
