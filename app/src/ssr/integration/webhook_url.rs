//! The webhook URL IntellectDialog posts events to:
//! `<public URL>/webhooks/intellectdialog/<secret>`.
//!
//! The secret travels in logs and proxies, so it does not live long: every
//! activation and every key change while active registers a fresh one, and
//! deactivation (or a switch to another organisation) withdraws it — the old
//! URL answers 404 from that moment, before IntellectDialog is even told.
use crate::ssr::db::integrations::{self, IntegrationRow};
use crate::ssr::intellectdialog::Client;
use crate::ssr::AppState;

/// Points the organisation's webhook at a fresh secret URL, so delivery
/// reports and guest messages arrive. A failure is logged: sending works
/// without it, only statuses stay at "sent".
pub async fn register(state: &AppState, row: &IntegrationRow) {
    let secret = crate::ssr::auth::session::new_token().0;
    if let Err(error) =
        integrations::set_webhook_secret(&state.db, row.property_id, Some(&secret)).await
    {
        tracing::error!(%error, "storing the webhook secret");
        return;
    }
    let Ok(client) = super::client_for(state, row) else {
        return;
    };
    let url = format!("{}/webhooks/intellectdialog/{secret}", state.public_url());
    match client.set_webhook(&url).await {
        Ok(_) => tracing::info!(
            property_id = %row.property_id,
            "IntellectDialog webhook registered"
        ),
        Err(error) => {
            tracing::warn!(%error, property_id = %row.property_id, "could not register the IntellectDialog webhook")
        }
    }
}

/// Forgets the secret (its URL answers 404 at once) and asks IntellectDialog,
/// with `client` (the key the webhook was registered with), to stop posting.
pub async fn withdraw(state: &AppState, row: &IntegrationRow, client: Option<Client>) {
    if let Err(error) = integrations::set_webhook_secret(&state.db, row.property_id, None).await {
        tracing::error!(%error, "forgetting the webhook secret");
    }
    let Some(client) = client else {
        return;
    };
    if let Err(error) = client.delete_webhook().await {
        tracing::warn!(%error, property_id = %row.property_id, "could not remove the IntellectDialog webhook");
    }
}
