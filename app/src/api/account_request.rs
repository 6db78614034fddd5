//! Requests for an IntellectDialog account (F3): allowed with or without the module.
use crate::domain::account_request::{AccountRequestDefaults, AccountRequestView};
use crate::error::AppError;
use leptos::prelude::*;

/// The form's starting values (the user's name and e-mail, the property).
#[server(prefix = "/rpc", endpoint = "account_request_form_defaults")]
pub async fn account_request_form_defaults() -> Result<AccountRequestDefaults, AppError> {
    use crate::ssr::{account_request, auth::require_user};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            account_request::defaults(&state, user).await
        }
        .await,
    )
}

/// «Отправить»: stores the request and forwards it to IntellectDialog.
#[server(prefix = "/rpc", endpoint = "submit_account_request")]
pub async fn submit_account_request(
    contact_name: String,
    phone: String,
    email: String,
    property_name: String,
    comment: String,
) -> Result<i64, AppError> {
    use crate::ssr::account_request::{self, AccountRequestForm};
    use crate::ssr::{auth::require_user, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            let form = AccountRequestForm {
                contact_name: &contact_name,
                phone: &phone,
                email: &email,
                property_name: &property_name,
                comment: &comment,
            };
            account_request::submit(&state, user, &form, now_ms()).await
        }
        .await,
    )
}

/// The property's requests with their status.
#[server(prefix = "/rpc", endpoint = "account_requests")]
pub async fn account_requests() -> Result<Vec<AccountRequestView>, AppError> {
    use crate::ssr::{account_request, auth::require_user};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            account_request::list(&state, user).await
        }
        .await,
    )
}
