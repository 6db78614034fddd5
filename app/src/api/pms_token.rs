//! PMS API tokens: the list, issuing one (shown once), revoking one.
use crate::domain::pms_token::{IssuedToken, PmsTokenView};
use crate::error::AppError;
use leptos::prelude::*;

/// The property's live tokens (administrators).
#[server(prefix = "/rpc", endpoint = "pms_tokens")]
pub async fn pms_tokens() -> Result<Vec<PmsTokenView>, AppError> {
    use crate::ssr::{auth::require_user, pms_tokens};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            pms_tokens::list(&state, user).await
        }
        .await,
    )
}

/// Issues a token labelled `label`; the answer is the only time it is shown.
#[server(prefix = "/rpc", endpoint = "issue_pms_token")]
pub async fn issue_pms_token(label: String) -> Result<IssuedToken, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, pms_tokens};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            pms_tokens::issue(&state, user, &label, now_ms()).await
        }
        .await,
    )
}

/// Revokes token `id` (administrators, after confirming).
#[server(prefix = "/rpc", endpoint = "revoke_pms_token")]
pub async fn revoke_pms_token(id: i64) -> Result<Vec<PmsTokenView>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, pms_tokens};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            pms_tokens::revoke(&state, user, id, now_ms()).await
        }
        .await,
    )
}
