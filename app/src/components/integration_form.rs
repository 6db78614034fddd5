//! «Подключение Intellect Dialog»: the activation switch, the key, the send
//! interval and the provider, with every answer of the server explained
//! (F4–F6, F9). Each part owns its server calls; they share the integration
//! as last answered through [`IntegrationSetup`].
use super::activation_switch::ActivationSwitch;
use super::api_key_check::ApiKeyCheck;
use super::audit_list::AuditList;
use super::integration_setup::IntegrationSetup;
use super::provider_settings::ProviderSettings;
use super::send_interval_settings::SendIntervalSettings;
use crate::domain::IntegrationView;
use leptos::prelude::*;

#[component]
pub fn IntegrationForm(initial: IntegrationView) -> impl IntoView {
    let setup = IntegrationSetup::new(&initial);
    provide_context(setup);
    view! {
        <ActivationSwitch />
        <ApiKeyCheck />
        <SendIntervalSettings />
        <ProviderSettings />
        {move || {
            let entries = setup.view.with(|view| view.audit.clone());
            (!entries.is_empty()).then(|| view! { <AuditList entries /> })
        }}
    }
}
