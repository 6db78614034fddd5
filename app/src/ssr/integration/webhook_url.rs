//! The webhook URL IntellectDialog posts events to:
//! `<public URL>/webhooks/intellectdialog/<secret>`.
//!
//! The secret travels in logs and proxies, so it does not live long: every
//! activation and every key change while active registers a fresh one (the
//! old URL answers 404 as soon as IntellectDialog has the new one), and
//! deactivation (or a switch to another organisation) withdraws it — its URL
//! answers 404 from that moment, before IntellectDialog is even told.
use crate::ssr::db::integrations::{self, IntegrationRow};
use crate::ssr::intellectdialog::Client;
use crate::ssr::AppState;

/// Points the organisation's webhook at a fresh secret URL, so delivery
/// reports and guest messages arrive. The old URL keeps working until
/// IntellectDialog has the new one, and is put back if it refuses it; a
/// failure is logged (sending works without webhooks, only statuses stay at
/// "sent"). Nothing happens when the integration was switched off meanwhile.
pub async fn register(state: &AppState, row: &IntegrationRow) {
    let secret = crate::ssr::auth::session::new_token().0;
    let db = &state.db;
    match integrations::begin_webhook_rotation(db, row.property_id, &secret).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(error) => {
            tracing::error!(%error, "storing the webhook secret");
            return;
        }
    }
    let url = format!("{}/webhooks/intellectdialog/{secret}", state.public_url());
    let registered = match super::client_for(state, row) {
        Ok(client) => client
            .set_webhook(&url)
            .await
            .map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    match &registered {
        Ok(_) => {
            tracing::info!(property_id = %row.property_id, "IntellectDialog webhook registered")
        }
        Err(error) => {
            tracing::warn!(%error, property_id = %row.property_id, "could not register the IntellectDialog webhook; the previous URL stays")
        }
    }
    let done = integrations::end_webhook_rotation(db, row.property_id, &secret, registered.is_ok());
    if let Err(error) = done.await {
        tracing::error!(%error, "ending the webhook secret's rotation");
    }
}

/// Forgets the secrets of a switched-off integration (their URLs answer 404
/// at once) and asks IntellectDialog, with `client` (the key the webhook was
/// registered with), to stop posting. Nothing happens when the integration
/// was switched on again meanwhile.
pub async fn withdraw(state: &AppState, row: &IntegrationRow, client: Option<Client>) {
    match integrations::forget_webhook_secrets(&state.db, row.property_id).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(error) => {
            tracing::error!(%error, "forgetting the webhook secret");
            return;
        }
    }
    let Some(client) = client else {
        return;
    };
    if let Err(error) = client.delete_webhook().await {
        tracing::warn!(%error, property_id = %row.property_id, "could not remove the IntellectDialog webhook");
    }
}
