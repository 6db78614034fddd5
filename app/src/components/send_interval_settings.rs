//! «Фильтр»: the interval between two sends from one number (F5), saved
//! with the provider by «Сохранить» below it.
use super::integration_setup::IntegrationSetup;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SendIntervalSettings() -> impl IntoView {
    let i18n = use_i18n();
    let setup = IntegrationSetup::from_context();
    let interval = setup.interval;
    let error = setup.field_error("send_interval_secs");
    view! {
        <section class="block" aria-labelledby="filter-title">
            <h2 id="filter-title">{t!(i18n, filter_title)}</h2>
            <p class="notice notice--warning">{t!(i18n, filter_advice)}</p>
            <div class="form__field">
                <label for="send-interval">{t!(i18n, interval_label)}</label>
                <input id="send-interval" type="number" min="60" max="3600" step="1" prop:value=interval
                    on:input=move |event| interval.set(event_target_value(&event)) disabled=move || !setup.can_edit()
                    aria-invalid=move || error().is_some().to_string() aria-describedby="send-interval-hint send_interval_secs-error" />
                <p class="muted" id="send-interval-hint">{t!(i18n, interval_hint)}</p>
                <p class="form__error" id="send_interval_secs-error" role="alert">{error}</p>
            </div>
        </section>
    }
}
