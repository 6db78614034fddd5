//! The fields of «Защита номера от блокировки»: a number with its hint and
//! error, the warm-up ramp's steps with «already warmed», and the window.
use super::sender_policy_draft::PolicyDraft;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NumberField(
    /// The policy field's name (the input's id, the error's key).
    id: &'static str,
    label: String,
    hint: String,
    value: RwSignal<String>,
    draft: PolicyDraft,
) -> impl IntoView {
    let error = draft.field_error(id);
    let described = format!("{id}-hint {id}-error");
    view! {
        <div class="form__field">
            <label for=id>{label}</label>
            <input id=id type="number" min="0" step="1" inputmode="numeric" prop:value=value
                on:input=move |event| value.set(event_target_value(&event))
                aria-invalid=move || error().is_some().to_string() aria-describedby=described />
            <p class="muted" id=format!("{id}-hint")>{hint}</p>
            <p class="form__error" id=format!("{id}-error") role="alert">{error}</p>
        </div>
    }
}

/// The warm-up ramp: days × daily cap per step, and «Номер уже прогрет»
/// (checking it asks `on_warmed` to warn first).
#[component]
pub fn WarmupSteps(draft: PolicyDraft, on_warmed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let steps = draft.steps;
    let ramp_error = draft.field_error("warmup");
    let rows = move || {
        steps
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, (days, cap))| {
                let set = move |column: usize, text: String| {
                    steps.update(|list| {
                        if let Some(step) = list.get_mut(index) {
                            if column == 0 { step.0 = text } else { step.1 = text }
                        }
                    })
                };
                let days_error = draft.field_error(format!("warmup.{index}.days"));
                let cap_error = draft.field_error(format!("warmup.{index}.cap"));
                view! {
                    <tr>
                        <td><input type="number" min="1" aria-label=move || t_string!(i18n, protection_step_days)
                            prop:value=days on:change=move |event| set(0, event_target_value(&event))
                            aria-invalid=move || days_error().is_some().to_string() />
                            <p class="form__error" role="alert">{days_error}</p></td>
                        <td><input type="number" min="1" aria-label=move || t_string!(i18n, protection_step_cap)
                            prop:value=cap on:change=move |event| set(1, event_target_value(&event))
                            aria-invalid=move || cap_error().is_some().to_string() />
                            <p class="form__error" role="alert">{cap_error}</p></td>
                        <td><button type="button" class="button button--small button--ghost"
                            on:click=move |_| steps.update(|list| { list.remove(index); })>
                            {t!(i18n, protection_step_remove)}</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>{t!(i18n, protection_warmup_title)}</h3>
        <p class="muted">{t!(i18n, protection_warmup_hint)}</p>
        <table class="table table--compact" data-testid="warmup-steps">
            <thead><tr>
                <th scope="col">{t!(i18n, protection_step_days)}</th>
                <th scope="col">{t!(i18n, protection_step_cap)}</th>
                <th scope="col"><span class="visually-hidden">{t!(i18n, protection_step_remove)}</span></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="form__error" role="alert">{ramp_error}</p>
        <button type="button" class="button button--small"
            on:click=move |_| steps.update(|list| list.push(("7".to_owned(), "50".to_owned())))>
            {t!(i18n, protection_step_add)}
        </button>
        <label class="checkbox">
            <input type="checkbox" data-testid="warmed" prop:checked=draft.warmed
                on:change=move |event| {
                    if event_target_checked(&event) {
                        // Undone until the warning is confirmed.
                        draft.warmed.set(false);
                        on_warmed.run(());
                    } else {
                        draft.warmed.set(false);
                    }
                } />
            {t!(i18n, protection_warmed)}
        </label>
    }
}

/// «Окно отправки»: on/off and its local start and end (may span midnight).
#[component]
pub fn WindowFields(draft: PolicyDraft) -> impl IntoView {
    let i18n = use_i18n();
    let start_error = draft.field_error("window_start");
    let end_error = draft.field_error("window_end");
    view! {
        <h3>{t!(i18n, protection_window_title)}</h3>
        <label class="checkbox">
            <input type="checkbox" data-testid="window-on" prop:checked=draft.window_on
                on:change=move |event| draft.window_on.set(event_target_checked(&event)) />
            {t!(i18n, protection_window_on)}
        </label>
        <div class="inline">
            <div class="form__field">
                <label for="window_start">{t!(i18n, protection_window_start)}</label>
                <input id="window_start" type="time" prop:value=draft.window_start disabled=move || !draft.window_on.get()
                    on:input=move |event| draft.window_start.set(event_target_value(&event))
                    aria-invalid=move || start_error().is_some().to_string() aria-describedby="window_start-error" />
                <p class="form__error" id="window_start-error" role="alert">{start_error}</p>
            </div>
            <div class="form__field">
                <label for="window_end">{t!(i18n, protection_window_end)}</label>
                <input id="window_end" type="time" prop:value=draft.window_end disabled=move || !draft.window_on.get()
                    on:input=move |event| draft.window_end.set(event_target_value(&event))
                    aria-invalid=move || end_error().is_some().to_string() aria-describedby="window_end-error" />
                <p class="form__error" id="window_end-error" role="alert">{end_error}</p>
            </div>
        </div>
        <p class="muted">{t!(i18n, protection_window_hint)}</p>
    }
}
