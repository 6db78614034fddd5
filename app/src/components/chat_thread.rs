//! The open dialog: its history (older pages on demand), the reply box
//! (Enter sends, Shift+Enter starts a new line), retries, and the transfer
//! to another employee for those allowed.
use crate::api::chat::{chat_thread, retry_reply, send_reply, transfer_chat};
use crate::components::chat_message::ChatMessage;
use crate::components::error_text::error_text;
use crate::domain::chat::{ChatMessageView, ChatSummary, EmployeeOption};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Puts `message` in its place; a stale copy never overwrites a newer state.
pub fn upsert(list: &mut Vec<ChatMessageView>, message: ChatMessageView) {
    match list.iter_mut().find(|known| known.id == message.id) {
        Some(known) => {
            if known.state == message.state || known.state.may_become(message.state) {
                *known = message;
            }
        }
        None => {
            list.push(message);
            list.sort_by_key(|message| (message.at, message.id));
        }
    }
}

/// What the page knows of the open dialog.
#[derive(Clone, Copy)]
pub struct OpenThread {
    pub messages: RwSignal<Vec<ChatMessageView>>,
    pub has_more: RwSignal<bool>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
}

impl OpenThread {
    pub fn new() -> Self {
        Self {
            messages: RwSignal::new(Vec::new()),
            has_more: RwSignal::new(false),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }
}

impl Default for OpenThread {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn ChatThread(
    chat: ChatSummary,
    thread: OpenThread,
    me: EmployeeOption,
    /// Whom the dialog may be transferred to (empty without the right).
    employees: Vec<EmployeeOption>,
    /// False while the subscription lacks something: no reply box, no transfer.
    writable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let chat_id = StoredValue::new(chat.chat_id.clone());
    let names = StoredValue::new(
        employees
            .iter()
            .chain(std::iter::once(&me))
            .map(|employee| (employee.id.clone(), employee.name.clone()))
            .collect::<Vec<_>>(),
    );
    let author = move |message: &ChatMessageView| {
        let id = message.employee_id.as_deref()?;
        names.with_value(|names| {
            names
                .iter()
                .find(|(known, _)| known == id)
                .map(|(_, name)| name.clone())
        })
    };
    let retry = Callback::new(move |id: i64| {
        spawn_local(async move {
            match retry_reply(id).await {
                Ok(message) => thread.messages.update(|list| upsert(list, message)),
                Err(error) => thread.error.set(Some(error)),
            }
        });
    });
    let can_transfer = writable && !employees.is_empty();
    view! {
        <section class="thread" aria-label=chat.title.clone() data-testid="thread">
            <header class="thread__header">
                <h2>{chat.title.clone()}</h2>
                <span class="thread__phone">{chat.phone.clone().unwrap_or_default()}</span>
                {can_transfer.then(|| view! { <TransferForm chat_id=chat_id.get_value() employees=employees.clone() /> })}
            </header>
            <EarlierMessages chat_id thread />
            <ol class="thread__messages" data-testid="messages" aria-live="polite">
                <For
                    each=move || thread.messages.get()
                    key=|message| (message.id, message.state, message.error.clone())
                    let:message
                >
                    <ChatMessage author=author(&message) message on_retry=writable.then_some(retry) />
                </For>
            </ol>
            {move || thread.error.get().map(|error| view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> })}
            {writable.then(|| view! { <ReplyBox chat_id=chat_id.get_value() thread /> })}
        </section>
    }
}

/// «Показать более ранние»: the page of messages before the first one shown.
#[component]
fn EarlierMessages(chat_id: StoredValue<String>, thread: OpenThread) -> impl IntoView {
    let i18n = use_i18n();
    let earlier = move |_| {
        let Some(first) = thread
            .messages
            .with_untracked(|list| list.first().map(|message| (message.at, message.id)))
        else {
            return;
        };
        thread.loading.set(true);
        spawn_local(async move {
            match chat_thread(chat_id.get_value(), Some(first.0), Some(first.1)).await {
                Ok(page) => {
                    thread.has_more.set(page.has_more);
                    thread.messages.update(|list| {
                        for message in page.messages {
                            upsert(list, message);
                        }
                    });
                }
                Err(error) => thread.error.set(Some(error)),
            }
            thread.loading.set(false);
        });
    };
    view! {
        <Show when=move || thread.has_more.get()>
            <button type="button" class="button button--ghost" on:click=earlier disabled=move || thread.loading.get()>
                {t!(i18n, chats_load_earlier)}
            </button>
        </Show>
    }
}

#[component]
fn ReplyBox(chat_id: String, thread: OpenThread) -> impl IntoView {
    let i18n = use_i18n();
    let chat_id = StoredValue::new(chat_id);
    let draft = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let problem = RwSignal::new(None::<AppError>);
    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        problem.set(None);
        spawn_local(async move {
            match send_reply(chat_id.get_value(), text).await {
                Ok(message) => {
                    draft.set(String::new());
                    thread.messages.update(|list| upsert(list, message));
                }
                Err(error) => problem.set(Some(error)),
            }
            sending.set(false);
        });
    };
    view! {
        <form class="reply" on:submit=move |event| {
            event.prevent_default();
            send();
        }>
            <label for="reply-text" class="visually-hidden">{t!(i18n, chats_reply_label)}</label>
            <textarea
                id="reply-text"
                rows="3"
                maxlength="10000"
                placeholder=move || t_string!(i18n, chats_reply_placeholder)
                prop:value=move || draft.get()
                on:input=move |event| draft.set(event_target_value(&event))
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                        event.prevent_default();
                        send();
                    }
                }
            ></textarea>
            <button type="submit" class="button" disabled=move || sending.get() || draft.with(|text| text.trim().is_empty())>
                {move || if sending.get() { t_string!(i18n, chats_sending) } else { t_string!(i18n, chats_send) }}
            </button>
            {move || problem.get().map(|error| view! { <p class="field-error" role="alert">{error_text(i18n, &error)}</p> })}
        </form>
    }
}

#[component]
fn TransferForm(chat_id: String, employees: Vec<EmployeeOption>) -> impl IntoView {
    let i18n = use_i18n();
    let chat_id = StoredValue::new(chat_id);
    let target = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, AppError>>);
    let names = StoredValue::new(employees.clone());
    let transfer = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let employee_id = target.get_untracked();
        if employee_id.is_empty() {
            return;
        }
        let name = names.with_value(|list| {
            list.iter()
                .find(|employee| employee.id == employee_id)
                .map(|employee| employee.name.clone())
        });
        spawn_local(async move {
            let result = transfer_chat(chat_id.get_value(), employee_id).await;
            outcome.set(Some(result.map(|()| name.unwrap_or_default())));
        });
    };
    view! {
        <form class="transfer" on:submit=transfer>
            <label for="transfer-to">{t!(i18n, chats_transfer_to)}</label>
            <select id="transfer-to" on:change=move |event| target.set(event_target_value(&event))>
                <option value="">"—"</option>
                {employees.into_iter().map(|employee| view! { <option value=employee.id.clone()>{employee.name.clone()}</option> }).collect_view()}
            </select>
            <button type="submit" class="button button--ghost" disabled=move || target.with(String::is_empty)>{t!(i18n, chats_transfer)}</button>
            {move || outcome.get().map(|outcome| match outcome {
                Ok(name) => view! { <span class="notice notice--success" role="status">{t_string!(i18n, chats_transfer_done, name)}</span> }.into_any(),
                Err(error) => view! { <span class="field-error" role="alert">{error_text(i18n, &error)}</span> }.into_any(),
            })}
        </form>
    }
}
