//! What the parts of «Подключение Intellect Dialog» share: the integration as
//! the server last answered, the notice of the last action, the provider and
//! interval being edited, the organisation's providers, and whether any part
//! is waiting for the server (all buttons wait together).
use super::error_text::{field_problem, problem_text};
use super::integration_notice::Outcome;
use crate::api::integration::integration_providers;
use crate::domain::{IntegrationView, ProviderOption};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The set-up form's shared state, provided as context by `IntegrationForm`.
#[derive(Clone, Copy)]
pub struct IntegrationSetup {
    /// What the server holds now.
    pub view: RwSignal<IntegrationView>,
    /// What the last action said.
    pub outcome: RwSignal<Option<Outcome>>,
    /// The chosen provider's id (empty for none), maybe not saved yet.
    pub provider_id: RwSignal<String>,
    /// The interval between sends as typed, maybe not saved yet.
    pub interval: RwSignal<String>,
    /// The administrator accepted a provider whose type is not known to be WhatsApp Web.
    pub confirm_unknown: RwSignal<bool>,
    /// The organisation's providers; until fetched (admins only), the current choice.
    pub providers: RwSignal<Vec<ProviderOption>>,
    /// Fetches `providers` from IntellectDialog.
    pub load_providers: Action<(), Result<Vec<ProviderOption>, AppError>>,
    /// The pending flags of the parts' server calls.
    pending: RwSignal<Vec<Signal<bool>>>,
}

impl IntegrationSetup {
    /// The state of a form opened on `initial`.
    pub fn new(initial: &IntegrationView) -> Self {
        Self {
            view: RwSignal::new(initial.clone()),
            outcome: RwSignal::new(None),
            provider_id: RwSignal::new(saved_provider_id(initial)),
            interval: RwSignal::new(initial.send_interval_secs.to_string()),
            confirm_unknown: RwSignal::new(false),
            providers: RwSignal::new(initial.provider.clone().into_iter().collect()),
            load_providers: Action::new_local(|_: &()| integration_providers()),
            pending: RwSignal::new(Vec::new()),
        }
    }

    /// The state the enclosing `IntegrationForm` provides.
    pub fn from_context() -> Self {
        expect_context::<Self>()
    }

    /// Counts `pending` among the calls every button waits for.
    pub fn waits_for(self, pending: impl Into<Signal<bool>>) {
        let pending = pending.into();
        self.pending.update(|list| list.push(pending));
    }

    /// Whether any part is waiting for the server.
    pub fn busy(self) -> bool {
        self.pending
            .with(|list| list.iter().any(|pending| pending.get()))
    }

    pub fn can_edit(self) -> bool {
        self.view.with(|view| view.can_edit)
    }

    pub fn connected(self) -> bool {
        self.view.with(|view| view.connected())
    }

    /// The form follows what the server now holds (a new organisation clears
    /// the provider, a save sets the interval).
    pub fn show(self, updated: IntegrationView) {
        self.provider_id.set(saved_provider_id(&updated));
        self.interval.set(updated.send_interval_secs.to_string());
        self.view.set(updated);
    }

    /// Shows a server function's answer: the new state and `success`, or the error.
    pub fn apply(self, result: Option<Result<IntegrationView, AppError>>, success: Outcome) {
        match result {
            Some(Ok(updated)) => {
                self.show(updated);
                self.outcome.set(Some(success));
            }
            Some(Err(error)) => self.outcome.set(Some(Outcome::Failed(error))),
            None => {}
        }
    }

    /// Whether the provider or the interval differ from what is saved.
    pub fn dirty(self) -> bool {
        self.view.with(|view| {
            self.provider_id.get() != saved_provider_id(view)
                || self.interval.get().trim() != view.send_interval_secs.to_string()
        })
    }

    /// The typed interval; -1 (refused by the server, naming the field) when not a number.
    pub fn interval_value(self) -> i64 {
        self.interval
            .get_untracked()
            .trim()
            .parse::<i64>()
            .unwrap_or(-1)
    }

    /// The problem the last answer found with `field`, worded for the reader.
    pub fn field_error(self, field: &'static str) -> impl Fn() -> Option<String> + Copy {
        let i18n = use_i18n();
        move || {
            let failure = match self.outcome.get() {
                Some(Outcome::Failed(error)) => Some(error),
                _ => None,
            };
            field_problem(failure.as_ref(), field).map(|problem| problem_text(i18n, problem))
        }
    }
}

/// The id of the provider `view` holds, empty for none.
fn saved_provider_id(view: &IntegrationView) -> String {
    view.provider
        .as_ref()
        .map(|provider| provider.id.clone())
        .unwrap_or_default()
}
