//! The sender number: its panel and forecast, its protection policy, resuming it.
use crate::domain::sender::SenderPanel;
use crate::domain::sender_policy::SendingPolicy;
use crate::error::AppError;
use leptos::prelude::*;

/// The chosen number's panel (budget, warm-up, window, pause) and its
/// 48-hour forecast; `None` while no number is chosen.
#[server(prefix = "/rpc", endpoint = "sender_panel", name = SenderPanelCall)]
pub async fn sender_panel() -> Result<Option<SenderPanel>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, sender};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            sender::panel(&state, user, now_ms()).await
        }
        .await,
    )
}

/// «Защита номера от блокировки»: saves the chosen number's policy (administrators).
#[server(prefix = "/rpc", endpoint = "save_sending_policy", input = leptos::server_fn::codec::Json)]
pub async fn save_sending_policy(policy: SendingPolicy) -> Result<Option<SenderPanel>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, sender};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            sender::save_policy(&state, user, &policy, now_ms()).await?;
            sender::panel(&state, user, now_ms()).await
        }
        .await,
    )
}

/// Resumes the chosen number after it paused itself (administrators).
#[server(prefix = "/rpc", endpoint = "resume_sender")]
pub async fn resume_sender() -> Result<Option<SenderPanel>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, sender};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            sender::resume(&state, user, now_ms()).await?;
            sender::panel(&state, user, now_ms()).await
        }
        .await,
    )
}
