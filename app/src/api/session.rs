//! Who is signed in, for the app shell.
use crate::domain::SessionView;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user, their role and their property's subscription.
#[server(prefix = "/rpc", endpoint = "current_session")]
pub async fn current_session() -> Result<SessionView, AppError> {
    use crate::ssr::{auth::require_user, session_view::session_view};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            session_view(&state, user).await
        }
        .await,
    )
}
