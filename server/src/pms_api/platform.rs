//! `/api/v1/platform/properties`: the host PMS tells the Contact Center which
//! hotels exist and what they pay for, with the one platform token
//! (`APP_PLATFORM__TOKEN`), never a property's own token.
use super::Problem;
use app::ssr::clock::now_ms;
use app::ssr::db::properties::{self, PropertyRow};
use app::ssr::platform::{self, PropertyBody};
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A request that carries the platform token.
pub struct PlatformCaller;

impl FromRequestParts<AppState> for PlatformCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let unauthorized =
            |message: &str| Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", message);
        let Some(expected) = &state.settings.platform.token else {
            return Err(unauthorized(
                "The platform API is off: the Contact Center's operator sets APP_PLATFORM__TOKEN.",
            ));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(|| {
                unauthorized("Send the platform token as `Authorization: Bearer <token>`.")
            })?;
        // Compared as digests: the comparison's time says nothing of the token.
        let digest = |token: &str| Sha256::digest(token.trim().as_bytes());
        if digest(given) != digest(expected.expose_secret()) {
            return Err(unauthorized("The platform token is not this server's."));
        }
        Ok(Self)
    }
}

/// A property as the API returns it.
#[derive(Debug, Serialize)]
pub struct PropertyJson {
    external_id: String,
    name: String,
    name_en: Option<String>,
    time_zone: String,
    locale: String,
    active: bool,
    subscription: SubscriptionJson,
}

#[derive(Debug, Serialize)]
struct SubscriptionJson {
    gms: bool,
    contact_center: bool,
    tariff: Option<String>,
    paid_until: Option<String>,
    /// What the Contact Center lacks to work (`gms`, `contact_center_module`,
    /// `basic_tariff`, `paid_period`), as of now.
    missing: Vec<app::domain::SubscriptionPart>,
}

impl From<PropertyRow> for PropertyJson {
    fn from(row: PropertyRow) -> Self {
        let subscription = row.subscription();
        Self {
            subscription: SubscriptionJson {
                missing: subscription.missing(),
                gms: subscription.gms,
                contact_center: subscription.contact_center_module,
                tariff: subscription.tariff,
                paid_until: subscription.paid_until,
            },
            external_id: row.external_id,
            name: row.name,
            name_en: row.name_en,
            time_zone: row.time_zone,
            locale: row.locale,
            active: row.active,
        }
    }
}

/// `PUT`: creates (201) or updates and re-activates (200) the property.
pub async fn upsert(
    State(state): State<AppState>,
    _caller: PlatformCaller,
    Path(external_id): Path<String>,
    body: Result<Json<PropertyBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(body) = body?;
    let property = platform::validate(&external_id, &body).map_err(Problem::invalid)?;
    let (created, row) = properties::provision(&state.db, &property, now_ms()).await?;
    tracing::info!(external_id = %row.external_id, created, "property provisioned by the PMS");
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(PropertyJson::from(row))).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    _caller: PlatformCaller,
    Path(external_id): Path<String>,
) -> Result<Json<PropertyJson>, Problem> {
    properties::find_by_external_id(&state.db, &external_id)
        .await?
        .map(|row| Json(row.into()))
        .ok_or_else(|| Problem::not_found("Property"))
}

/// Paging of the list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    limit: Option<i64>,
    offset: Option<i64>,
}

/// A page of properties.
#[derive(Debug, Serialize)]
pub struct PropertyPage {
    items: Vec<PropertyJson>,
    total: i64,
    limit: i64,
    offset: i64,
}

pub async fn list(
    State(state): State<AppState>,
    _caller: PlatformCaller,
    paging: Result<Query<Paging>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PropertyPage>, Problem> {
    let Query(paging) = paging.map_err(|rejection| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            rejection.body_text(),
        )
    })?;
    let limit = paging.limit.unwrap_or(50);
    let offset = paging.offset.unwrap_or(0);
    let mut fields = Vec::new();
    if !(1..=500).contains(&limit) {
        fields.push(app::domain::booking_input::field_error(
            "limit",
            "must be 1 to 500",
        ));
    }
    if offset < 0 {
        fields.push(app::domain::booking_input::field_error(
            "offset",
            "must be 0 or more",
        ));
    }
    if !fields.is_empty() {
        return Err(Problem::invalid(fields));
    }
    let (rows, total) = properties::page(&state.db, limit, offset).await?;
    Ok(Json(PropertyPage {
        items: rows.into_iter().map(PropertyJson::from).collect(),
        total,
        limit,
        offset,
    }))
}

/// `DELETE`: deactivates the property — its users' sessions end, its
/// sending stops, its data is kept; `PUT` re-activates it.
pub async fn deactivate(
    State(state): State<AppState>,
    _caller: PlatformCaller,
    Path(external_id): Path<String>,
) -> Result<Json<PropertyJson>, Problem> {
    let row = properties::deactivate(&state.db, &external_id, now_ms())
        .await?
        .ok_or_else(|| Problem::not_found("Property"))?;
    tracing::info!(%external_id, "property deactivated by the PMS");
    Ok(Json(row.into()))
}
