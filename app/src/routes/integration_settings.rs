//! «Подключение Intellect Dialog»: the integration's settings page (F4–F6, F9).
use crate::api::integration::integration_state;
use crate::components::error_text::error_text;
use crate::components::integration_form::IntegrationForm;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn IntegrationSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = Resource::new(|| (), |_| integration_state());
    view! {
        <A href="/guests/contact-center" attr:class="back-link">{t!(i18n, back_to_contact_center)}</A>
        <h1>{t!(i18n, settings_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(initial) => view! { <IntegrationForm initial /> }.into_any(),
                    Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
