//! The account request form (F3), in a dialog, and the list of requests.
use super::error_text::{error_text, field_problem, problem_text};
use super::format::date_time_utc;
use super::modal::Modal;
use crate::api::account_request::{account_request_form_defaults, submit_account_request};
use crate::domain::account_request::{AccountRequestStatus, AccountRequestView};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// «Заявка на подключение IntellectDialog»: every field checked, the answer explained.
#[component]
pub fn AccountRequestDialog(on_close: Callback<()>, on_sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let contact_name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let property_name = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    prefill(contact_name, email, property_name);
    let submit = Action::new_local(move |_: &()| {
        submit_account_request(
            contact_name.get_untracked(),
            phone.get_untracked(),
            email.get_untracked(),
            property_name.get_untracked(),
            comment.get_untracked(),
        )
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            on_sent.run(());
        }
    });
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let sent = move || matches!(submit.value().get(), Some(Ok(_)));
    view! {
        <Modal title=Signal::derive(move || t_string!(i18n, request_form_title).to_string()) on_close>
            {move || if sent() {
                view! { <p class="notice notice--success" role="status" data-testid="request-sent">{t!(i18n, request_sent)}</p> }.into_any()
            } else {
                view! {
                    <form class="form" novalidate on:submit=move |event| { event.prevent_default(); submit.dispatch(()); }>
                        {move || error.get().filter(|error| !matches!(error, AppError::Validation { .. })).map(|error| view! {
                            <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p>
                        })}
                        <RequestField id="contact_name" label=t_string!(i18n, request_contact_name).to_string() value=contact_name kind="text" error />
                        <RequestField id="phone" label=t_string!(i18n, request_phone).to_string() value=phone kind="tel" error />
                        <RequestField id="email" label=t_string!(i18n, request_email).to_string() value=email kind="email" error />
                        <RequestField id="property_name" label=t_string!(i18n, request_property).to_string() value=property_name kind="text" error />
                        <CommentField comment error />
                        <button type="submit" class="button button--primary" disabled=move || submit.pending().get()>
                            {move || if submit.pending().get() { t_string!(i18n, sending) } else { t_string!(i18n, send) }}
                        </button>
                    </form>
                }.into_any()
            }}
        </Modal>
    }
}

/// Fills the contact, e-mail and property name from the signed-in user and
/// their property — only fields the user has not started typing in yet.
fn prefill(
    contact_name: RwSignal<String>,
    email: RwSignal<String>,
    property_name: RwSignal<String>,
) {
    let defaults = Action::new_local(|_: &()| account_request_form_defaults());
    defaults.dispatch(());
    Effect::new(move |_| {
        if let Some(Ok(values)) = defaults.value().get() {
            for (field, value) in [
                (contact_name, values.contact_name),
                (email, values.email),
                (property_name, values.property_name),
            ] {
                if field.get_untracked().is_empty() {
                    field.set(value);
                }
            }
        }
    });
}

/// The problem the server found with `field`, worded for the reader.
fn problem_of(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy {
    move || field_problem(error.get().as_ref(), field).map(|problem| problem_text(i18n, problem))
}

/// One labelled input of the request, with the server's problem beside it.
#[component]
fn RequestField(
    id: &'static str,
    label: String,
    value: RwSignal<String>,
    kind: &'static str,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = problem_of(use_i18n(), error, id);
    let error_id = format!("{id}-error");
    view! {
        <div class="form__field">
            <label for=id>{label}</label>
            <input id=id name=id type=kind prop:value=value on:input=move |event| value.set(event_target_value(&event))
                aria-invalid=move || problem().is_some().to_string() aria-describedby=error_id.clone() />
            <p class="form__error" id=error_id role="alert">{problem}</p>
        </div>
    }
}

/// «Комментарий», free text.
#[component]
fn CommentField(comment: RwSignal<String>, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = problem_of(i18n, error, "comment");
    view! {
        <div class="form__field">
            <label for="comment">{t!(i18n, request_comment)}</label>
            <textarea id="comment" name="comment" rows="3" prop:value=comment on:input=move |event| comment.set(event_target_value(&event))
                aria-invalid=move || problem().is_some().to_string() aria-describedby="comment-error"></textarea>
            <p class="form__error" id="comment-error" role="alert">{problem}</p>
        </div>
    }
}

/// «Заявки IntellectDialog»: the property's requests and where each stands.
#[component]
pub fn AccountRequestList(requests: Vec<AccountRequestView>) -> impl IntoView {
    let i18n = use_i18n();
    (!requests.is_empty()).then(|| view! {
        <section class="block" aria-labelledby="requests-title">
            <h2 id="requests-title">{t!(i18n, requests_title)}</h2>
            <ul class="audit" data-testid="account-requests">
                {requests.into_iter().map(|request| {
                    let status = request.status;
                    view! {
                        <li>
                            <time>{date_time_utc(request.created_at)}</time>
                            " · " {request.contact_name} " · " {request.email} " · "
                            <strong data-testid="request-status">{move || match status {
                                AccountRequestStatus::Pending => t_string!(i18n, request_status_pending),
                                AccountRequestStatus::Sent => t_string!(i18n, request_status_sent),
                                AccountRequestStatus::Failed => t_string!(i18n, request_status_failed),
                            }}</strong>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
