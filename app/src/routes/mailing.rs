//! One mailing: its switch, settings with a live preview, the send queue with
//! estimated times, the sender's next free slot, and a booking's timeline.
use crate::api::mailing::{booking_timeline, mailing_detail};
use crate::components::dispatch_table::DispatchTable;
use crate::components::dispatch_text::mailing_name;
use crate::components::error_text::error_text;
use crate::components::held_notice::HeldNotice;
use crate::components::mailing_settings_form::MailingSettingsForm;
use crate::domain::mailing::{MailingDetail, MailingKind};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MailingPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let kind = move || {
        params
            .read()
            .get("kind")
            .and_then(|kind| MailingKind::parse(&kind))
    };
    let detail = Resource::new(kind, |kind| async move {
        match kind {
            Some(kind) => mailing_detail(kind).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    // Outside the reloaded part, so it stays after the page reloads its data.
    let saved = RwSignal::new(false);
    let on_saved = Callback::new(move |()| {
        saved.set(true);
        detail.refetch();
    });
    view! {
        <p><A href="/guests/mailings">{t!(i18n, mailing_back)}</A></p>
        <Show when=move || saved.get()>
            <p class="notice notice--success" role="status" data-testid="settings-saved">{t!(i18n, mailing_saved)}</p>
        </Show>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(loaded) => view! { <MailingBody loaded on_saved /> }.into_any(),
                    Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MailingBody(loaded: MailingDetail, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = loaded.mailing.kind;
    let sender = loaded.sender.clone();
    let queue = loaded.queue.clone();
    let missing = loaded.mailing.subscription_missing.clone();
    view! {
        <h1>{move || mailing_name(i18n, kind)}</h1>
        <HeldNotice missing />
        <div class="mailing-grid">
            <section aria-labelledby="settings-title">
                <h2 id="settings-title">{t!(i18n, mailing_settings_title)}</h2>
                <MailingSettingsForm
                    kind
                    settings=loaded.settings.clone()
                    sample=loaded.sample.clone()
                    sample_en=loaded.sample_en.clone()
                    time_zone=loaded.time_zone.clone()
                    can_edit=loaded.mailing.can_edit
                    on_saved
                />
            </section>
            <section aria-labelledby="queue-title">
                <h2 id="sender-title">{t!(i18n, mailing_sender)}</h2>
                <p data-testid="sender">{move || sender.as_ref().map(|sender| {
                    let (name, count, interval) = (sender.provider_name.clone(), sender.today_count, sender.interval_secs);
                    match sender.next_free_at.clone() {
                        Some(next) => t_string!(i18n, mailing_sender_line, name, next, count, interval).to_string(),
                        None => t_string!(i18n, mailing_sender_idle, name, count, interval).to_string(),
                    }
                })}</p>
                <h2 id="queue-title">{t!(i18n, mailing_queue)}</h2>
                {if queue.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, mailing_queue_empty)}</p> }.into_any()
                } else {
                    view! { <DispatchTable rows=queue test_id="mailing-queue" /> }.into_any()
                }}
                <BookingTimeline />
            </section>
        </div>
    }
}

#[component]
fn BookingTimeline() -> impl IntoView {
    let i18n = use_i18n();
    let number = RwSignal::new(String::new());
    let lookup = Action::new_local(|number: &String| booking_timeline(number.clone()));
    view! {
        <section class="section" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, mailing_timeline)}</h2>
            <form class="toolbar" on:submit=move |event| { event.prevent_default(); lookup.dispatch(number.get_untracked()); }>
                <label for="timeline-number">{t!(i18n, mailing_timeline_number)}</label>
                <input id="timeline-number" prop:value=number on:input=move |event| number.set(event_target_value(&event)) />
                <button type="submit" class="button">{t!(i18n, mailing_timeline_show)}</button>
            </form>
            {move || lookup.value().get().map(|result| match result {
                Ok(rows) if rows.is_empty() => view! { <p>{t!(i18n, mailing_timeline_empty)}</p> }.into_any(),
                Ok(rows) => view! { <DispatchTable rows by_mailing=true test_id="booking-timeline" /> }.into_any(),
                Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
            })}
        </section>
    }
}
