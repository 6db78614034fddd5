//! PMS API tokens on the Contact Center settings: administrators issue
//! (shown once), list (label, issued, last used) and revoke their property's
//! tokens; every issue and revocation is audited.
use crate::domain::field_text::single_line;
use crate::domain::pms_token::{IssuedToken, PmsTokenView, LABEL_MAX_LEN};
use crate::domain::Role;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::pms_token;
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{audit, pms_tokens};
use crate::ssr::AppState;

/// The property's live tokens (administrators).
pub async fn list(state: &AppState, user: CurrentUser) -> Result<Vec<PmsTokenView>, AppError> {
    require_admin(state, user).await?;
    live(state, user).await
}

/// Issues a token labelled `label`; the answer carries it this once.
pub async fn issue(
    state: &AppState,
    user: CurrentUser,
    label: &str,
    now: i64,
) -> Result<IssuedToken, AppError> {
    require_admin(state, user).await?;
    let label = single_line("label", label, LABEL_MAX_LEN)?;
    // A label names one live token (revoking by label, in the CLI, stays
    // exact): checked and stored under the property's lock, audited in the
    // same transaction, so no token exists that nobody was shown.
    let (token, hash) = pms_token::generate();
    let mut tx = state.db.begin_write().await?;
    tx.lock(&format!("pms_tokens:{}", user.property_id)).await?;
    if !pms_tokens::insert_labelled(&mut tx, user.property_id, &hash, label, now).await? {
        tx.rollback().await?;
        return Err(AppError::invalid("label", FieldProblem::Duplicate));
    }
    let by = (user.property_id, Some(user.staff_user_id));
    audit::record_in(&mut tx, by, "pms_token.issued", label, now).await?;
    tx.commit().await?;
    tracing::info!(property_id = %user.property_id, "PMS API token issued");
    Ok(IssuedToken {
        token,
        tokens: live(state, user).await?,
    })
}

/// Revokes the token `id`: requests carrying it are refused at once.
pub async fn revoke(
    state: &AppState,
    user: CurrentUser,
    id: i64,
    now: i64,
) -> Result<Vec<PmsTokenView>, AppError> {
    require_admin(state, user).await?;
    // Revoked and audited in one transaction, like issuing.
    let mut tx = state.db.begin_write().await?;
    let Some(label) = pms_tokens::revoke_id(&mut tx, user.property_id, id, now).await? else {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    };
    let by = (user.property_id, Some(user.staff_user_id));
    audit::record_in(&mut tx, by, "pms_token.revoked", &label, now).await?;
    tx.commit().await?;
    tracing::info!(property_id = %user.property_id, "PMS API token revoked");
    live(state, user).await
}

async fn live(state: &AppState, user: CurrentUser) -> Result<Vec<PmsTokenView>, AppError> {
    Ok(pms_tokens::list(&state.db, user.property_id)
        .await?
        .into_iter()
        .map(|row| PmsTokenView {
            id: row.id,
            label: row.label,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        })
        .collect())
}

async fn require_admin(state: &AppState, user: CurrentUser) -> Result<(), AppError> {
    let (staff, _) = user_and_property(state, user).await?;
    if staff.role() != Role::Admin {
        return Err(AppError::Forbidden {
            reason: "only administrators manage the PMS API tokens".to_owned(),
        });
    }
    Ok(())
}
