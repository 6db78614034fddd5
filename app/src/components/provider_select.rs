//! «Провайдер» → «Тип и название»: the organisation's providers, refreshable (F6).
use crate::domain::integration::ProviderKind;
use crate::domain::ProviderOption;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ProviderSelect(
    providers: RwSignal<Vec<ProviderOption>>,
    /// The chosen provider's id (empty for none).
    provider_id: RwSignal<String>,
    editable: Signal<bool>,
    error: Signal<Option<String>>,
    refreshing: Memo<bool>,
    on_refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |provider: &ProviderOption| {
        let type_name = provider
            .type_name
            .clone()
            .unwrap_or_else(|| t_string!(i18n, provider_type_unnamed).to_string());
        let phone = provider
            .phone
            .as_ref()
            .filter(|phone| !names_number(&provider.name, phone))
            .map(|phone| format!(", {phone}"))
            .unwrap_or_default();
        let note = match provider.kind {
            ProviderKind::WhatsappWeb => String::new(),
            ProviderKind::Other => format!(" ({})", t_string!(i18n, provider_not_for_mailings)),
            ProviderKind::Unknown => format!(" ({})", t_string!(i18n, provider_unknown_type)),
        };
        format!("{type_name} — {}{phone}{note}", provider.name)
    };
    view! {
        <div class="form__field">
            <label for="provider">{t!(i18n, provider_label)}</label>
            <div class="inline">
                <select
                    id="provider"
                    prop:value=provider_id
                    on:change=move |event| provider_id.set(event_target_value(&event))
                    disabled=move || !editable.get()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby="provider-hint provider_id-error"
                >
                    <option value="">{t!(i18n, provider_placeholder)}</option>
                    {move || {
                        providers
                            .get()
                            .into_iter()
                            .map(|provider| {
                                let selected = provider.id == provider_id.get_untracked();
                                let text = label(&provider);
                                view! { <option value=provider.id selected=selected>{text}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <button type="button" class="button" on:click=move |_| on_refresh.run(()) disabled=move || refreshing.get()>
                    {t!(i18n, provider_refresh)}
                </button>
            </div>
            <p class="muted" id="provider-hint">{t!(i18n, provider_hint)}</p>
            <p class="form__error" id="provider_id-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Whether a provider's name already carries its number (in any spelling).
pub fn names_number(name: &str, phone: &str) -> bool {
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    // Without the country code: «8 (862) …» and «+7 (862) …» name one number.
    digits(name).ends_with(digits(phone).get(1..).unwrap_or_default())
}
