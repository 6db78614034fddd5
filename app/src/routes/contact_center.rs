//! «Контакт-центр»: the block «Подключение контакт-центра» with a card per provider (F1, F2).
use crate::api::account_request::account_requests;
use crate::api::integration::integration_state;
use crate::components::account_request_form::AccountRequestList;
use crate::components::error_text::error_text;
use crate::components::integration_card::IntegrationCard;
use crate::components::pms_tokens::PmsTokens;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ContactCenterPage() -> impl IntoView {
    let i18n = use_i18n();
    let integration = Resource::new(|| (), |_| integration_state());
    let requests_changed = RwSignal::new(0_u32);
    let requests = Resource::new(move || requests_changed.get(), |_| account_requests());
    let on_request_sent = Callback::new(move |()| requests_changed.update(|count| *count += 1));
    view! {
        <h1>{t!(i18n, contact_center_title)}</h1>
        <section class="block" aria-labelledby="connection-block-title">
            <h2 id="connection-block-title">{t!(i18n, connection_block_title)}</h2>
            <div class="cards">
                <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match integration.await {
                            Ok(integration) => view! { <IntegrationCard integration on_request_sent /> }.into_any(),
                            Err(error) => view! {
                                <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                requests.await.ok().map(|requests| view! { <AccountRequestList requests /> })
            })}
        </Transition>
        <PmsTokens />
    }
}
