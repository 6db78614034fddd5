//! «Рассылки»: the list, a mailing's settings and queue, a booking's timeline.
use crate::domain::mailing::{
    DispatchView, MailingDetail, MailingKind, MailingView, SwitchPreview,
};
use crate::domain::mailing_settings::MailingSettings;
use crate::error::AppError;
use leptos::prelude::*;

/// The property's service mailings (created when the integration is activated), with counters.
#[server(prefix = "/rpc", endpoint = "mailings")]
pub async fn mailings() -> Result<Vec<MailingView>, AppError> {
    use crate::ssr::{auth::require_user, mailing};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mailing::list(&state, user).await
        }
        .await,
    )
}

/// One mailing: settings, queue with estimated send times, the sender.
#[server(prefix = "/rpc", endpoint = "mailing_detail", name = MailingDetailCall)]
pub async fn mailing_detail(kind: MailingKind) -> Result<MailingDetail, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, mailing};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mailing::detail(&state, user, kind, now_ms()).await
        }
        .await,
    )
}

/// The on/off switch of a mailing (administrators).
#[server(prefix = "/rpc", endpoint = "set_mailing_active")]
pub async fn set_mailing_active(kind: MailingKind, active: bool) -> Result<(), AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, mailing};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mailing::set_active(&state, user, kind, active, now_ms()).await
        }
        .await,
    )
}

/// How many guests switching a mailing on would message now and within a day.
#[server(prefix = "/rpc", endpoint = "mailing_switch_preview")]
pub async fn mailing_switch_preview(kind: MailingKind) -> Result<SwitchPreview, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, mailing};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mailing::preview::switch_preview(&state, user, kind, now_ms()).await
        }
        .await,
    )
}

/// Saves a mailing's settings (administrators); every booking is re-planned.
#[server(prefix = "/rpc", endpoint = "save_mailing_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_mailing_settings(
    kind: MailingKind,
    settings: MailingSettings,
) -> Result<(), AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, mailing};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mailing::save_settings(&state, user, kind, &settings, now_ms()).await
        }
        .await,
    )
}

/// What will be sent for a booking, when, and why something will not.
#[server(prefix = "/rpc", endpoint = "booking_timeline")]
pub async fn booking_timeline(number: String) -> Result<Vec<DispatchView>, AppError> {
    use crate::ssr::{auth::require_user, clock::now_ms, mailing};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mailing::timeline(&state, user, &number, now_ms()).await
        }
        .await,
    )
}
