//! «Проверить интеграцию»: check an API key against IntellectDialog and keep it sealed (F4).
use super::{explain, key_context, save, CurrentUser};
use crate::domain::field_text::single_line;
use crate::domain::integration::API_KEY_MAX_LEN;
use crate::error::AppError;
use crate::ssr::db::integrations::{self, IntegrationRow};
use crate::ssr::intellectdialog::ApiError;
use crate::ssr::secret_box::{hint, masked};
use crate::ssr::AppState;
use secrecy::{ExposeSecret, SecretString};

/// Checks `api_key` with `GET companies` and, when IntellectDialog accepts it,
/// stores it sealed with the organisation's name.
///
/// A key of another organisation than the stored one resets the provider
/// choice and deactivates the integration, but only with `reset_confirmed`.
#[tracing::instrument(skip_all, fields(property_id = %user.property_id))]
pub async fn check_key(
    state: &AppState,
    user: CurrentUser,
    api_key: &str,
    expected_version: i64,
    reset_confirmed: bool,
    now: i64,
) -> Result<(), AppError> {
    super::require_editor(state, user).await?;
    let key = typed_key(api_key)?;
    let company = state
        .intellectdialog
        .client(key.clone())
        .company()
        .await
        .map_err(refused_key)?;
    let mut row = integrations::find(&state.db, user.property_id).await?;
    if row.version != expected_version {
        return Err(AppError::Conflict(
            "the integration settings were changed by someone else".to_owned(),
        ));
    }
    let organisation_changed = row
        .organisation_id
        .as_deref()
        .is_some_and(|known| known != company.id);
    if organisation_changed && row.provider_id.is_some() && !reset_confirmed {
        return Err(AppError::ConfirmReset {
            organisation_name: company.name,
        });
    }
    // The webhook was registered with the old key: asked to stop with it.
    let previous_client = super::client_for(state, &row).ok();
    let key_changed = is_new_key(state, &row, &key);
    let was_active = row.active;
    if organisation_changed {
        row.provider_id = None;
        row.provider_name = None;
        row.provider_type = None;
        row.active = false;
    }
    row.api_key_sealed = Some(state.secret_box.seal(&key, &key_context(user.property_id)));
    row.api_key_hint = Some(hint(&key));
    row.organisation_id = Some(company.id.clone());
    row.organisation_name = Some(company.name.clone());
    row.checked_at = Some(now);
    let detail = format!(
        "organisation «{}», key {}",
        company.name,
        masked(&hint(&key))
    );
    let action = if organisation_changed {
        "integration.key_replaced"
    } else {
        "integration.key_checked"
    };
    save(state, user, &row, expected_version, action, &detail, now).await?;
    // A new key gets a new webhook URL; another organisation none until it
    // is activated.
    if was_active && organisation_changed {
        super::webhook_url::withdraw(state, &row, previous_client).await;
    } else if was_active && key_changed {
        super::webhook_url::register(state, &row).await;
    }
    if organisation_changed {
        // Another organisation's employees and dialogs: the mappings and
        // the stored chats of the old one mean nothing there.
        crate::ssr::db::employees::forget_organisation(&state.db, user.property_id).await?;
    }
    tracing::info!(organisation = %company.name, "IntellectDialog key checked");
    Ok(())
}

/// The key as typed, trimmed, or the field's problem.
fn typed_key(api_key: &str) -> Result<SecretString, AppError> {
    let api_key = single_line("api_key", api_key, API_KEY_MAX_LEN)?;
    Ok(SecretString::from(api_key.to_owned()))
}

/// Whether `key` differs from the one stored (or none was).
fn is_new_key(state: &AppState, row: &IntegrationRow, key: &SecretString) -> bool {
    row.api_key_sealed.as_deref().is_none_or(|sealed| {
        state
            .secret_box
            .open(sealed, &key_context(row.property_id))
            .map_or(true, |old: SecretString| {
                old.expose_secret() != key.expose_secret()
            })
    })
}

/// During a key check, any refusal of `GET companies` that is not the service
/// failing (5xx, 429, network) means the key is not usable: the real API's
/// status codes for a bad key are not documented, so this does not rely on 401.
fn refused_key(error: ApiError) -> AppError {
    match error {
        ApiError::Unauthorized { .. }
        | ApiError::NotFound { .. }
        | ApiError::InvalidRecipient { .. } => AppError::WrongApiKey,
        ApiError::Other { status, .. } if (400..500).contains(&status) => AppError::WrongApiKey,
        other => explain(other),
    }
}
