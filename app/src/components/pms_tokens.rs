//! «Токены API для PMS»: administrators issue a token for their PMS (shown
//! once, with a copy button), see each token's label, when it was issued and
//! last used, and revoke one after confirming. Staff do not see the block.
use super::error_text::{error_text, field_problem, problem_text};
use super::format::date_time_utc;
use super::modal::Modal;
use crate::api::pms_token::{issue_pms_token, pms_tokens, revoke_pms_token};
use crate::domain::pms_token::{IssuedToken, PmsTokenView, LABEL_MAX_LEN};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PmsTokens() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| pms_tokens());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(tokens) => Some(view! { <TokenBlock tokens /> }.into_any()),
                    // Not an administrator: nothing to show.
                    Err(AppError::Forbidden { .. }) => None,
                    Err(error) => Some(view! { <LoadError error /> }.into_any()),
                }
            })}
        </Transition>
    }
}

#[component]
fn LoadError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }
}

#[component]
fn TokenBlock(tokens: Vec<PmsTokenView>) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(tokens);
    let label = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<String>);
    let revoking = RwSignal::new(None::<PmsTokenView>);
    let issue: Action<String, Result<IssuedToken, AppError>> =
        Action::new_local(|label: &String| issue_pms_token(label.clone()));
    Effect::new(move |_| {
        if let Some(Ok(answer)) = issue.value().get() {
            label.set(String::new());
            list.set(answer.tokens);
            issued.set(Some(answer.token));
        }
    });
    let label_error = move || {
        issue.value().with(|answer| match answer {
            Some(Err(error)) => Some(match field_problem(Some(error), "label") {
                Some(problem) => problem_text(i18n, problem),
                None => error_text(i18n, error),
            }),
            _ => None,
        })
    };
    view! {
        <section class="block" aria-labelledby="pms-tokens-title" data-testid="pms-tokens">
            <h2 id="pms-tokens-title">{t!(i18n, pms_tokens_title)}</h2>
            <p class="muted">{t!(i18n, pms_tokens_lead)}</p>
            <form class="inline" on:submit=move |event| { event.prevent_default(); issue.dispatch(label.get_untracked()); }>
                <div class="form__field">
                    <label for="pms-token-label">{t!(i18n, pms_tokens_label)}</label>
                    <input id="pms-token-label" type="text" autocomplete="off" maxlength=LABEL_MAX_LEN.to_string()
                        prop:value=label on:input=move |event| label.set(event_target_value(&event))
                        aria-invalid=move || label_error().is_some().to_string() aria-describedby="pms-token-label-error" />
                    <p class="form__error" id="pms-token-label-error" role="alert">{label_error}</p>
                </div>
                <button type="submit" class="button" disabled=move || issue.pending().get()>{t!(i18n, pms_tokens_issue)}</button>
            </form>
            {move || issued.get().map(|token| view! { <IssuedOnce token /> })}
            <Show when=move || list.with(Vec::is_empty) fallback=move || view! { <TokenTable list revoking /> }>
                <p class="muted" data-testid="pms-tokens-empty">{t!(i18n, pms_tokens_empty)}</p>
            </Show>
        </section>
        {move || revoking.get().map(|token| view! { <RevokeDialog token list revoking /> })}
    }
}

/// The new token, shown this once, with a copy button.
#[component]
fn IssuedOnce(token: String) -> impl IntoView {
    let i18n = use_i18n();
    // None: not tried; Some(true): copied; Some(false): the browser refused.
    let copied = RwSignal::new(None::<bool>);
    let value = StoredValue::new(token.clone());
    let copy = move |_| {
        #[cfg(target_arch = "wasm32")]
        if let Some(window) = web_sys::window() {
            let navigator = window.navigator();
            // Absent outside a secure context (plain http on another host).
            let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
                .is_ok_and(|clipboard| !clipboard.is_undefined());
            if !clipboard {
                copied.set(Some(false));
                return;
            }
            let promise = navigator.clipboard().write_text(&value.get_value());
            leptos::task::spawn_local(async move {
                let done = wasm_bindgen_futures::JsFuture::from(promise).await;
                copied.set(Some(done.is_ok()));
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = value;
    };
    view! {
        <div class="notice notice--success" role="status" data-testid="pms-token-issued">
            <p>{t!(i18n, pms_tokens_shown_once)}</p>
            <p><code class="token" data-testid="pms-token-value">{token}</code></p>
            <button type="button" class="button button--small" on:click=copy>
                {move || if copied.get() == Some(true) { t_string!(i18n, pms_tokens_copied) } else { t_string!(i18n, pms_tokens_copy) }}
            </button>
            {move || (copied.get() == Some(false)).then(|| view! {
                <p class="form__error" role="alert">{t!(i18n, pms_tokens_copy_failed)}</p>
            })}
        </div>
    }
}

#[component]
fn TokenTable(
    list: RwSignal<Vec<PmsTokenView>>,
    revoking: RwSignal<Option<PmsTokenView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead><tr>
                    <th scope="col">{t!(i18n, pms_tokens_label)}</th>
                    <th scope="col">{t!(i18n, pms_tokens_created)}</th>
                    <th scope="col">{t!(i18n, pms_tokens_last_used)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, pms_tokens_revoke)}</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || list.get() key=|token| token.id let:token>
                        <tr data-testid="pms-token">
                            <td>{token.label.clone()}</td>
                            <td>{date_time_utc(token.created_at)}</td>
                            <td>{match token.last_used_at {
                                Some(at) => date_time_utc(at),
                                None => t_string!(i18n, pms_tokens_never_used).to_string(),
                            }}</td>
                            <td>{let token = token.clone(); view! {
                                <button type="button" class="button button--small button--ghost"
                                    on:click=move |_| revoking.set(Some(token.clone()))>{t!(i18n, pms_tokens_revoke)}</button>
                            }}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// «Отозвать токен?»: requests carrying it are refused from then on.
#[component]
fn RevokeDialog(
    token: PmsTokenView,
    list: RwSignal<Vec<PmsTokenView>>,
    revoking: RwSignal<Option<PmsTokenView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let revoke: Action<i64, Result<Vec<PmsTokenView>, AppError>> =
        Action::new_local(|id: &i64| revoke_pms_token(*id));
    Effect::new(move |_| {
        if let Some(Ok(rows)) = revoke.value().get() {
            revoking.set(None);
            list.set(rows);
        }
    });
    let (id, label) = (token.id, token.label);
    view! {
        <Modal title=Signal::derive(move || t_string!(i18n, pms_tokens_revoke_title).to_string())
            on_close=Callback::new(move |()| revoking.set(None))
            close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
            <p>{move || { let label = label.clone(); t_string!(i18n, pms_tokens_revoke_text, label).to_string() }}</p>
            {move || revoke.value().get().and_then(Result::err).map(|error| view! {
                <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p>
            })}
            <button type="button" class="button button--primary" data-testid="confirm-revoke-pms-token"
                disabled=move || revoke.pending().get()
                on:click=move |_| { revoke.dispatch(id); }>
                {t!(i18n, pms_tokens_revoke)}
            </button>
        </Modal>
    }
}
