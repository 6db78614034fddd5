//! Provider choice, send interval and activation (F5, F6, F9, F10).
use super::{client_for, explain, save, CurrentUser};
use crate::domain::integration::ProviderKind;
use crate::domain::integration::{MAX_SEND_INTERVAL_SECS, MIN_SEND_INTERVAL_SECS};
use crate::domain::ProviderOption;
use crate::error::{AppError, FieldProblem};
use crate::ssr::db::integrations::IntegrationRow;
use crate::ssr::db::{integrations, mailings};
use crate::ssr::intellectdialog::directory::MAX_PAGE;
use crate::ssr::intellectdialog::ApiError;
use crate::ssr::AppState;

/// The organisation's providers, fetched from IntellectDialog now (for
/// admins choosing one; the call uses the property's key).
pub async fn providers(
    state: &AppState,
    user: CurrentUser,
) -> Result<Vec<ProviderOption>, AppError> {
    super::require_editor(state, user).await?;
    let row = integrations::find(&state.db, user.property_id).await?;
    let client = client_for(state, &row)?;
    let page = client
        .providers(Some(MAX_PAGE), Some(0))
        .await
        .map_err(super::explain)?;
    let extra = &state.settings.intellectdialog.whatsapp_web_types;
    Ok(page
        .items
        .into_iter()
        .map(|provider| {
            let kind = provider.kind(extra);
            ProviderOption {
                usable_for_mailings: kind == ProviderKind::WhatsappWeb,
                kind,
                phone: crate::ssr::sender::panel::phone_in(&provider.name),
                id: provider.id,
                name: provider.name,
                type_name: provider.type_name,
            }
        })
        .collect())
}

/// The number chosen on the form: the provider, the interval between two
/// sends, and whether the administrator accepted an unknown provider type.
#[derive(Debug, Clone, Copy)]
pub struct ProviderChoice<'a> {
    pub provider_id: &'a str,
    pub send_interval_secs: i64,
    pub confirm_unknown_type: bool,
}

/// Saves the provider (checked with IntellectDialog) and the send interval.
#[tracing::instrument(skip_all, fields(property_id = %user.property_id))]
pub async fn save_settings(
    state: &AppState,
    user: CurrentUser,
    choice: ProviderChoice<'_>,
    expected_version: i64,
    now: i64,
) -> Result<(), AppError> {
    super::require_editor(state, user).await?;
    let mut row = integrations::find(&state.db, user.property_id).await?;
    let detail = apply_settings(state, &mut row, choice).await?;
    save(
        state,
        user,
        &row,
        expected_version,
        "integration.settings_saved",
        &detail,
        now,
    )
    .await
}

/// Checks the provider (with IntellectDialog) and the interval and writes them
/// into `row`; returns the audit detail naming what changed.
pub(super) async fn apply_settings(
    state: &AppState,
    row: &mut IntegrationRow,
    choice: ProviderChoice<'_>,
) -> Result<String, AppError> {
    let send_interval_secs = choice.send_interval_secs;
    if !(MIN_SEND_INTERVAL_SECS..=MAX_SEND_INTERVAL_SECS).contains(&send_interval_secs) {
        return Err(AppError::invalid(
            "send_interval_secs",
            FieldProblem::OutOfRange,
        ));
    }
    let provider_id = choice.provider_id.trim();
    if provider_id.is_empty() {
        return Err(AppError::invalid("provider_id", FieldProblem::Required));
    }
    let provider = match client_for(state, row)?.provider(provider_id).await {
        Ok(provider) => provider,
        Err(ApiError::NotFound { .. }) => {
            return Err(AppError::invalid("provider_id", FieldProblem::Unknown))
        }
        Err(error) => return Err(explain(error)),
    };
    match provider.kind(&state.settings.intellectdialog.whatsapp_web_types) {
        ProviderKind::WhatsappWeb => {}
        ProviderKind::Other => {
            return Err(AppError::invalid("provider_id", FieldProblem::Unsupported))
        }
        // Kept as chosen: the stored type name is what the number is known by.
        ProviderKind::Unknown if choice.confirm_unknown_type => {}
        ProviderKind::Unknown => {
            return Err(AppError::invalid(
                "provider_id",
                FieldProblem::NeedsConfirmation,
            ))
        }
    }
    let mut changes = Vec::new();
    if row.provider_id.as_deref() != Some(provider.id.as_str()) {
        changes.push(format!("«{}»", provider.name));
    }
    if row.send_interval_secs != send_interval_secs {
        changes.push(format!(
            "{} s → {send_interval_secs} s",
            row.send_interval_secs
        ));
    }
    row.provider_id = Some(provider.id.clone());
    row.provider_name = Some(provider.name.clone());
    row.provider_type = provider.type_name.clone();
    row.send_interval_secs = send_interval_secs;
    // Details stay language-neutral: the UI names the action in the reader's language.
    Ok(changes.join(", "))
}

/// Switches the integration on (creating the three service mailings,
/// deactivated) or off (all sending stops).
#[tracing::instrument(skip_all, fields(property_id = %user.property_id, active))]
pub async fn set_active(
    state: &AppState,
    user: CurrentUser,
    active: bool,
    expected_version: i64,
    now: i64,
) -> Result<(), AppError> {
    super::require_editor(state, user).await?;
    let mut row = integrations::find(&state.db, user.property_id).await?;
    if active {
        activation_allowed(&row)?;
    }
    row.active = active;
    row.activated_at = active.then_some(now);
    // The mailings exist before the switch flips, so an active integration
    // never lacks them (creating them is idempotent).
    if active {
        mailings::ensure_service_mailings(&state.db, user.property_id, now).await?;
    }
    let action = if active {
        "integration.activated"
    } else {
        "integration.deactivated"
    };
    save(state, user, &row, expected_version, action, "", now).await?;
    if !active {
        super::webhook_url::withdraw(state, &row, super::client_for(state, &row).ok()).await;
    }
    if active {
        super::webhook_url::register(state, &row).await;
        // Dispatches skipped while the integration was off are planned again.
        let db = &state.db;
        for mailing in crate::ssr::db::plan_store::mailings(db, user.property_id).await? {
            if mailing.active {
                let (property_id, kind) = (user.property_id, mailing.kind);
                crate::ssr::dispatch::planning::change_mailing(
                    db,
                    property_id,
                    kind,
                    true,
                    None,
                    now,
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Refuses activation of an integration without a key or a provider.
pub(super) fn activation_allowed(row: &IntegrationRow) -> Result<(), AppError> {
    if row.api_key_sealed.is_none() || row.provider_id.is_none() {
        return Err(AppError::ActivationIncomplete {
            missing_key: row.api_key_sealed.is_none(),
            missing_provider: row.provider_id.is_none(),
        });
    }
    Ok(())
}
