//! The three fieldsets of a mailing's settings form: when it is sent, which
//! bookings it is for, and its texts with a live preview. Each edits the
//! form's draft and marks the fields the draft's checks find fault with.
use crate::domain::booking::BookingSource;
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::{Anchor, LatePolicy, MailingSettings, SettingsProblem};
use crate::domain::template::{render, TemplateValues};
use crate::i18n::*;
use leptos::prelude::*;

/// Whether the draft's checks find fault with `field` (for `aria-invalid`).
fn flagged(problems: Memo<Vec<SettingsProblem>>, field: &'static str) -> impl Fn() -> String {
    move || {
        problems
            .with(|list| list.iter().any(|problem| problem.field == field))
            .to_string()
    }
}

/// Stores a number typed into a field through `update` (0 when not a number).
fn number(
    draft: RwSignal<MailingSettings>,
    update: fn(&mut MailingSettings, u32),
) -> impl Fn(leptos::ev::Event) {
    move |event: leptos::ev::Event| {
        let value = event_target_value(&event).trim().parse().unwrap_or(0);
        draft.update(|draft| update(draft, value));
    }
}

/// «Условие отправки»: the moment the mailing is sent relative to, the offset,
/// the time of day, and what happens to bookings past their moment.
#[component]
pub fn TriggerFields(
    kind: MailingKind,
    draft: RwSignal<MailingSettings>,
    problems: Memo<Vec<SettingsProblem>>,
    time_zone: String,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let before_arrival = move || draft.with(|draft| draft.anchor == Anchor::BeforeArrival);
    view! { <fieldset disabled=!can_edit>
        <legend>{t!(i18n, mailing_trigger)}</legend>
        <label for="anchor">{t!(i18n, mailing_trigger)}</label>
        <AnchorSelect kind draft />
        <label for="offset">{move || if before_arrival() { t_string!(i18n, mailing_offset_days) } else { t_string!(i18n, mailing_offset_hours) }}</label>
        <input id="offset" type="number" min="0" prop:value=move || draft.with(|draft| draft.offset.to_string())
            aria-invalid=flagged(problems, "offset") on:input=number(draft, |draft, value| draft.offset = value) />
        <Show when=before_arrival>
            <label for="send-time">{t!(i18n, mailing_send_time)}</label>
            <input id="send-time" type="time" prop:value=move || draft.with(|draft| draft.send_time.clone())
                aria-invalid=flagged(problems, "send_time")
                on:input=move |event| draft.update(|draft| draft.send_time = event_target_value(&event)) />
        </Show>
        <Show when=move || kind == MailingKind::Feedback>
            <label for="deadline-days">{t!(i18n, mailing_deadline_days)}</label>
            <input id="deadline-days" type="number" min="1" max="30" prop:value=move || draft.with(|draft| draft.deadline_days.to_string())
                aria-invalid=flagged(problems, "deadline_days") aria-describedby="deadline-days-hint"
                on:input=number(draft, |draft, value| draft.deadline_days = value) />
            <p class="hint" id="deadline-days-hint">{t!(i18n, mailing_deadline_days_hint)}</p>
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
    </fieldset> }
}

/// The moments a mailing of `kind` can be sent relative to.
#[component]
fn AnchorSelect(kind: MailingKind, draft: RwSignal<MailingSettings>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id="anchor" on:change=move |event| {
            let anchor = match event_target_value(&event).as_str() {
                "after_departure" => Anchor::AfterDeparture,
                "after_booking" => Anchor::AfterBooking,
                _ => Anchor::BeforeArrival,
            };
            draft.update(|draft| draft.anchor = anchor);
        }>
            {MailingSettings::anchors_for(kind).iter().map(|anchor| {
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
    }
}

/// «Фильтры»: the booking sources and the length of stay the mailing is for.
#[component]
pub fn FilterFields(
    draft: RwSignal<MailingSettings>,
    problems: Memo<Vec<SettingsProblem>>,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! { <fieldset disabled=!can_edit>
        <legend>{t!(i18n, mailing_filters)}</legend>
        <p>{t!(i18n, mailing_source)}</p>
        <div class="checks">{BookingSource::ALL.into_iter().map(|source| view! { <SourceCheck source draft can_edit /> }).collect_view()}</div>
        <label for="min-nights">{t!(i18n, mailing_min_nights)}</label>
        <input id="min-nights" type="number" min="0" prop:value=move || draft.with(|draft| draft.min_nights.to_string()) on:input=number(draft, |draft, value| draft.min_nights = value) />
        <label for="max-nights">{t!(i18n, mailing_max_nights)}</label>
        <input id="max-nights" type="number" min="0" prop:value=move || draft.with(|draft| draft.max_nights.to_string())
            aria-invalid=flagged(problems, "max_nights") on:input=number(draft, |draft, value| draft.max_nights = value) />
    </fieldset> }
}

/// One booking source, ticked when the mailing is for its bookings.
#[component]
fn SourceCheck(
    source: BookingSource,
    draft: RwSignal<MailingSettings>,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
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
}

/// «Тексты»: the Russian and English templates, each previewed with a sample booking.
#[component]
pub fn TemplateFields(
    draft: RwSignal<MailingSettings>,
    problems: Memo<Vec<SettingsProblem>>,
    sample: TemplateValues,
    sample_en: TemplateValues,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
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
    view! { <fieldset disabled=!can_edit>
        <legend>{t!(i18n, mailing_texts)}</legend>
        <p class="hint">{t!(i18n, mailing_placeholders)}</p>
        <label for="template-ru">{t!(i18n, mailing_template_ru)}</label>
        <textarea id="template-ru" aria-invalid=flagged(problems, "template_ru")
            prop:value=move || draft.with(|draft| draft.template_ru.clone())
            on:input=move |event| draft.update(|draft| draft.template_ru = event_target_value(&event))></textarea>
        <label for="template-en">{t!(i18n, mailing_template_en)}</label>
        <textarea id="template-en" aria-invalid=flagged(problems, "template_en")
            prop:value=move || draft.with(|draft| draft.template_en.clone())
            on:input=move |event| draft.update(|draft| draft.template_en = event_target_value(&event))></textarea>
        <p><strong>{t!(i18n, mailing_preview)}</strong></p>
        <p class="preview" data-testid="preview-ru">{move || preview(false)}</p>
        <p class="preview" data-testid="preview-en" lang="en">{move || preview(true)}</p>
    </fieldset> }
}
