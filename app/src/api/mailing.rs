//! The «Рассылки» list.
use crate::domain::mailing::MailingView;
use crate::error::AppError;
use leptos::prelude::*;

/// The property's service mailings (created when the integration is activated).
#[server(prefix = "/rpc", endpoint = "mailings")]
pub async fn mailings() -> Result<Vec<MailingView>, AppError> {
    use crate::domain::mailing::MailingKind;
    use crate::ssr::{auth::require_user, db::mailings};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            let rows = mailings::list(&state.db, user.property_id).await?;
            Ok(rows
                .into_iter()
                .filter_map(|(kind, active)| {
                    MailingKind::parse(&kind).map(|kind| MailingView { kind, active })
                })
                .collect())
        }
        .await,
    )
}
