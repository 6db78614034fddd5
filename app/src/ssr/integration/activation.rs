//! «Сохранить и активировать»: the provider, the interval and the switch
//! change together in one transaction, or not at all (F5, F6, F9).
use super::settings::{activation_allowed, apply_settings, ProviderChoice};
use super::CurrentUser;
use crate::error::AppError;
use crate::ssr::db::{audit, integrations, mailings, WriteTx};
use crate::ssr::dispatch::planning;
use crate::ssr::AppState;

/// Saves the provider (checked with IntellectDialog) and the send interval
/// and switches the integration on, in one transaction: when the settings or
/// the activation are refused, nothing is stored and the integration stays
/// as it was.
#[tracing::instrument(skip_all, fields(property_id = %user.property_id))]
pub async fn save_and_activate(
    state: &AppState,
    user: CurrentUser,
    choice: ProviderChoice<'_>,
    expected_version: i64,
    now: i64,
) -> Result<(), AppError> {
    super::require_editor(state, user).await?;
    let mut row = integrations::find(&state.db, user.property_id).await?;
    // The provider is checked with IntellectDialog before the transaction
    // opens, so no database lock is held across the call.
    let detail = apply_settings(state, &mut row, choice).await?;
    activation_allowed(&row)?;
    row.active = true;
    row.activated_at = Some(now);
    let mut tx = state.db.begin_write().await?;
    match store(&mut tx, user, &row, expected_version, &detail, now).await {
        Ok(()) => tx.commit().await?,
        Err(error) => {
            tx.rollback().await?;
            return Err(error);
        }
    }
    super::webhook_url::register(state, &row).await;
    Ok(())
}

/// Writes the settings and the switch, both audit entries, the service
/// mailings and the re-planned dispatches in the open transaction.
async fn store(
    tx: &mut WriteTx,
    user: CurrentUser,
    row: &integrations::IntegrationRow,
    expected_version: i64,
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    // The mailings exist before the switch flips, so an active integration
    // never lacks them (creating them is idempotent).
    mailings::ensure_service_mailings_in(tx, user.property_id, now).await?;
    if !integrations::save_in(tx, row, expected_version, now).await? {
        return Err(AppError::Conflict(
            "the integration settings were changed by someone else".to_owned(),
        ));
    }
    let who = (user.property_id, Some(user.staff_user_id));
    audit::record_in(tx, who, "integration.settings_saved", detail, now).await?;
    audit::record_in(tx, who, "integration.activated", "", now).await?;
    // Dispatches skipped while the integration was off are planned again.
    planning::replan_active_mailings_in(tx, user.property_id, now).await?;
    Ok(())
}
