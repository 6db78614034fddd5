//! «Подключение Intellect Dialog»: the activation switch, the key, the send
//! interval and the provider, with every answer of the server explained
//! (F4–F6, F9). Each part owns its server calls; they share the integration
//! as last answered through [`IntegrationSetup`].
use super::activation_switch::{Activation, ActivationModal, ActivationSwitch};
use super::api_key_check::{ApiKeyCheck, KeyCheckState, ResetConfirmation};
use super::audit_list::AuditList;
use super::integration_setup::IntegrationSetup;
use super::provider_settings::ProviderSettings;
use super::send_interval_settings::SendIntervalSettings;
use super::sender_panel::NumberSection;
use crate::domain::IntegrationView;
use leptos::prelude::*;

#[component]
pub fn IntegrationForm(initial: IntegrationView) -> impl IntoView {
    let setup = IntegrationSetup::new(&initial);
    provide_context(setup);
    let activation = Activation::new(setup);
    let key_check = KeyCheckState::new(setup);
    view! {
        <ActivationSwitch activation />
        <ApiKeyCheck key_check />
        <SendIntervalSettings />
        <ProviderSettings />
        // The chosen number's protection, panel and forecast (once one is saved).
        {move || setup.view.with(|view| view.provider.is_some()).then(|| view! { <NumberSection protection=true /> })}
        {move || {
            let entries = setup.view.with(|view| view.audit.clone());
            (!entries.is_empty()).then(|| view! { <AuditList entries /> })
        }}
        // The dialogs come last, so the sections stay adjacent (and spaced) while one is open.
        <ResetConfirmation key_check />
        <ActivationModal activation />
    }
}
