//! «Рассылки»: the service mailings (F10) with the «Способ отправки» filter,
//! each one's switch, activation date and counters.
use crate::api::mailing::{mailing_switch_preview, mailings, set_mailing_active};
use crate::components::dispatch_text::mailing_name;
use crate::components::error_text::error_text;
use crate::components::held_notice::HeldNotice;
use crate::components::modal::Modal;
use crate::components::opt_out_list::OptOutList;
use crate::components::sender_panel::NumberSection;
use crate::domain::mailing::{MailingKind, MailingView, SwitchPreview, WHATSAPP_WEB};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MailingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| mailings());
    view! {
        <h1>{t!(i18n, mailings_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <div class="empty-state">
                            <p>{t!(i18n, mailings_empty)}</p>
                            <A href="/guests/contact-center">{t!(i18n, go_to_contact_center)}</A>
                        </div>
                    }.into_any(),
                    Ok(rows) => {
                        let can_edit = rows.iter().any(|row| row.can_edit);
                        let missing = rows.first().map(|row| row.subscription_missing.clone()).unwrap_or_default();
                        view! {
                            <HeldNotice missing />
                            <MailingTable rows />
                            <NumberSection />
                            <OptOutList can_edit />
                        }.into_any()
                    }
                    Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MailingTable(rows: Vec<MailingView>) -> impl IntoView {
    let i18n = use_i18n();
    let method = RwSignal::new(String::new());
    let rows = StoredValue::new(rows);
    let shown = move || {
        let method = method.get();
        rows.get_value()
            .into_iter()
            .filter(|row| method.is_empty() || row.delivery_method == method)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="toolbar">
            <label for="mailing-method">{t!(i18n, mailing_method_filter)}</label>
            <select id="mailing-method" on:change=move |event| method.set(event_target_value(&event))>
                <option value="">{t!(i18n, mailing_method_all)}</option>
                <option value=WHATSAPP_WEB>{t!(i18n, mailing_method_whatsapp_web)}</option>
            </select>
        </div>
        <table class="table" data-testid="mailings">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, mailing_name)}</th>
                    <th scope="col">{t!(i18n, mailing_type)}</th>
                    <th scope="col">{t!(i18n, mailing_method)}</th>
                    <th scope="col">{t!(i18n, mailing_switch)}</th>
                    <th scope="col">{t!(i18n, mailing_activated_at)}</th>
                    <th scope="col">{t!(i18n, mailing_counter_planned)}</th>
                    <th scope="col">{t!(i18n, mailing_counter_sent)}</th>
                    <th scope="col">{t!(i18n, mailing_counter_delivered)}</th>
                    <th scope="col">{t!(i18n, mailing_counter_read)}</th>
                    <th scope="col">{t!(i18n, mailing_counter_failed)}</th>
                </tr>
            </thead>
            <tbody>
                <For each=shown key=|row| row.kind.as_str() let:row>
                    <MailingRow row />
                </For>
            </tbody>
        </table>
        <Show when=move || shown().is_empty()>
            <p class="empty-state">{t!(i18n, mailing_none_for_method)}</p>
        </Show>
    }
}

#[component]
fn MailingRow(row: MailingView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = row.kind;
    let active = RwSignal::new(row.active);
    let toggle = Action::new_local(move |on: &bool| {
        let on = *on;
        async move { set_mailing_active(kind, on).await.map(|()| on) }
    });
    // Switching on asks first, with how many guests it messages now and within a day.
    let preview = Action::new_local(move |(): &()| mailing_switch_preview(kind));
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(on)) = toggle.value().get() {
            active.set(on);
            confirming.set(false);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = preview.value().get() {
            confirming.set(true);
        }
    });
    let click = move |_| {
        if active.get_untracked() {
            toggle.dispatch(false);
        } else {
            preview.dispatch(());
        }
    };
    let counters = row.counters.clone();
    let label_id = format!("mailing-{}", kind.as_str());
    let labelled_by = label_id.clone();
    let failure = move || {
        toggle
            .value()
            .get()
            .and_then(|answer| answer.err())
            .or_else(|| preview.value().get().and_then(|answer| answer.err()))
    };
    view! {
        <tr>
            <td>
                <A href=format!("/guests/mailings/{}", kind.as_str())>
                    <span id=label_id>{move || mailing_name(i18n, kind)}</span>
                </A>
            </td>
            <td>{t!(i18n, mailing_type_service)}</td>
            <td>{t!(i18n, mailing_method_whatsapp_web)}</td>
            <td>
                <button
                    type="button"
                    role="switch"
                    class="switch"
                    aria-labelledby=labelled_by
                    aria-checked=move || active.get().to_string()
                    disabled=move || !row.can_edit || toggle.pending().get() || preview.pending().get()
                    on:click=click
                >
                    <span class="switch__knob"></span>
                </button>
                <span class="visually-hidden">{move || if active.get() { t_string!(i18n, mailing_on) } else { t_string!(i18n, mailing_off) }}</span>
                {move || failure().map(|error| view! { <p class="form__error" role="alert">{error_text(i18n, &error)}</p> })}
                <Show when=move || confirming.get()>
                    <SwitchOnDialog kind counts=preview.value().get().and_then(Result::ok).unwrap_or_default()
                        on_close=Callback::new(move |()| confirming.set(false))
                        on_confirm=Callback::new(move |()| { toggle.dispatch(true); })
                        pending=toggle.pending() />
                </Show>
            </td>
            <td>{row.activated_at.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td>{counters.planned}</td>
            <td>{counters.sent}</td>
            <td>{counters.delivered}</td>
            <td>{counters.read}</td>
            <td>{counters.failed}</td>
        </tr>
    }
}

/// «Включить рассылку?»: how many guests it messages now and within a day.
#[component]
fn SwitchOnDialog(
    kind: MailingKind,
    counts: SwitchPreview,
    on_close: Callback<()>,
    on_confirm: Callback<()>,
    pending: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (now, next_day) = (counts.now, counts.next_day);
    view! {
        <Modal title=Signal::derive(move || { let name = mailing_name(i18n, kind); t_string!(i18n, mailing_switch_on_title, name).to_string() })
            on_close close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
            <p data-testid="switch-preview">{move || t_string!(i18n, mailing_switch_on_counts, now, next_day).to_string()}</p>
            <p class="muted">{t!(i18n, mailing_switch_on_protection)}</p>
            <button type="button" class="button button--primary" data-testid="confirm-switch-on"
                disabled=move || pending.get() on:click=move |_| on_confirm.run(())>
                {t!(i18n, mailing_switch_on_confirm)}
            </button>
        </Modal>
    }
}
