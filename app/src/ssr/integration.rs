//! The IntellectDialog integration of a property: check the key, choose the
//! provider and the send interval, activate (F4–F6, F9).
//!
//! Every change needs an admin of a property whose subscription allows
//! integrations, and the `version` the admin last saw (optimistic locking).
pub mod activation;
pub mod connect;
pub mod settings;
pub mod webhook_url;

pub use super::api_key::{client_for, key_context};

use super::auth::CurrentUser;
use super::db::integrations::IntegrationRow;
use super::db::{audit, integrations};
use super::intellectdialog::provider_kind::provider_kind;
use super::intellectdialog::ApiError;
use super::AppState;
use crate::domain::integration::ProviderKind;
use crate::domain::{AuditEntry, IntegrationView, ProviderOption, Role};
use crate::error::AppError;

/// How many audit entries the card shows.
const AUDIT_SHOWN: i64 = 20;

/// The integration as `user` may see it.
pub async fn view(state: &AppState, user: CurrentUser) -> Result<IntegrationView, AppError> {
    let (is_admin, subscription) = rights(state, user).await?;
    let row = integrations::find(&state.db, user.property_id).await?;
    let audit = if is_admin {
        audit::recent(&state.db, user.property_id, "integration.", AUDIT_SHOWN)
            .await?
            .into_iter()
            .map(|row| AuditEntry {
                at: row.at,
                who: row.user_name,
                action: row.action,
                detail: row.detail,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(IntegrationView {
        can_edit: is_admin && subscription.allows_integrations(),
        subscription,
        api_key_masked: row.api_key_hint.as_deref().map(super::secret_box::masked),
        organisation_name: row.organisation_name.clone(),
        provider: row.provider_id.clone().map(|id| {
            let extra = &state.settings.intellectdialog.whatsapp_web_types;
            let kind = provider_kind(row.provider_type.as_deref(), None, extra);
            let name = row.provider_name.clone().unwrap_or_default();
            ProviderOption {
                // A saved unknown type was confirmed by an administrator.
                usable_for_mailings: kind != ProviderKind::Other,
                kind,
                phone: super::sender::panel::phone_in(&name),
                id,
                name,
                type_name: row.provider_type.clone(),
            }
        }),
        sender_pause: sender_pause(state, &row).await?,
        send_interval_secs: row.send_interval_secs,
        active: row.active,
        version: row.version,
        audit,
    })
}

/// Why the chosen number paused itself, if it did.
async fn sender_pause(
    state: &AppState,
    row: &IntegrationRow,
) -> Result<Option<crate::domain::sender::PauseView>, AppError> {
    let Some(provider_id) = &row.provider_id else {
        return Ok(None);
    };
    let sender = super::db::senders::find(&state.db, row.property_id, provider_id).await?;
    let Some(sender) = sender else {
        return Ok(None);
    };
    let zone = super::db::properties::find(&state.db, row.property_id)
        .await?
        .map(|property| property.time_zone)
        .unwrap_or_default();
    Ok(match (sender.paused_at, sender.pause) {
        (Some(at), Some(reason)) => Some(crate::domain::sender::PauseView {
            reason,
            since: crate::domain::local_time::local_time(at, &zone),
            detail: sender.pause_detail,
        }),
        _ => None,
    })
}

async fn rights(
    state: &AppState,
    user: CurrentUser,
) -> Result<(bool, crate::domain::Subscription), AppError> {
    let (staff_user, property) = super::auth::session::user_and_property(state, user).await?;
    Ok((staff_user.role() == Role::Admin, property.subscription()))
}

/// Refuses anyone but an admin of a subscribed property (F2, the server side).
pub async fn require_editor(state: &AppState, user: CurrentUser) -> Result<(), AppError> {
    require_subscribed_admin(state, user, "the integration").await
}

/// The one rule for changing what the subscription pays for: the
/// subscription first (an administrator could not change it either, so it is
/// named), then the administrator's role; `what` names the thing in the log.
pub async fn require_subscribed_admin(
    state: &AppState,
    user: CurrentUser,
    what: &str,
) -> Result<(), AppError> {
    let (is_admin, subscription) = rights(state, user).await?;
    // The subscription first: an administrator could not change it either.
    if !subscription.allows_integrations() {
        return Err(AppError::SubscriptionMissing {
            missing: subscription.missing(),
        });
    }
    if !is_admin {
        return Err(AppError::Forbidden {
            reason: format!("only administrators change {what}"),
        });
    }
    Ok(())
}

/// Saves `row` unless it changed since `expected_version`, then records `action`.
async fn save(
    state: &AppState,
    user: CurrentUser,
    row: &IntegrationRow,
    expected_version: i64,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    if !integrations::save(&state.db, row, expected_version, now).await? {
        return Err(AppError::Conflict(
            "the integration settings were changed by someone else".to_owned(),
        ));
    }
    audit::record(
        &state.db,
        user.property_id,
        Some(user.staff_user_id),
        action,
        detail,
        now,
    )
    .await?;
    Ok(())
}

/// Turns a failed IntellectDialog call into what the user should hear.
pub(crate) fn explain(error: ApiError) -> AppError {
    match error {
        ApiError::Unauthorized { .. } => AppError::WrongApiKey,
        ApiError::Transient { .. } | ApiError::RateLimited { .. } => {
            tracing::warn!(%error, "IntellectDialog unavailable");
            AppError::ServiceUnavailable
        }
        ApiError::NotFound { .. } => AppError::NotFound,
        ApiError::InvalidRecipient { .. }
        | ApiError::Other { .. }
        | ApiError::ProviderUnavailable { .. } => {
            tracing::error!(%error, "unexpected IntellectDialog answer");
            AppError::ServiceUnavailable
        }
    }
}
