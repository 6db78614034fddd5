//! «Защита номера от блокировки»: the chosen number's sending policy —
//! random extra delay, hourly and daily caps, warm-up ramp (or «already
//! warmed», after a warning), send window and when to pause by itself —
//! shown above the number's panel and forecast (`NumberSection`).
use super::modal::Modal;
use super::sender_policy_draft::PolicyDraft;
use super::sender_protection_fields::{NumberField, WarmupSteps, WindowFields};
use crate::api::sender::save_sending_policy;
use crate::domain::sender::SenderPanel;
use crate::domain::sender_policy::SendingPolicy;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The policy form of the number in `panel`, which it updates once saved.
#[component]
pub fn ProtectionForm(panel: RwSignal<SenderPanel>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = PolicyDraft::new(&panel.get_untracked().policy);
    let editable = move || panel.with(|panel| panel.can_edit);
    let saved = RwSignal::new(false);
    let save = Action::new_local(|policy: &SendingPolicy| save_sending_policy(policy.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Some(updated))) => {
            draft.error.set(None);
            saved.set(true);
            panel.set(updated);
        }
        Some(Err(error)) => {
            saved.set(false);
            draft.error.set(Some(error));
        }
        _ => {}
    });
    let warn_warmed = RwSignal::new(false);
    view! {
        <section class="block" aria-labelledby="protection-title" data-testid="sender-protection">
            <h2 id="protection-title">{t!(i18n, protection_title)}</h2>
            <p class="muted">{t!(i18n, protection_lead)}</p>
            <fieldset disabled=move || !editable()>
                <NumberField id="jitter_percent" label=t_string!(i18n, protection_jitter).to_string()
                    hint=t_string!(i18n, protection_jitter_hint).to_string() value=draft.jitter draft />
                <NumberField id="hourly_cap" label=t_string!(i18n, protection_hourly).to_string()
                    hint=t_string!(i18n, protection_hourly_hint).to_string() value=draft.hourly draft />
                <NumberField id="daily_cap" label=t_string!(i18n, protection_daily).to_string()
                    hint=t_string!(i18n, protection_daily_hint).to_string() value=draft.daily draft />
                <WarmupSteps draft on_warmed=Callback::new(move |()| warn_warmed.set(true)) />
                <WindowFields draft />
                <h3>{t!(i18n, protection_pause_title)}</h3>
                <NumberField id="undelivered_run" label=t_string!(i18n, protection_run).to_string()
                    hint=t_string!(i18n, protection_run_hint).to_string() value=draft.run draft />
                <NumberField id="undelivered_share_percent" label=t_string!(i18n, protection_share).to_string()
                    hint=t_string!(i18n, protection_share_hint).to_string() value=draft.share draft />
                <NumberField id="rate_limit_pause_after" label=t_string!(i18n, protection_rate_limits).to_string()
                    hint=t_string!(i18n, protection_rate_limits_hint).to_string() value=draft.rate_limits draft />
            </fieldset>
            <Show when=editable fallback=move || view! { <p class="muted">{t!(i18n, protection_read_only)}</p> }>
                <button type="button" class="button button--primary" disabled=move || save.pending().get()
                    on:click=move |_| { saved.set(false); save.dispatch(draft.policy()); }>
                    {t!(i18n, protection_save)}
                </button>
            </Show>
            <Show when=move || saved.get()>
                <p class="notice notice--success" role="status" data-testid="protection-saved">{t!(i18n, protection_saved)}</p>
            </Show>
            {move || draft.error.get().map(|error| match error {
                AppError::Validation { .. } => view! {
                    <p class="notice notice--error" role="alert" data-testid="protection-invalid">{t!(i18n, protection_invalid)}</p>
                }.into_any(),
                error => view! {
                    <p class="notice notice--error" role="alert">{super::error_text::error_text(i18n, &error)}</p>
                }.into_any(),
            })}
        </section>
        <Show when=move || warn_warmed.get()>
            <Modal title=Signal::derive(move || t_string!(i18n, protection_warmed_title).to_string())
                on_close=Callback::new(move |()| warn_warmed.set(false))
                close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
                <p>{t!(i18n, protection_warmed_risk)}</p>
                <button type="button" class="button button--primary" data-testid="confirm-warmed"
                    on:click=move |_| { draft.warmed.set(true); warn_warmed.set(false); }>
                    {t!(i18n, protection_warmed_confirm)}
                </button>
            </Modal>
        </Show>
    }
}
