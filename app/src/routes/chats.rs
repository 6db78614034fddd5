//! «Чаты с гостями»: live guest chats; available once connected and mapped (F8).
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ChatsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, chats_title)}</h1>
        <div class="empty-state">
            <p>{t!(i18n, chats_empty)}</p>
        </div>
    }
}
