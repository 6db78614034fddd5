//! «Рассылки»: the service mailings (F10) with the «Способ отправки» filter,
//! each one's switch, activation date and counters.
use crate::api::mailing::{mailings, set_mailing_active};
use crate::components::dispatch_text::mailing_name;
use crate::components::error_text::error_text;
use crate::domain::mailing::{MailingView, WHATSAPP_WEB};
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
                    Ok(rows) => view! { <MailingTable rows /> }.into_any(),
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
    Effect::new(move |_| {
        if let Some(Ok(on)) = toggle.value().get() {
            active.set(on);
        }
    });
    let counters = row.counters.clone();
    let label_id = format!("mailing-{}", kind.as_str());
    let labelled_by = label_id.clone();
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
                    disabled=move || !row.can_edit || toggle.pending().get()
                    on:click=move |_| { toggle.dispatch(!active.get_untracked()); }
                >
                    <span class="switch__knob"></span>
                </button>
                <span class="visually-hidden">{move || if active.get() { t_string!(i18n, mailing_on) } else { t_string!(i18n, mailing_off) }}</span>
                {move || toggle.value().get().and_then(Result::err).map(|error| view! { <p class="form__error" role="alert">{error_text(i18n, &error)}</p> })}
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
