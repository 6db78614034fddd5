//! A mailing's settings: trigger, filters, templates with a live preview and
//! the same checks the server makes, shown as the user types.
use super::error_text::error_text;
use crate::api::mailing::save_mailing_settings;
use crate::domain::booking::BookingSource;
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{Anchor, LatePolicy, MailingSettings, SettingsProblem};
use crate::domain::template::{render, TemplateValues};
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
    let problem = move |field: &'static str| {
        move || {
            problems.with(|list: &Vec<SettingsProblem>| {
                list.iter().any(|problem| problem.field == field)
            })
        }
    };
    let save = Action::new_local(move |settings: &MailingSettings| {
        save_mailing_settings(kind, settings.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_saved.run(());
        }
    });
    let samples = StoredValue::new((sample, sample_en));
    let preview = move |english: bool| {
        draft.with(|draft| {
            let (ru, en) = samples.get_value();
            if english {
                render(&draft.template_en, &en)
            } else {
                render(&draft.template_ru, &ru)
            }
        })
    };
    let number = move |update: fn(&mut MailingSettings, u32)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event).trim().parse().unwrap_or(0);
            draft.update(|draft| update(draft, value));
        }
    };
    let source = move |source: BookingSource| {
        view! {
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || draft.with(|draft| draft.sources.contains(&source))
                    disabled=!can_edit
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        draft.update(|draft| {
                            draft.sources.retain(|known| *known != source);
                            if on { draft.sources.push(source); }
                        });
                    }
                />
                {move || match source {
                    BookingSource::Site => t_string!(i18n, source_site),
                    BookingSource::Channel => t_string!(i18n, source_channel),
                    BookingSource::Pms => t_string!(i18n, source_pms),
                }}
            </label>
        }
    };
    let anchors = MailingSettings::anchors_for(kind);
    view! {
        <form class="settings-form" on:submit=move |event| { event.prevent_default(); save.dispatch(draft.get_untracked()); }>
            {(!can_edit).then(|| view! { <p class="notice notice--info">{t!(i18n, mailing_read_only)}</p> })}
            {view! { <fieldset disabled=!can_edit>
                <legend>{t!(i18n, mailing_trigger)}</legend>
                <label for="anchor">{t!(i18n, mailing_trigger)}</label>
                <select id="anchor" on:change=move |event| {
                    let anchor = match event_target_value(&event).as_str() {
                        "after_departure" => Anchor::AfterDeparture,
                        "after_booking" => Anchor::AfterBooking,
                        _ => Anchor::BeforeArrival,
                    };
                    draft.update(|draft| draft.anchor = anchor);
                }>
                    {anchors.iter().map(|anchor| {
                        let anchor = *anchor;
                        let value = match anchor { Anchor::BeforeArrival => "before_arrival", Anchor::AfterDeparture => "after_departure", Anchor::AfterBooking => "after_booking" };
                        view! {
                            <option value=value selected=move || draft.with(|draft| draft.anchor == anchor)>
                                {move || match anchor {
                                    Anchor::BeforeArrival => t_string!(i18n, mailing_anchor_before_arrival),
                                    Anchor::AfterDeparture => t_string!(i18n, mailing_anchor_after_departure),
                                    Anchor::AfterBooking => t_string!(i18n, mailing_anchor_after_booking),
                                }}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <label for="offset">{move || if draft.with(|draft| draft.anchor == Anchor::BeforeArrival) { t_string!(i18n, mailing_offset_days) } else { t_string!(i18n, mailing_offset_hours) }}</label>
                <input id="offset" type="number" min="0" prop:value=move || draft.with(|draft| draft.offset.to_string())
                    aria-invalid=move || problem("offset")().to_string() on:input=number(|draft, value| draft.offset = value) />
                <Show when=move || draft.with(|draft| draft.anchor == Anchor::BeforeArrival)>
                    <label for="send-time">{t!(i18n, mailing_send_time)}</label>
                    <input id="send-time" type="time" prop:value=move || draft.with(|draft| draft.send_time.clone())
                        aria-invalid=move || problem("send_time")().to_string()
                        on:input=move |event| draft.update(|draft| draft.send_time = event_target_value(&event)) />
                </Show>
                <p class="hint">{let zone = time_zone.clone(); move || t_string!(i18n, mailing_time_zone, zone = zone.clone()).to_string()}</p>
                <label for="late">{t!(i18n, mailing_late)}</label>
                <select id="late" on:change=move |event| {
                    let late = if event_target_value(&event) == "skip" { LatePolicy::Skip } else { LatePolicy::SendAtOnce };
                    draft.update(|draft| draft.late = late);
                }>
                    <option value="send" selected=move || draft.with(|draft| draft.late == LatePolicy::SendAtOnce)>{t!(i18n, mailing_late_send)}</option>
                    <option value="skip" selected=move || draft.with(|draft| draft.late == LatePolicy::Skip)>{t!(i18n, mailing_late_skip)}</option>
                </select>
            </fieldset> }.into_any()}
            {view! { <fieldset disabled=!can_edit>
                <legend>{t!(i18n, mailing_filters)}</legend>
                <p>{t!(i18n, mailing_source)}</p>
                <div class="checks">{BookingSource::ALL.into_iter().map(source).collect_view()}</div>
                <label for="min-nights">{t!(i18n, mailing_min_nights)}</label>
                <input id="min-nights" type="number" min="0" prop:value=move || draft.with(|draft| draft.min_nights.to_string()) on:input=number(|draft, value| draft.min_nights = value) />
                <label for="max-nights">{t!(i18n, mailing_max_nights)}</label>
                <input id="max-nights" type="number" min="0" prop:value=move || draft.with(|draft| draft.max_nights.to_string())
                    aria-invalid=move || problem("max_nights")().to_string() on:input=number(|draft, value| draft.max_nights = value) />
            </fieldset> }.into_any()}
            {view! { <fieldset disabled=!can_edit>
                <legend>{t!(i18n, mailing_texts)}</legend>
                <p class="hint">{t!(i18n, mailing_placeholders)}</p>
                <label for="template-ru">{t!(i18n, mailing_template_ru)}</label>
                <textarea id="template-ru" aria-invalid=move || problem("template_ru")().to_string()
                    prop:value=move || draft.with(|draft| draft.template_ru.clone())
                    on:input=move |event| draft.update(|draft| draft.template_ru = event_target_value(&event))></textarea>
                <label for="template-en">{t!(i18n, mailing_template_en)}</label>
                <textarea id="template-en" aria-invalid=move || problem("template_en")().to_string()
                    prop:value=move || draft.with(|draft| draft.template_en.clone())
                    on:input=move |event| draft.update(|draft| draft.template_en = event_target_value(&event))></textarea>
                <p><strong>{t!(i18n, mailing_preview)}</strong></p>
                <p class="preview" data-testid="preview-ru">{move || preview(false)}</p>
                <p class="preview" data-testid="preview-en" lang="en">{move || preview(true)}</p>
            </fieldset> }.into_any()}
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
