//! The activation switch on the IntellectDialog card (F9): on and off without
//! leaving «Контакт-центр»; what is missing is explained under it.
use super::error_text::error_text;
use crate::api::integration::set_integration_active;
use crate::domain::IntegrationView;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn CardSwitch(integration: RwSignal<IntegrationView>) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = Action::new_local(|(active, version): &(bool, i64)| {
        set_integration_active(*active, *version)
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = toggle.value().get() {
            integration.set(updated);
        }
    });
    let error = move || toggle.value().get().and_then(Result::err);
    let active = move || integration.with(|integration| integration.active);
    view! {
        <div class="switch-row">
            <button
                type="button"
                role="switch"
                class="switch"
                id="card-activation-switch"
                data-testid="card-activation-switch"
                aria-checked=move || active().to_string()
                aria-labelledby="card-activation-label"
                disabled=move || !integration.with(|integration| integration.can_edit) || toggle.pending().get()
                on:click=move |_| {
                    let current = integration.get_untracked();
                    toggle.dispatch((!current.active, current.version));
                }
            >
                <span class="switch__knob"></span>
            </button>
            <label id="card-activation-label" for="card-activation-switch">{t!(i18n, activation_label)}</label>
        </div>
        {move || error().map(|error| view! { <p class="form__error" role="alert">{error_text(i18n, &error)}</p> })}
    }
}
