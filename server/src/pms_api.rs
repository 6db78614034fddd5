//! The REST API for the host PMS under `/api/v1`: JSON in and out, one
//! property per bearer token, errors that name the field at fault.
//! Documented by the OpenAPI document at `/api/v1/openapi.json`.
mod bookings;
mod openapi;
mod openapi_platform;
mod platform;
mod problem;
mod staff_users;

use crate::route_table::{self, route, Access, Route, Verb};
use app::ssr::auth::pms_token;
use app::ssr::clock::now_ms;
use app::ssr::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Router;
pub use problem::Problem;

/// Where the API is nested.
pub const PREFIX: &str = "/api/v1";

/// The routes, relative to [`PREFIX`]: bearer token, except the document.
pub fn routes() -> Vec<Route> {
    use Access::{Bearer, PlatformToken, Public};
    use Verb::{Delete, Get, Post, Put};
    vec![
        route(Get, "/openapi.json", Public, openapi::document),
        route(Get, "/bookings/{number}", Bearer, bookings::show),
        route(Put, "/bookings/{number}", Bearer, bookings::upsert),
        route(Post, "/bookings/{number}/cancel", Bearer, bookings::cancel),
        route(Get, "/staff-users", Bearer, staff_users::list),
        route(Get, "/staff-users/{external_id}", Bearer, staff_users::show),
        route(
            Put,
            "/staff-users/{external_id}",
            Bearer,
            staff_users::upsert,
        ),
        route(
            Delete,
            "/staff-users/{external_id}",
            Bearer,
            staff_users::deactivate,
        ),
        route(Get, "/platform/properties", PlatformToken, platform::list),
        route(
            Get,
            "/platform/properties/{external_id}",
            PlatformToken,
            platform::show,
        ),
        route(
            Put,
            "/platform/properties/{external_id}",
            PlatformToken,
            platform::upsert,
        ),
        route(
            Delete,
            "/platform/properties/{external_id}",
            PlatformToken,
            platform::deactivate,
        ),
    ]
}

/// The routes, to be nested at [`PREFIX`].
pub fn router() -> Router<AppState> {
    route_table::build(routes()).fallback(|| async {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such API route; see /api/v1/openapi.json.",
        )
    })
}

/// The property a request's bearer token belongs to.
#[derive(Debug, Clone, Copy)]
pub struct PmsProperty(pub app::domain::PropertyId);

impl FromRequestParts<AppState> for PmsProperty {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let unauthorized =
            |message: &str| Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", message);
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| {
                unauthorized("Send the property's API token as `Authorization: Bearer <token>`.")
            })?
            .to_str()
            .map_err(|_| unauthorized("The Authorization header is not readable text."))?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| unauthorized("The Authorization header must be `Bearer <token>`."))?;
        match pms_token::property_of(&state.db, token, now_ms()).await {
            Ok(Some(property_id)) => Ok(Self(property_id)),
            Ok(None) => Err(unauthorized(
                "The API token is unknown or revoked; ask the Contact Center's operator for a new one.",
            )),
            Err(error) => {
                tracing::error!(%error, "PMS API: checking a token");
                Err(Problem::unavailable())
            }
        }
    }
}
