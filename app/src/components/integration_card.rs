//! The IntellectDialog card in «Подключение контакт-центра»: state, gate, actions.
use super::account_request_form::AccountRequestDialog;
use super::card_switch::CardSwitch;
use super::modal::Modal;
use crate::domain::{IntegrationView, SubscriptionPart};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// Where the integration is set up.
pub const SETTINGS_PATH: &str = "/guests/contact-center/intellectdialog";

#[derive(Clone, Copy, PartialEq, Eq)]
enum CardModal {
    Setup,
    Connect,
    Request,
}

/// One provider card; IntellectDialog is the first and, for now, the only one.
#[component]
pub fn IntegrationCard(
    integration: IntegrationView,
    /// Called after an account request was sent, to refresh the list.
    on_request_sent: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open_modal = RwSignal::new(None::<CardModal>);
    let missing = integration.subscription.missing();
    let connected = integration.connected();
    let organisation = integration.organisation_name.clone().unwrap_or_default();
    let connect_allowed = missing.is_empty();
    let state = RwSignal::new(integration);
    let active = move || state.with(|integration| integration.active);
    view! {
        <article class="integration-card" data-testid="integration-card-intellectdialog" aria-labelledby="idialog-name">
            <header class="integration-card__header">
                <h3 id="idialog-name">{t!(i18n, idialog_name)}</h3>
                <span class=move || if active() { "badge badge--success" } else { "badge badge--muted" } data-testid="integration-status">
                    {move || if active() {
                        t_string!(i18n, status_activated)
                    } else if connected {
                        t_string!(i18n, status_connected)
                    } else {
                        t_string!(i18n, status_not_connected)
                    }}
                </span>
            </header>
            <p class="integration-card__description">{t!(i18n, idialog_description)}</p>
            {(!connect_allowed).then(|| view! { <SubscriptionGate missing=missing.clone() /> })}
            {connected.then(|| view! {
                <p data-testid="card-organisation">{organisation.clone()}</p>
                <CardSwitch integration=state />
            })}
            {move || state.with(|integration| integration.sender_pause.clone()).map(|pause| view! {
                <p class="notice notice--error" role="alert" data-testid="card-sender-paused">
                    {move || {
                        let (since, reason) = (pause.since.clone(), super::sender_text::pause_text(i18n, pause.reason));
                        t_string!(i18n, card_sender_paused, since, reason).to_string()
                    }}
                </p>
            })}
            <div class="integration-card__actions">
                {connected.then(|| view! { <A href=SETTINGS_PATH attr:class="button button--primary">{t!(i18n, edit)}</A> })}
                <button type="button" class="button" hidden=connected on:click=move |_| open_modal.set(Some(CardModal::Setup))>
                    {t!(i18n, start_setup)}
                </button>
                <button
                    type="button"
                    class="button button--primary"
                    hidden=connected
                    disabled=!connect_allowed
                    aria-describedby=(!connect_allowed).then_some("subscription-gate")
                    on:click=move |_| open_modal.set(Some(CardModal::Connect))
                >
                    {t!(i18n, connect)}
                </button>
            </div>
            <CardModals open_modal on_request_sent />
        </article>
    }
}

/// The card's dialogs: how set-up goes, how to connect, and the account request.
#[component]
fn CardModals(
    open_modal: RwSignal<Option<CardModal>>,
    on_request_sent: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let close = Callback::new(move |()| open_modal.set(None));
    move || {
        match open_modal.get() {
        Some(CardModal::Setup) => view! {
            <Modal title=Signal::derive(move || t_string!(i18n, setup_modal_title).to_string()) on_close=close>
                <ol class="steps">
                    <li>{t!(i18n, setup_step_1)}</li>
                    <li>{t!(i18n, setup_step_2)}</li>
                    <li>{t!(i18n, setup_step_3)}</li>
                </ol>
                <button type="button" class="button button--primary" on:click=move |_| open_modal.set(Some(CardModal::Request))>
                    {t!(i18n, leave_request)}
                </button>
            </Modal>
        }.into_any(),
        Some(CardModal::Connect) => view! {
            <Modal title=Signal::derive(move || t_string!(i18n, connect_modal_title).to_string()) on_close=close>
                <ol class="steps">
                    <li>{t!(i18n, connect_step_1)}</li>
                    <li>{t!(i18n, connect_step_2)}</li>
                    <li>{t!(i18n, connect_step_3)}</li>
                </ol>
                <A href=SETTINGS_PATH attr:class="button button--primary">{t!(i18n, connect_intellectdialog)}</A>
                <p class="muted">
                    {t!(i18n, connect_no_account)} " "
                    <a href="#" role="button" on:click=move |event| { event.prevent_default(); open_modal.set(Some(CardModal::Request)); }>
                        {t!(i18n, leave_request_link)}
                    </a>
                </p>
            </Modal>
        }.into_any(),
        Some(CardModal::Request) => view! { <AccountRequestDialog on_close=close on_sent=on_request_sent /> }.into_any(),
        None => ().into_any(),
    }
    }
}

/// What the subscription lacks, shown instead of working connect actions (F2).
#[component]
fn SubscriptionGate(missing: Vec<SubscriptionPart>) -> impl IntoView {
    let i18n = use_i18n();
    let part_name = move |part: SubscriptionPart| super::error_text::part_text(i18n, part);
    view! {
        <div class="notice notice--warning" id="subscription-gate" data-testid="subscription-gate" role="note">
            <strong>{t!(i18n, gate_title)}</strong>
            <p>{t!(i18n, gate_missing)}</p>
            <ul>
                {missing.into_iter().map(|part| view! { <li>{move || part_name(part)}</li> }).collect_view()}
            </ul>
            <p>{t!(i18n, gate_hint)}</p>
        </div>
    }
}
