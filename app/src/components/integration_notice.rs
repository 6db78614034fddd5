//! What the last action on «Подключение Intellect Dialog» said, as a notice.
use super::error_text::error_text;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// What the last action said.
#[derive(Clone, PartialEq)]
pub enum Outcome {
    Configured(String),
    Saved,
    Activated,
    Deactivated,
    Failed(AppError),
    /// The key could not be checked because IntellectDialog is down: retry it.
    KeyCheckUnavailable,
}

/// The success or failure notice for `outcome` (field errors show beside fields).
#[component]
pub fn OutcomeNotice(
    outcome: Outcome,
    /// Checks the key again (offered when IntellectDialog was unavailable).
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
            Outcome::Configured(name) => view! {
                <div class="notice notice--success" role="status" data-testid="integration-notice">
                    <strong>{t!(i18n, integration_configured)}</strong>
                    <p>{move || t_string!(i18n, organisation, name = name.clone()).to_string()}</p>
                </div>
            }.into_any(),
            Outcome::Saved => view! { <p class="notice notice--success" role="status" data-testid="integration-notice">{t!(i18n, saved)}</p> }.into_any(),
            Outcome::Activated => view! { <p class="notice notice--success" role="status" data-testid="integration-notice">{t!(i18n, activated_notice)}</p> }.into_any(),
            Outcome::Deactivated => view! { <p class="notice notice--info" role="status" data-testid="integration-notice">{t!(i18n, deactivated_notice)}</p> }.into_any(),
            Outcome::KeyCheckUnavailable => view! {
                <div class="notice notice--error" role="alert" data-testid="integration-error">
                    <p>{error_text(i18n, &AppError::ServiceUnavailable)}</p>
                    <button type="button" class="button" on:click=move |_| retry.run(())>{t!(i18n, retry)}</button>
                </div>
            }.into_any(),
            Outcome::Failed(error) if !matches!(error, AppError::Validation { .. }) => view! {
                <div class="notice notice--error" role="alert" data-testid="integration-error">
                    <p>{error_text(i18n, &error)}</p>
                </div>
            }.into_any(),
            _ => ().into_any(),
        }
}
