//! The page for an unknown address (HTTP 404).
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <main class="not-found">
            <h1>{t!(i18n, not_found_title)}</h1>
            <a href="/guests/contact-center">{t!(i18n, not_found_link)}</a>
        </main>
    }
}
