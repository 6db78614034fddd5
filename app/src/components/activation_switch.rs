//! «Активировать интеграцию»: the switch (F9) and, when the provider or the
//! interval have unsaved changes, the dialog offering to save them with the
//! activation — one server call, so both happen or neither does.
use super::integration_notice::Outcome;
use super::integration_setup::IntegrationSetup;
use super::modal::Modal;
use crate::api::integration::{
    integration_state, save_and_activate_integration, set_integration_active,
};
use crate::domain::IntegrationView;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

type Answer = Result<IntegrationView, AppError>;

/// The switch's state: whether its dialog is open, and «save and activate».
/// The form places the dialog after its last section (where the page's
/// dialogs sit), so the switch and its dialog are two components.
#[derive(Clone, Copy)]
pub struct Activation {
    modal_open: RwSignal<bool>,
    save_first: Callback<()>,
    switch: Action<(bool, i64), Answer>,
}

impl Activation {
    pub fn new(setup: IntegrationSetup) -> Self {
        let switch: Action<(bool, i64), Answer> =
            Action::new_local(|(active, version): &(bool, i64)| {
                set_integration_active(*active, *version)
            });
        let save_and_activate: Action<(String, i64, i64, bool), Answer> = Action::new_local(
            |(provider, interval, version, confirmed): &(String, i64, i64, bool)| {
                save_and_activate_integration(
                    provider.clone(),
                    *interval,
                    *version,
                    Some(*confirmed),
                )
            },
        );
        follow_answers(setup, switch);
        follow_answers(setup, save_and_activate);
        let save_first = Callback::new(move |()| {
            let version = setup.view.with_untracked(|view| view.version);
            save_and_activate.dispatch((
                setup.provider_id.get_untracked(),
                setup.interval_value(),
                version,
                setup.confirm_unknown.get_untracked(),
            ));
        });
        Self {
            modal_open: RwSignal::new(false),
            save_first,
            switch,
        }
    }
}

#[component]
pub fn ActivationSwitch(activation: Activation) -> impl IntoView {
    let i18n = use_i18n();
    let setup = IntegrationSetup::from_context();
    let Activation {
        modal_open, switch, ..
    } = activation;
    let toggle = move |_| {
        setup.outcome.set(None);
        let (active, version) = setup
            .view
            .with_untracked(|view| (view.active, view.version));
        if !active && setup.dirty() {
            modal_open.set(true);
        } else {
            switch.dispatch((!active, version));
        }
    };

    view! {
        <section class="block integration-header" aria-labelledby="activation-label">
            <div class="switch-row">
                <button
                    type="button"
                    role="switch"
                    class="switch"
                    id="activation-switch"
                    data-testid="activation-switch"
                    aria-checked=move || setup.view.with(|view| view.active).to_string()
                    aria-labelledby="activation-label"
                    disabled=move || !setup.can_edit() || setup.busy()
                    on:click=toggle
                >
                    <span class="switch__knob"></span>
                </button>
                <label id="activation-label" for="activation-switch">{t!(i18n, activation_label)}</label>
                {move || setup.view.with(|view| view.active).then(|| view! { <span class="badge badge--success" data-testid="activation-status">{t!(i18n, status_activated)}</span> })}
            </div>
            {move || (!setup.can_edit()).then(|| {
                // The subscription first: an administrator could not change it either.
                let missing = setup.view.with(|view| view.subscription.missing());
                let note = if missing.is_empty() {
                    t_string!(i18n, read_only_note).to_string()
                } else {
                    let parts = super::error_text::parts_text(i18n, &missing);
                    t_string!(i18n, error_subscription_missing, parts).to_string()
                };
                view! { <p class="muted" data-testid="read-only-note">{note}</p> }
            })}
        </section>
    }
}

/// Shows the answers of `action`; after a refusal the form shows what the
/// server holds (another admin may have changed it meanwhile).
fn follow_answers<I: Send + Sync + 'static>(setup: IntegrationSetup, action: Action<I, Answer>) {
    setup.waits_for(action.pending());
    let reload = Action::new_local(|_: &()| integration_state());
    Effect::new(move |_| {
        if let Some(Ok(updated)) = reload.value().get() {
            setup.show(updated);
        }
    });
    Effect::new(move |_| {
        let result = action.value().get();
        let success = if matches!(&result, Some(Ok(updated)) if updated.active) {
            Outcome::Activated
        } else {
            Outcome::Deactivated
        };
        if matches!(&result, Some(Err(_))) {
            reload.dispatch(());
        }
        setup.apply(result, success);
    });
}

/// «Активация рассылки»: activation would leave unsaved changes behind;
/// «Активировать» saves them and activates.
#[component]
pub fn ActivationModal(activation: Activation) -> impl IntoView {
    let i18n = use_i18n();
    let Activation {
        modal_open: open,
        save_first,
        ..
    } = activation;
    move || {
        open.get().then(|| view! {
        <Modal title=Signal::derive(move || t_string!(i18n, activation_modal_title).to_string()) on_close=Callback::new(move |()| open.set(false)) close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
            <p>{t!(i18n, activation_modal_text)}</p>
            <button type="button" class="button button--primary" on:click=move |_| {
                open.set(false);
                save_first.run(());
            }>{t!(i18n, activate)}</button>
        </Modal>
    })
    }
}
