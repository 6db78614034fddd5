//! The sign-in page: e-mail and password, with clear messages for every refusal.
use crate::api::auth::SignIn;
use crate::components::error_text::{error_text, field_problem, problem_text};
use crate::components::language_switch::LanguageSwitch;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next");
    let expired = move || query.read().get("expired").is_some();
    // Known only in the browser, after hydration.
    let embedded = RwSignal::new(false);
    Effect::new(move |_| embedded.set(crate::components::host_bridge::in_frame()));
    let error = move || sign_in.value().get().and_then(Result::err);
    let form_error = move || error().filter(|error| !matches!(error, AppError::Validation { .. }));
    let field_error = move |field: &'static str| {
        move || field_problem(error().as_ref(), field).map(|problem| problem_text(i18n, problem))
    };
    view! {
        <main class="login">
            <div class="login__panel">
                <div class="login__language">
                    <LanguageSwitch />
                </div>
                <p class="login__product">{t!(i18n, product_name)}</p>
                <h1>{t!(i18n, sign_in_title)}</h1>
                <p class="login__lead">{t!(i18n, sign_in_lead)}</p>
                {move || {
                    embedded
                        .get()
                        .then(|| view! { <p class="notice notice--info" role="status" data-testid="embedded-notice">{t!(i18n, sign_in_embedded)}</p> })
                }}
                {move || {
                    (expired() && error().is_none())
                        .then(|| view! { <p class="notice notice--info" role="status">{t!(i18n, sign_in_expired)}</p> })
                }}
                {move || {
                    form_error()
                        .map(|error| {
                            view! {
                                <p class="notice notice--error" role="alert" data-testid="sign-in-error">
                                    {error_text(i18n, &error)}
                                </p>
                            }
                        })
                }}
                <ActionForm action=sign_in attr:novalidate=true attr:class="form">
                    {move || next().map(|next| view! { <input type="hidden" name="next" value=next /> })}
                    {move || embedded.get().then(|| view! { <input type="hidden" name="embedded" value="true" /> })}
                    <FormField id="email" label=Signal::derive(move || t_string!(i18n, sign_in_email).to_string()) error=Signal::derive(field_error("email"))>
                        <input
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            maxlength="254"
                            aria-invalid=move || field_error("email")().is_some().to_string()
                            aria-describedby="email-error"
                        />
                    </FormField>
                    <FormField id="password" label=Signal::derive(move || t_string!(i18n, sign_in_password).to_string()) error=Signal::derive(field_error("password"))>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            aria-invalid=move || field_error("password")().is_some().to_string()
                            aria-describedby="password-error"
                        />
                    </FormField>
                    <button type="submit" class="button button--primary button--wide" disabled=move || sign_in.pending().get()>
                        {move || if sign_in.pending().get() { t_string!(i18n, sign_in_pending) } else { t_string!(i18n, sign_in_submit) }}
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}

/// A labelled form field with its error message underneath.
#[component]
fn FormField(
    id: &'static str,
    label: Signal<String>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="form__field">
            <label for=id>{move || label.get()}</label>
            {children()}
            <p class="form__error" id=format!("{id}-error") role="alert" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
