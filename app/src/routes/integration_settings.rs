//! «Подключение Intellect Dialog»: the integration's settings (F4–F6, F9)
//! and, on its second tab, «Аккаунты пользователей» (F7).
use crate::api::integration::integration_state;
use crate::components::error_text::error_text;
use crate::components::integration_form::IntegrationForm;
use crate::components::user_mappings::UserMappings;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const PAGE: &str = "/guests/contact-center/intellectdialog";

#[component]
pub fn IntegrationSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = Resource::new(|| (), |_| integration_state());
    let query = use_query_map();
    let users_tab =
        Memo::new(move |_| query.with(|query| query.get("tab").as_deref() == Some("users")));
    view! {
        <A href="/guests/contact-center" attr:class="back-link">{t!(i18n, back_to_contact_center)}</A>
        <h1>{t!(i18n, settings_title)}</h1>
        <nav class="subtabs" aria-label=move || t_string!(i18n, settings_title)>
            // Plain links: both tabs are one path, which `A` would mark current twice.
            <a href=PAGE aria-current=move || (!users_tab.get()).then_some("page")>{t!(i18n, mapping_tab_settings)}</a>
            <a href=format!("{PAGE}?tab=users") aria-current=move || users_tab.get().then_some("page")>{t!(i18n, mapping_tab_users)}</a>
        </nav>
        <Show
            when=move || users_tab.get()
            fallback=move || view! {
                <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match state.await {
                            Ok(initial) => view! { <IntegrationForm initial /> }.into_any(),
                            Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            }
        >
            <UserMappings />
        </Show>
    }
}
