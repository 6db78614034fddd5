//! A property's IntellectDialog API key: sealed at rest, bound to the
//! property, opened only to build a client (never logged, never shown).
use super::db::integrations::IntegrationRow;
use super::intellectdialog::Client;
use super::AppState;
use crate::domain::PropertyId;
use crate::error::AppError;
use secrecy::SecretString;

/// A client with the property's stored key, or `ActivationIncomplete` without one.
pub fn client_for(state: &AppState, row: &IntegrationRow) -> Result<Client, AppError> {
    let sealed = row
        .api_key_sealed
        .as_deref()
        .ok_or(AppError::ActivationIncomplete {
            missing_key: true,
            missing_provider: row.provider_id.is_none(),
        })?;
    let key: SecretString = state.secret_box.open(sealed, &key_context(row.property_id)).map_err(|error| {
        tracing::error!(%error, property_id = %row.property_id, "cannot open the stored API key");
        AppError::Internal
    })?;
    Ok(state.intellectdialog.client(key))
}

/// What a sealed key of a property is bound to.
pub fn key_context(property_id: PropertyId) -> String {
    format!("integration:{property_id}")
}
