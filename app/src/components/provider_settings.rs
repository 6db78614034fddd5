//! «Провайдер»: the organisation's providers, fetched once the key is known
//! (F6), and «Сохранить», which saves the provider with the interval.
use super::integration_notice::Outcome;
use super::integration_setup::IntegrationSetup;
use super::provider_select::ProviderSelect;
use crate::api::integration::save_integration_settings;
use crate::domain::integration::ProviderKind;
use crate::domain::IntegrationView;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ProviderSettings() -> impl IntoView {
    let i18n = use_i18n();
    let setup = IntegrationSetup::from_context();
    follow_provider_list(setup);
    let save: Action<(String, i64, i64, bool), Result<IntegrationView, AppError>> =
        Action::new_local(
            |(provider, interval, version, confirmed): &(String, i64, i64, bool)| {
                save_integration_settings(provider.clone(), *interval, *version, Some(*confirmed))
            },
        );
    setup.waits_for(save.pending());
    Effect::new(move |_| setup.apply(save.value().get(), Outcome::Saved));
    let submit = move |_| {
        setup.outcome.set(None);
        let version = setup.view.with_untracked(|view| view.version);
        save.dispatch((
            setup.provider_id.get_untracked(),
            setup.interval_value(),
            version,
            setup.confirm_unknown.get_untracked(),
        ));
    };
    let load_providers = setup.load_providers;

    view! {
        <section class="block" aria-labelledby="provider-title">
            <h2 id="provider-title">{t!(i18n, provider_title)}</h2>
            {move || if setup.connected() {
                view! {
                    <ProviderSelect
                        providers=setup.providers
                        provider_id=setup.provider_id
                        editable=Signal::derive(move || setup.can_edit())
                        error=Signal::derive(setup.field_error("provider_id"))
                        refreshing=load_providers.pending()
                        on_refresh=Callback::new(move |()| {
                            load_providers.dispatch(());
                        })
                    />
                    <UnknownTypeWarning />
                }.into_any()
            } else {
                view! { <p class="muted">{t!(i18n, provider_needs_key)}</p> }.into_any()
            }}
            <button type="button" class="button button--primary" on:click=submit disabled=move || !setup.can_edit() || setup.busy() || !setup.connected()>
                {t!(i18n, save)}
            </button>
        </section>
    }
}

/// Shown while the chosen provider's type is not known to be WhatsApp Web:
/// only WhatsApp Web is supported; saving it needs the administrator's «yes».
#[component]
fn UnknownTypeWarning() -> impl IntoView {
    let i18n = use_i18n();
    let setup = IntegrationSetup::from_context();
    let unknown = move || {
        let chosen = setup.provider_id.get();
        setup.providers.with(|list| {
            list.iter()
                .any(|provider| provider.id == chosen && provider.kind == ProviderKind::Unknown)
        })
    };
    view! {
        <Show when=unknown>
            <div class="notice notice--warning" role="alert" data-testid="unknown-provider-type">
                <p>{t!(i18n, provider_unknown_type_warning)}</p>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=setup.confirm_unknown
                        on:change=move |event| setup.confirm_unknown.set(event_target_checked(&event)) />
                    {t!(i18n, provider_unknown_type_confirm)}
                </label>
            </div>
        </Show>
    }
}

/// Fetches the providers when an admin opens a connected integration, and
/// shows each fetched list (or why it could not be fetched).
fn follow_provider_list(setup: IntegrationSetup) {
    let load_providers = setup.load_providers;
    Effect::new(move |_| match load_providers.value().get() {
        Some(Ok(list)) => {
            // The only provider there is needs no choosing.
            if setup.provider_id.get_untracked().is_empty() && list.len() == 1 {
                setup.provider_id.set(list[0].id.clone());
            }
            setup.providers.set(list);
        }
        Some(Err(error)) => setup.outcome.set(Some(Outcome::Failed(error))),
        None => {}
    });
    let initial = setup.view.get_untracked();
    if initial.connected() && initial.can_edit {
        Effect::new(move |_| {
            load_providers.dispatch(());
        });
    }
}
