//! Guests who opted out of mailings: the list, adding and removing a phone.
use crate::domain::opt_out::OptOutView;
use crate::error::AppError;
use leptos::prelude::*;

/// The property's opt-out list, newest first.
#[server(prefix = "/rpc", endpoint = "opt_outs")]
pub async fn opt_outs() -> Result<Vec<OptOutView>, AppError> {
    use crate::ssr::{auth::require_user, opt_out};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            opt_out::list(&state, user).await
        }
        .await,
    )
}

/// Puts a guest's phone on the list (administrators).
#[server(prefix = "/rpc", endpoint = "add_opt_out")]
pub async fn add_opt_out(phone: String) -> Result<Vec<OptOutView>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, opt_out};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            opt_out::add(&state, user, &phone, now_ms()).await?;
            opt_out::list(&state, user).await
        }
        .await,
    )
}

/// Takes a phone off the list (administrators, after confirming).
#[server(prefix = "/rpc", endpoint = "remove_opt_out")]
pub async fn remove_opt_out(phone: String) -> Result<Vec<OptOutView>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, opt_out};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            opt_out::remove(&state, user, &phone, now_ms()).await?;
            opt_out::list(&state, user).await
        }
        .await,
    )
}
