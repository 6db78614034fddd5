//! «Рассылки»: the service mailings list; it fills once the integration is active (F10).
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MailingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, mailings_title)}</h1>
        <div class="empty-state">
            <p>{t!(i18n, mailings_empty)}</p>
            <A href="/guests/contact-center">{t!(i18n, go_to_contact_center)}</A>
        </div>
    }
}
