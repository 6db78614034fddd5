//! «Подключение Intellect Dialog»: the key, the send interval, the provider and
//! the activation switch, with every answer of the server explained (F4–F6, F9).
use super::audit_list::AuditList;
use super::error_text::{error_text, field_problem, problem_text};
use super::integration_notice::{Outcome, OutcomeNotice};
use super::modal::Modal;
use super::provider_select::ProviderSelect;
use crate::api::integration::{
    check_api_key, integration_providers, save_integration_settings, set_integration_active,
};
use crate::domain::{IntegrationView, ProviderOption};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn IntegrationForm(initial: IntegrationView) -> impl IntoView {
    let i18n = use_i18n();
    let view = RwSignal::new(initial.clone());
    let outcome = RwSignal::new(None::<Outcome>);
    let api_key = RwSignal::new(String::new());
    let provider_id = RwSignal::new(
        initial
            .provider
            .as_ref()
            .map(|provider| provider.id.clone())
            .unwrap_or_default(),
    );
    let interval = RwSignal::new(initial.send_interval_secs.to_string());
    // Until the list is fetched (admins only), the current choice is all there is.
    let providers = RwSignal::new(
        initial
            .provider
            .clone()
            .into_iter()
            .collect::<Vec<ProviderOption>>(),
    );
    let confirm_reset = RwSignal::new(None::<String>);
    let activation_modal = RwSignal::new(false);
    let can_edit = move || view.with(|view| view.can_edit);

    let load_providers = Action::new_local(|_: &()| integration_providers());
    Effect::new(move |_| match load_providers.value().get() {
        Some(Ok(list)) => {
            // The only provider there is needs no choosing.
            if provider_id.get_untracked().is_empty() && list.len() == 1 {
                provider_id.set(list[0].id.clone());
            }
            providers.set(list);
        }
        Some(Err(error)) => outcome.set(Some(Outcome::Failed(error))),
        None => {}
    });
    if initial.connected() && initial.can_edit {
        Effect::new(move |_| {
            load_providers.dispatch(());
        });
    }

    // The form follows what the server now holds (a new organisation clears
    // the provider, a save sets the interval).
    let show = move |updated: IntegrationView| {
        provider_id.set(
            updated
                .provider
                .as_ref()
                .map(|provider| provider.id.clone())
                .unwrap_or_default(),
        );
        interval.set(updated.send_interval_secs.to_string());
        view.set(updated);
    };
    let reload = Action::new_local(|_: &()| crate::api::integration::integration_state());
    Effect::new(move |_| {
        if let Some(Ok(updated)) = reload.value().get() {
            show(updated);
        }
    });
    let apply =
        move |result: Option<Result<IntegrationView, AppError>>, success: Outcome| match result {
            Some(Ok(updated)) => {
                show(updated);
                outcome.set(Some(success));
            }
            Some(Err(AppError::ConfirmReset { organisation_name })) => {
                confirm_reset.set(Some(organisation_name))
            }
            Some(Err(error)) => outcome.set(Some(Outcome::Failed(error))),
            None => {}
        };

    let check = Action::new_local(|(key, version, confirmed): &(String, i64, bool)| {
        check_api_key(key.clone(), *version, Some(*confirmed))
    });
    Effect::new(move |_| {
        let result = check.value().get();
        if let Some(Ok(updated)) = &result {
            api_key.set(String::new());
            load_providers.dispatch(());
            let name = updated.organisation_name.clone().unwrap_or_default();
            apply(result, Outcome::Configured(name));
        } else if let Some(Err(AppError::ServiceUnavailable)) = &result {
            outcome.set(Some(Outcome::KeyCheckUnavailable));
        } else {
            apply(result, Outcome::Failed(AppError::Internal));
        }
    });
    let submit_key = move |confirmed: bool| {
        confirm_reset.set(None);
        outcome.set(None);
        check.dispatch((
            api_key.get_untracked(),
            view.get_untracked().version,
            confirmed,
        ));
    };

    let save = Action::new_local(|(provider, interval, version): &(String, i64, i64)| {
        save_integration_settings(provider.clone(), *interval, *version)
    });
    Effect::new(move |_| apply(save.value().get(), Outcome::Saved));
    let interval_value = move || interval.get_untracked().trim().parse::<i64>().unwrap_or(-1);
    let submit_settings = move || {
        outcome.set(None);
        save.dispatch((
            provider_id.get_untracked(),
            interval_value(),
            view.get_untracked().version,
        ));
    };

    // Activation saves pending changes first when the user agreed to.
    let activate = Action::new_local(
        move |(active, save_first): &(bool, Option<(String, i64)>)| {
            let (active, save_first) = (*active, save_first.clone());
            let version = view.get_untracked().version;
            async move {
                let version = match save_first {
                    Some((provider, interval)) => {
                        save_integration_settings(provider, interval, version)
                            .await?
                            .version
                    }
                    None => version,
                };
                set_integration_active(active, version).await
            }
        },
    );
    Effect::new(move |_| {
        let result = activate.value().get();
        let success = if matches!(&result, Some(Ok(updated)) if updated.active) {
            Outcome::Activated
        } else {
            Outcome::Deactivated
        };
        // A save may have gone through before activation failed: catch up.
        if matches!(&result, Some(Err(_))) {
            reload.dispatch(());
        }
        apply(result, success);
    });
    let dirty = move || {
        view.with(|view| {
            provider_id.get()
                != view
                    .provider
                    .as_ref()
                    .map(|provider| provider.id.clone())
                    .unwrap_or_default()
                || interval.get().trim() != view.send_interval_secs.to_string()
        })
    };
    let toggle = move |_| {
        outcome.set(None);
        let target = !view.get_untracked().active;
        if target && dirty() {
            activation_modal.set(true);
        } else {
            activate.dispatch((target, None));
        }
    };

    let failure = move || match outcome.get() {
        Some(Outcome::Failed(error)) => Some(error),
        _ => None,
    };
    let field_error = move |field: &'static str| {
        move || field_problem(failure().as_ref(), field).map(|problem| problem_text(i18n, problem))
    };
    let busy = move || check.pending().get() || save.pending().get() || activate.pending().get();

    view! {
        <section class="block integration-header" aria-labelledby="activation-label">
            <div class="switch-row">
                <button
                    type="button"
                    role="switch"
                    class="switch"
                    id="activation-switch"
                    data-testid="activation-switch"
                    aria-checked=move || view.with(|view| view.active).to_string()
                    aria-labelledby="activation-label"
                    disabled=move || !can_edit() || busy()
                    on:click=toggle
                >
                    <span class="switch__knob"></span>
                </button>
                <label id="activation-label" for="activation-switch">{t!(i18n, activation_label)}</label>
                {move || view.with(|view| view.active).then(|| view! { <span class="badge badge--success" data-testid="activation-status">{t!(i18n, status_activated)}</span> })}
            </div>
            {move || (!can_edit()).then(|| view! { <p class="muted">{t!(i18n, read_only_note)}</p> })}
        </section>

        {move || outcome.get().map(|outcome| view! {
            <OutcomeNotice outcome retry=Callback::new(move |()| submit_key(false)) />
        })}

        <section class="block" aria-labelledby="connection-settings-title">
            <h2 id="connection-settings-title">{t!(i18n, connection_settings)}</h2>
            {move || view.with(|view| view.organisation_name.clone()).map(|name| view! {
                <p data-testid="organisation-name">{move || t_string!(i18n, organisation, name = name.clone()).to_string()}</p>
            })}
            <form class="form" on:submit=move |event| { event.prevent_default(); submit_key(false); }>
                <div class="form__field">
                    <label for="api-key">{t!(i18n, api_key_label)}</label>
                    <input id="api-key" name="api_key" type="text" autocomplete="off" spellcheck="false" maxlength="200"
                        placeholder=move || view.with(|view| view.api_key_masked.clone()).unwrap_or_default()
                        prop:value=api_key on:input=move |event| api_key.set(event_target_value(&event))
                        disabled=move || !can_edit()
                        aria-invalid=move || field_error("api_key")().is_some().to_string() aria-describedby="api-key-hint api_key-error" />
                    <p class="muted" id="api-key-hint">{t!(i18n, api_key_hint)}</p>
                    <p class="form__error" id="api_key-error" role="alert">{field_error("api_key")}</p>
                </div>
                <button type="submit" class="button button--primary" disabled=move || !can_edit() || busy()>
                    {move || if check.pending().get() { t_string!(i18n, checking) } else { t_string!(i18n, check_integration) }}
                </button>
            </form>
        </section>

        <section class="block" aria-labelledby="filter-title">
            <h2 id="filter-title">{t!(i18n, filter_title)}</h2>
            <p class="notice notice--warning">{t!(i18n, filter_advice)}</p>
            <div class="form__field">
                <label for="send-interval">{t!(i18n, interval_label)}</label>
                <input id="send-interval" type="number" min="60" max="3600" step="1" prop:value=interval
                    on:input=move |event| interval.set(event_target_value(&event)) disabled=move || !can_edit()
                    aria-invalid=move || field_error("send_interval_secs")().is_some().to_string() aria-describedby="send-interval-hint send_interval_secs-error" />
                <p class="muted" id="send-interval-hint">{t!(i18n, interval_hint)}</p>
                <p class="form__error" id="send_interval_secs-error" role="alert">{field_error("send_interval_secs")}</p>
            </div>
        </section>

        <section class="block" aria-labelledby="provider-title">
            <h2 id="provider-title">{t!(i18n, provider_title)}</h2>
            {move || if view.with(|view| view.connected()) {
                view! {
                    <ProviderSelect
                        providers=providers
                        provider_id=provider_id
                        editable=Signal::derive(can_edit)
                        error=Signal::derive(field_error("provider_id"))
                        refreshing=load_providers.pending()
                        on_refresh=Callback::new(move |()| {
                            load_providers.dispatch(());
                        })
                    />
                }.into_any()
            } else {
                view! { <p class="muted">{t!(i18n, provider_needs_key)}</p> }.into_any()
            }}
            <button type="button" class="button button--primary" on:click=move |_| submit_settings() disabled=move || !can_edit() || busy() || !view.with(|view| view.connected())>
                {t!(i18n, save)}
            </button>
        </section>

        {move || {
            let entries = view.with(|view| view.audit.clone());
            (!entries.is_empty()).then(|| view! { <AuditList entries /> })
        }}

        {move || confirm_reset.get().map(|name| view! {
            <Modal title=Signal::derive(move || t_string!(i18n, confirm_reset_title).to_string()) on_close=Callback::new(move |()| confirm_reset.set(None)) close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
                <p>{error_text(i18n, &AppError::ConfirmReset { organisation_name: name.clone() })}</p>
                <button type="button" class="button button--primary" on:click=move |_| submit_key(true)>{t!(i18n, confirm_reset_button)}</button>
            </Modal>
        })}

        {move || activation_modal.get().then(|| view! {
            <Modal title=Signal::derive(move || t_string!(i18n, activation_modal_title).to_string()) on_close=Callback::new(move |()| activation_modal.set(false)) close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
                <p>{t!(i18n, activation_modal_text)}</p>
                <button type="button" class="button button--primary" on:click=move |_| {
                    activation_modal.set(false);
                    activate.dispatch((true, Some((provider_id.get_untracked(), interval_value()))));
                }>{t!(i18n, activate)}</button>
            </Modal>
        })}
    }
}
