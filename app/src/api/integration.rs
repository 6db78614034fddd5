//! The IntellectDialog integration: state, key check, provider, interval, activation.
use crate::domain::{IntegrationView, ProviderOption};
use crate::error::AppError;
use leptos::prelude::*;

/// The integration as the signed-in user may see it.
#[server(prefix = "/rpc", endpoint = "integration_state")]
pub async fn integration_state() -> Result<IntegrationView, AppError> {
    use crate::ssr::{auth::require_user, integration};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            integration::view(&state, user).await
        }
        .await,
    )
}

/// «Проверить интеграцию»: checks the key with IntellectDialog and keeps it.
#[server(prefix = "/rpc", endpoint = "check_api_key")]
pub async fn check_api_key(
    api_key: String,
    version: i64,
    reset_confirmed: Option<bool>,
) -> Result<IntegrationView, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, integration};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            let confirmed = reset_confirmed.unwrap_or(false);
            integration::connect::check_key(&state, user, &api_key, version, confirmed, now_ms())
                .await?;
            integration::view(&state, user).await
        }
        .await,
    )
}

/// The organisation's providers, fetched from IntellectDialog now.
#[server(prefix = "/rpc", endpoint = "integration_providers")]
pub async fn integration_providers() -> Result<Vec<ProviderOption>, AppError> {
    use crate::ssr::{auth::require_user, integration};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            integration::settings::providers(&state, user).await
        }
        .await,
    )
}

/// Saves the provider and the interval between sends from one number;
/// `confirm_unknown_type`: the administrator accepted a provider whose type
/// is not known to be WhatsApp Web.
#[server(prefix = "/rpc", endpoint = "save_integration_settings")]
pub async fn save_integration_settings(
    provider_id: String,
    send_interval_secs: i64,
    version: i64,
    confirm_unknown_type: Option<bool>,
) -> Result<IntegrationView, AppError> {
    use crate::ssr::integration::settings::{save_settings, ProviderChoice};
    use crate::ssr::{auth::require_user, clock::now_ms, integration};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            let choice = ProviderChoice {
                provider_id: &provider_id,
                send_interval_secs,
                confirm_unknown_type: confirm_unknown_type.unwrap_or(false),
            };
            save_settings(&state, user, choice, version, now_ms()).await?;
            integration::view(&state, user).await
        }
        .await,
    )
}

/// «Активировать» with unsaved changes: saves the provider and the interval
/// and switches the integration on in one transaction — both or neither.
#[server(prefix = "/rpc", endpoint = "save_and_activate_integration")]
pub async fn save_and_activate_integration(
    provider_id: String,
    send_interval_secs: i64,
    version: i64,
    confirm_unknown_type: Option<bool>,
) -> Result<IntegrationView, AppError> {
    use crate::ssr::integration::settings::ProviderChoice;
    use crate::ssr::{auth::require_user, clock::now_ms, integration};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            let choice = ProviderChoice {
                provider_id: &provider_id,
                send_interval_secs,
                confirm_unknown_type: confirm_unknown_type.unwrap_or(false),
            };
            integration::activation::save_and_activate(&state, user, choice, version, now_ms())
                .await?;
            integration::view(&state, user).await
        }
        .await,
    )
}

/// Switches the integration on or off.
#[server(prefix = "/rpc", endpoint = "set_integration_active")]
pub async fn set_integration_active(
    active: bool,
    version: i64,
) -> Result<IntegrationView, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, integration};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            integration::settings::set_active(&state, user, active, version, now_ms()).await?;
            integration::view(&state, user).await
        }
        .await,
    )
}
