//! `/api/v1/staff-users`: the PMS keeps the property's users in step with its own.
use super::problem::FieldError;
use super::{PmsProperty, Problem};
use app::domain::{Email, Role};
use app::ssr::clock::now_ms;
use app::ssr::db::audit;
use app::ssr::db::staff_sync::{self, ExternalUser, Upserted};
use app::ssr::db::staff_users::{self, StaffUserRow};
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// The longest external id and name accepted.
const MAX_LEN: usize = 200;

/// A user as the PMS sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffUserBody {
    name: String,
    email: String,
    role: String,
    /// Absent: active.
    active: Option<bool>,
}

/// A user as the API returns it.
#[derive(Debug, Serialize)]
pub struct StaffUserJson {
    external_id: Option<String>,
    name: String,
    email: String,
    role: String,
    active: bool,
}

impl From<StaffUserRow> for StaffUserJson {
    fn from(row: StaffUserRow) -> Self {
        Self {
            external_id: row.external_id,
            name: row.name,
            email: row.email,
            role: row.role,
            active: row.active,
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
) -> Result<Json<Vec<StaffUserJson>>, Problem> {
    let users = staff_users::list(&state.db, property_id).await?;
    Ok(Json(users.into_iter().map(StaffUserJson::from).collect()))
}

pub async fn show(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(external_id): Path<String>,
) -> Result<Json<StaffUserJson>, Problem> {
    staff_users::list(&state.db, property_id)
        .await?
        .into_iter()
        .find(|user| user.external_id.as_deref() == Some(external_id.as_str()))
        .map(|user| Json(user.into()))
        .ok_or_else(|| Problem::not_found("Staff user"))
}

/// `PUT`: creates (201) or updates (200) the user with this PMS id.
pub async fn upsert(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(external_id): Path<String>,
    body: Result<Json<StaffUserBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(body) = body?;
    let (email, role) = validate(&external_id, &body)?;
    let user = ExternalUser {
        property_id,
        external_id: &external_id,
        email: email.as_str(),
        name: body.name.trim(),
        role,
        active: Some(body.active.unwrap_or(true)),
    };
    let now = now_ms();
    let (status, row) = match staff_sync::upsert(&state.db, &user, now).await? {
        Upserted::Created(row) => (StatusCode::CREATED, row),
        Upserted::Updated(row) => (StatusCode::OK, row),
        Upserted::EmailTaken => {
            return Err(Problem::invalid(vec![FieldError {
                field: "email",
                problem: "already used by another user of this property, or by a user who signs in with it elsewhere".into(),
            }]))
        }
    };
    let action = if status == StatusCode::CREATED {
        "staff_user.created_by_pms"
    } else {
        "staff_user.updated_by_pms"
    };
    let detail = format!(
        "{} <{}> ({}, {})",
        row.name,
        row.email,
        row.role,
        if row.active { "active" } else { "inactive" }
    );
    audit::record(&state.db, property_id, None, action, &detail, now).await?;
    Ok((status, Json(StaffUserJson::from(row))).into_response())
}

/// `DELETE`: deactivates the user and ends their sessions at once.
pub async fn deactivate(
    State(state): State<AppState>,
    PmsProperty(property_id): PmsProperty,
    Path(external_id): Path<String>,
) -> Result<Json<StaffUserJson>, Problem> {
    let row = staff_sync::deactivate(&state.db, property_id, &external_id)
        .await?
        .ok_or_else(|| Problem::not_found("Staff user"))?;
    let detail = format!("{} <{}>", row.name, row.email);
    audit::record(
        &state.db,
        property_id,
        None,
        "staff_user.deactivated_by_pms",
        &detail,
        now_ms(),
    )
    .await?;
    Ok(Json(row.into()))
}

/// Checks every field, reporting all that are wrong at once.
fn validate(external_id: &str, body: &StaffUserBody) -> Result<(Email, Role), Problem> {
    let mut fields = Vec::new();
    if external_id.trim().is_empty()
        || external_id.len() > MAX_LEN
        || external_id.chars().any(char::is_control)
    {
        fields.push(FieldError {
            field: "external_id",
            problem: format!("must be 1–{MAX_LEN} printable characters"),
        });
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > MAX_LEN {
        fields.push(FieldError {
            field: "name",
            problem: format!("must be 1–{MAX_LEN} characters"),
        });
    }
    let email = Email::parse(&body.email);
    if email.is_err() {
        fields.push(FieldError {
            field: "email",
            problem: "is not an e-mail address".into(),
        });
    }
    let role = Role::parse(&body.role);
    if role.is_none() {
        fields.push(FieldError {
            field: "role",
            problem: format!("must be `admin` or `staff`, got `{}`", body.role),
        });
    }
    match (email, role) {
        (Ok(email), Some(role)) if fields.is_empty() => Ok((email, role)),
        _ => Err(Problem::invalid(fields)),
    }
}
