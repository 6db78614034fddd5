//! A mailing's settings: trigger, filters, templates with a live preview and
//! the same checks the server makes, shown as the user types.
use super::error_text::error_text;
use super::mailing_settings_fields::{FilterFields, TemplateFields, TriggerFields};
use crate::api::mailing::save_mailing_settings;
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::template::TemplateValues;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn MailingSettingsForm(
    kind: MailingKind,
    settings: MailingSettings,
    sample: TemplateValues,
    sample_en: TemplateValues,
    time_zone: String,
    can_edit: bool,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(settings);
    let problems = Memo::new(move |_| draft.with(|draft| draft.problems(kind)));
    let save = Action::new_local(move |settings: &MailingSettings| {
        save_mailing_settings(kind, settings.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_saved.run(());
        }
    });
    view! {
        <form class="settings-form" on:submit=move |event| { event.prevent_default(); save.dispatch(draft.get_untracked()); }>
            {(!can_edit).then(|| view! { <p class="notice notice--info">{t!(i18n, mailing_read_only)}</p> })}
            <TriggerFields kind draft problems time_zone can_edit />
            <FilterFields draft problems can_edit />
            <TemplateFields draft problems sample sample_en can_edit />
            <ul class="form__error" role="alert" data-testid="settings-problems">
                {move || problems.get().into_iter().map(|problem| view! { <li>{super::dispatch_text::settings_problem_text(i18n, &problem)}</li> }).collect_view()}
            </ul>
            {move || save.value().get().and_then(Result::err).map(|error| view! {
                <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p>
            })}
            <button type="submit" class="button button--primary" disabled=move || !can_edit || save.pending().get() || !problems.with(Vec::is_empty)>
                {t!(i18n, mailing_save)}
            </button>
        </form>
    }
}
