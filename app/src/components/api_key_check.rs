//! «Параметры подключения»: the API key, checked with IntellectDialog (F4),
//! with the notice of the last action above it (its «Повторить» checks the
//! key again) and the confirmation a key of another organisation needs.
use super::error_text::error_text;
use super::integration_notice::{Outcome, OutcomeNotice};
use super::integration_setup::IntegrationSetup;
use super::modal::Modal;
use crate::api::integration::check_api_key;
use crate::domain::IntegrationView;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

type KeyCheck = Action<(String, i64, bool), Result<IntegrationView, AppError>>;

/// The key check's state. The form places the reset confirmation after its
/// last section (where the page's dialogs sit), so they are two components.
#[derive(Clone, Copy)]
pub struct KeyCheckState {
    /// The organisation a new key belongs to, while its reset awaits confirmation.
    confirm_reset: RwSignal<Option<String>>,
    /// Checks the key (the reset confirmed or not).
    submit: Callback<bool>,
    check: KeyCheck,
    api_key: RwSignal<String>,
}

impl KeyCheckState {
    pub fn new(setup: IntegrationSetup) -> Self {
        let api_key = RwSignal::new(String::new());
        let confirm_reset = RwSignal::new(None::<String>);
        let check = key_check(setup, api_key, confirm_reset);
        let submit = Callback::new(move |confirmed: bool| {
            confirm_reset.set(None);
            setup.outcome.set(None);
            let version = setup.view.with_untracked(|view| view.version);
            check.dispatch((api_key.get_untracked(), version, confirmed));
        });
        Self {
            confirm_reset,
            submit,
            check,
            api_key,
        }
    }
}

/// The key check, its answers shown as they come.
fn key_check(
    setup: IntegrationSetup,
    api_key: RwSignal<String>,
    confirm_reset: RwSignal<Option<String>>,
) -> KeyCheck {
    let check: KeyCheck = Action::new_local(|(key, version, confirmed): &(String, i64, bool)| {
        check_api_key(key.clone(), *version, Some(*confirmed))
    });
    setup.waits_for(check.pending());
    Effect::new(move |_| match check.value().get() {
        Some(Ok(updated)) => {
            api_key.set(String::new());
            setup.load_providers.dispatch(());
            let name = updated.organisation_name.clone().unwrap_or_default();
            setup.apply(Some(Ok(updated)), Outcome::Configured(name));
        }
        Some(Err(AppError::ServiceUnavailable)) => {
            setup.outcome.set(Some(Outcome::KeyCheckUnavailable))
        }
        Some(Err(AppError::ConfirmReset { organisation_name })) => {
            confirm_reset.set(Some(organisation_name))
        }
        Some(Err(error)) => setup.outcome.set(Some(Outcome::Failed(error))),
        None => {}
    });
    check
}

#[component]
pub fn ApiKeyCheck(key_check: KeyCheckState) -> impl IntoView {
    let i18n = use_i18n();
    let setup = IntegrationSetup::from_context();
    let KeyCheckState {
        submit,
        check,
        api_key,
        ..
    } = key_check;
    let submit_key = move |confirmed: bool| submit.run(confirmed);
    let retry = Callback::new(move |()| submit_key(false));

    view! {
        {move || setup.outcome.get().map(|outcome| view! { <OutcomeNotice outcome retry /> })}

        <section class="block" aria-labelledby="connection-settings-title">
            <h2 id="connection-settings-title">{t!(i18n, connection_settings)}</h2>
            {move || setup.view.with(|view| view.organisation_name.clone()).map(|name| view! {
                <p data-testid="organisation-name">{move || t_string!(i18n, organisation, name = name.clone()).to_string()}</p>
            })}
            <form class="form" on:submit=move |event| { event.prevent_default(); submit_key(false); }>
                <ApiKeyField api_key />
                <button type="submit" class="button button--primary" disabled=move || !setup.can_edit() || setup.busy()>
                    {move || if check.pending().get() { t_string!(i18n, checking) } else { t_string!(i18n, check_integration) }}
                </button>
            </form>
        </section>
    }
}

/// «ApiKey»: the key as typed, the stored one shown masked as its placeholder.
#[component]
fn ApiKeyField(api_key: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let setup = IntegrationSetup::from_context();
    let error = setup.field_error("api_key");
    view! {
        <div class="form__field">
            <label for="api-key">{t!(i18n, api_key_label)}</label>
            <input id="api-key" name="api_key" type="text" autocomplete="off" spellcheck="false" maxlength="200"
                placeholder=move || setup.view.with(|view| view.api_key_masked.clone()).unwrap_or_default()
                prop:value=api_key on:input=move |event| api_key.set(event_target_value(&event))
                disabled=move || !setup.can_edit()
                aria-invalid=move || error().is_some().to_string() aria-describedby="api-key-hint api_key-error" />
            <p class="muted" id="api-key-hint">{t!(i18n, api_key_hint)}</p>
            <p class="form__error" id="api_key-error" role="alert">{error}</p>
        </div>
    }
}

/// Asks before a key of another organisation replaces the current one
/// (which clears the chosen provider).
#[component]
pub fn ResetConfirmation(key_check: KeyCheckState) -> impl IntoView {
    let i18n = use_i18n();
    let KeyCheckState {
        confirm_reset,
        submit,
        ..
    } = key_check;
    move || {
        confirm_reset.get().map(|name| view! {
        <Modal title=Signal::derive(move || t_string!(i18n, confirm_reset_title).to_string()) on_close=Callback::new(move |()| confirm_reset.set(None)) close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
            <p>{error_text(i18n, &AppError::ConfirmReset { organisation_name: name.clone() })}</p>
            <button type="button" class="button button--primary" on:click=move |_| submit.run(true)>{t!(i18n, confirm_reset_button)}</button>
        </Modal>
    })
    }
}
