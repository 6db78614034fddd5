//! The number panel: where the sending number stands today (sends against
//! its caps, warm-up stage, window, next send, pause with its reason and
//! «Возобновить»), and its 48-hour forecast. Shown on «Рассылки» and on the
//! number's settings.
use super::error_text::error_text;
use super::forecast_chart::ForecastChart;
use super::modal::Modal;
use super::provider_select::names_number;
use super::sender_protection::ProtectionForm;
use super::sender_text::{pause_text, wait_text, warmup_text};
use crate::api::sender::{resume_sender, sender_panel};
use crate::domain::sender::SenderPanel;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// Loads the chosen number's panel (with «Защита номера от блокировки»
/// above it when `protection`); nothing while no number is chosen.
#[component]
pub fn NumberSection(#[prop(optional)] protection: bool) -> impl IntoView {
    let loaded = Resource::new(|| (), |_| sender_panel());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(Some(initial)) => {
                        let panel = RwSignal::new(initial);
                        view! {
                            {protection.then(|| view! { <ProtectionForm panel /> })}
                            <NumberPanel panel />
                            <NumberForecast panel />
                        }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice notice--error" role="alert">{move || error_text(i18n, &error)}</p> }
}

/// The forecast of the number in `panel`.
#[component]
pub fn NumberForecast(panel: RwSignal<SenderPanel>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="block" aria-labelledby="forecast-title">
            <h2 id="forecast-title">{t!(i18n, forecast_title)}</h2>
            {move || view! { <ForecastChart forecast=panel.get().forecast /> }}
        </section>
    }
}

/// «Сегодня X из Y», or «X» when no cap binds.
fn of_cap(count: u32, cap: Option<u32>) -> String {
    match cap {
        Some(cap) => format!("{count} / {cap}"),
        None => count.to_string(),
    }
}

#[component]
pub fn NumberPanel(panel: RwSignal<SenderPanel>) -> impl IntoView {
    let i18n = use_i18n();
    let read = move |f: fn(&SenderPanel) -> String| move || panel.with(f);
    let title = move || {
        panel.with(|panel| match &panel.phone {
            // The number is repeated only when the name does not carry it.
            Some(phone) if !names_number(&panel.provider_name, phone) => {
                format!("{} ({phone})", panel.provider_name)
            }
            _ => panel.provider_name.clone(),
        })
    };
    let window = move || {
        panel.with(|panel| match &panel.policy.window {
            Some(window) => {
                let state = if panel.window_open {
                    t_string!(i18n, number_window_open)
                } else {
                    t_string!(i18n, number_window_closed)
                };
                format!("{}–{} ({state})", window.start, window.end)
            }
            None => t_string!(i18n, number_window_any).to_string(),
        })
    };
    let next = move || {
        panel.with(|panel| {
            let at = panel.next_free_at.clone().unwrap_or_else(|| "—".to_owned());
            match panel.waiting {
                Some(why) => format!("{at} — {}", wait_text(i18n, why)),
                None => t_string!(i18n, number_ready_now).to_string(),
            }
        })
    };
    view! {
        <section class="block" aria-labelledby="number-title" data-testid="sender-panel"
            data-paused=move || panel.with(|panel| panel.paused.is_some()).to_string()>
            <h2 id="number-title">{t!(i18n, number_title)}{" "}{title}</h2>
            <PauseNotice panel />
            <dl class="facts">
                <dt>{t!(i18n, number_sent_today)}</dt>
                <dd data-testid="sent-today">{read(|panel| of_cap(panel.sent_today, panel.cap_today))}</dd>
                <dt>{t!(i18n, number_sent_hour)}</dt>
                <dd data-testid="sent-hour">{read(|panel| of_cap(panel.sent_last_hour, (panel.policy.hourly_cap > 0).then_some(panel.policy.hourly_cap)))}</dd>
                <dt>{t!(i18n, number_warmup)}</dt>
                <dd data-testid="warmup">{move || panel.with(|panel| warmup_text(i18n, panel.warmup))}</dd>
                <dt>{t!(i18n, number_window)}</dt>
                <dd data-testid="window">{window}</dd>
                <dt>{t!(i18n, number_next)}</dt>
                <dd data-testid="next-send">{next}</dd>
                <dt>{t!(i18n, number_interval)}</dt>
                <dd>{move || panel.with(|panel| {
                    let (seconds, percent) = (panel.interval_secs, panel.policy.jitter_percent);
                    t_string!(i18n, number_interval_value, seconds, percent).to_string()
                })}</dd>
            </dl>
        </section>
    }
}

/// The pause, its reason and since when, and «Возобновить» for administrators.
#[component]
fn PauseNotice(panel: RwSignal<SenderPanel>) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let resume = Action::new_local(|(): &()| resume_sender());
    Effect::new(move |_| {
        if let Some(Ok(Some(updated))) = resume.value().get() {
            confirming.set(false);
            panel.set(updated);
        }
    });
    let reason = move || {
        panel.with(|panel| {
            panel
                .paused
                .as_ref()
                .map(|pause| pause_text(i18n, pause.reason))
        })
    };
    view! {
        {move || panel.with(|panel| panel.paused.clone()).map(|pause| view! {
            <div class="notice notice--error" role="alert" data-testid="sender-paused">
                <p>{move || { let since = pause.since.clone(); t_string!(i18n, number_paused_since, since).to_string() }}</p>
                <p data-testid="pause-reason">{reason}</p>
                <p>{t!(i18n, number_paused_effect)}</p>
                {pause.detail.clone().map(|detail| view! {
                    <p class="dispatch-detail">{t!(i18n, dispatch_detail)}": "{detail}</p>
                })}
                <Show when=move || panel.with(|panel| panel.can_edit)>
                    <button type="button" class="button button--primary" on:click=move |_| confirming.set(true)>
                        {t!(i18n, number_resume)}
                    </button>
                </Show>
            </div>
        })}
        <Show when=move || confirming.get()>
            <Modal title=Signal::derive(move || t_string!(i18n, number_resume_title).to_string())
                on_close=Callback::new(move |()| confirming.set(false))
                close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
                <p>{move || reason().unwrap_or_default()}</p>
                <p>{t!(i18n, number_resume_advice)}</p>
                {move || resume.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                <button type="button" class="button button--primary" data-testid="confirm-resume"
                    disabled=move || resume.pending().get() on:click=move |_| { resume.dispatch(()); }>
                    {t!(i18n, number_resume)}
                </button>
            </Modal>
        </Show>
    }
}
