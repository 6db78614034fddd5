//! The visible RU / EN switch; the choice is kept in a cookie by leptos_i18n.
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let option = move |locale: Locale, label: &'static str, code: &'static str| {
        view! {
            <button
                type="button"
                class="language-switch__option"
                lang=code
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="language-switch" role="group" aria-label=move || t_string!(i18n, language)>
            {option(Locale::ru, "Русский", "ru")}
            {option(Locale::en, "English", "en")}
        </div>
    }
}
