//! «Чаты с гостями» (F8): the dialogs the user's IntellectDialog employee may
//! see, live; or, without a mapping, whom to ask for one.
use crate::api::chat::{chat_thread, chats_overview, mark_chat_read};
use crate::components::chat_feed::use_chat_feed;
use crate::components::chat_list::ChatList;
use crate::components::chat_thread::{upsert, ChatThread, OpenThread};
use crate::components::error_text::{error_text, parts_text};
use crate::domain::chat::{ChatAccess, ChatEvent, ChatSummary, ChatsOverview, EmployeeOption};
use crate::domain::SubscriptionPart;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ChatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| chats_overview());
    view! {
        <h1>{t!(i18n, chats_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => match overview.access.clone() {
                        ChatAccess::Ready { employee, read_only, .. } => view! { <Workspace overview me=employee read_only /> }.into_any(),
                        ChatAccess::NotConnected => view! {
                            <div class="empty-state" data-testid="chats-unavailable">
                                <p>{t!(i18n, chats_not_connected)}</p>
                                <A href="/guests/contact-center">{t!(i18n, go_to_contact_center)}</A>
                            </div>
                        }.into_any(),
                        ChatAccess::NoMapping { admins } => {
                            let admins = admin_list(i18n, &admins);
                            view! {
                                <div class="empty-state" data-testid="chats-unavailable">
                                    <p>{t!(i18n, chats_no_mapping, admins)}</p>
                                </div>
                            }.into_any()
                        }
                        ChatAccess::EmployeeGone { name, admins } => {
                            let admins = admin_list(i18n, &admins);
                            view! {
                                <div class="empty-state" data-testid="chats-unavailable">
                                    <p>{t!(i18n, chats_employee_gone, name, admins)}</p>
                                </div>
                            }.into_any()
                        }
                    },
                    Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn admin_list(i18n: leptos_i18n::I18nContext<Locale>, admins: &[String]) -> String {
    if admins.is_empty() {
        t_string!(i18n, chats_no_admins).to_string()
    } else {
        admins.join(", ")
    }
}

/// Applies a live event to the list (and the open dialog).
fn apply(
    chats: RwSignal<Vec<ChatSummary>>,
    thread: OpenThread,
    open: Option<&str>,
    event: ChatEvent,
) {
    chats.update(|list| {
        match list
            .iter_mut()
            .find(|chat| chat.chat_id == event.chat.chat_id)
        {
            Some(known) => *known = event.chat.clone(),
            None => list.push(event.chat.clone()),
        }
        list.sort_by_key(|chat| std::cmp::Reverse(chat.last_at));
    });
    if open == Some(event.chat.chat_id.as_str()) {
        if let Some(message) = event.message {
            let from_guest = message.incoming;
            thread.messages.update(|list| upsert(list, message));
            if from_guest && !document().hidden() {
                let chat_id = event.chat.chat_id.clone();
                spawn_local(async move {
                    let _ = mark_chat_read(chat_id).await;
                });
            }
        }
    }
}

#[component]
fn Workspace(
    overview: ChatsOverview,
    me: EmployeeOption,
    /// What the subscription lacks: the dialogs are read-only meanwhile.
    read_only: Vec<SubscriptionPart>,
) -> impl IntoView {
    let i18n = use_i18n();
    let writable = read_only.is_empty();
    let parts = StoredValue::new(read_only);
    let feed = use_chat_feed().unwrap_or_default();
    let chats = RwSignal::new(overview.chats);
    let employees = StoredValue::new(overview.employees);
    let query = use_query_map();
    let open = Memo::new(move |_| query.with(|query| query.get("chat")));
    let thread = OpenThread::new();
    Effect::new(move |_| {
        feed.arrived.track();
        let open = open.get_untracked();
        for event in feed.take() {
            apply(chats, thread, open.as_deref(), event);
        }
    });
    // Opening a dialog: its newest messages, then it is read.
    Effect::new(move |_| {
        let Some(chat_id) = open.get() else { return };
        thread.messages.set(Vec::new());
        thread.error.set(None);
        thread.loading.set(true);
        spawn_local(async move {
            let result = chat_thread(chat_id.clone(), None, None).await;
            // Another dialog was opened meanwhile: this answer is stale.
            if open.get_untracked().as_deref() != Some(chat_id.as_str()) {
                return;
            }
            match result {
                Ok(page) => {
                    thread.has_more.set(page.has_more);
                    // Merged: live messages may have arrived while it loaded.
                    thread.messages.update(|list| {
                        for message in page.messages {
                            upsert(list, message);
                        }
                    });
                    if page.chat.unread > 0 {
                        let _ = mark_chat_read(chat_id).await;
                    }
                }
                Err(error) => thread.error.set(Some(error)),
            }
            thread.loading.set(false);
        });
    });
    // Rebuilt only when another dialog is opened, not on every event (which
    // would lose the draft being typed).
    let open_chat = move || {
        let id = open.get()?;
        chats.with_untracked(|list| list.iter().find(|chat| chat.chat_id == id).cloned())
    };
    let me_for_list = me.clone();
    view! {
        <p class="chats__me">{t!(i18n, chats_you_work_as, name = me.name.clone())}</p>
        {(!writable).then(|| view! { <ReadOnlyNotice parts /> })}
        {overview.stale.then(|| view! { <p class="notice notice--warning" role="status">{t!(i18n, chats_stale)}</p> })}
        <Show when=move || feed.connected_once.get() && !feed.online.get()>
            <p class="notice notice--error" role="status" data-testid="chats-offline">{t!(i18n, chats_offline)}</p>
        </Show>
        <NotificationSwitch />
        <div class="chats">
            <ChatList chats me=me_for_list open />
            {move || match open_chat() {
                Some(chat) => view! {
                    <ChatThread chat thread me=me.clone() employees=employees.get_value() writable />
                }.into_any(),
                None => view! { <p class="thread thread--empty">{t!(i18n, chats_pick)}</p> }.into_any(),
            }}
        </div>
    }
}

/// Asks for the browser's permission to notify, while it was neither given nor refused.
#[component]
fn NotificationSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let undecided = RwSignal::new(false);
    Effect::new(move |_| {
        undecided
            .set(web_sys::Notification::permission() == web_sys::NotificationPermission::Default);
    });
    let ask = move |_| {
        if let Ok(promise) = web_sys::Notification::request_permission() {
            spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                undecided.set(
                    web_sys::Notification::permission() == web_sys::NotificationPermission::Default,
                );
            });
        }
    };
    view! {
        <Show when=move || undecided.get()>
            <button type="button" class="button button--ghost" on:click=ask>{t!(i18n, chats_enable_notifications)}</button>
        </Show>
    }
}

/// Why the chats are read-only: what the subscription is missing.
#[component]
fn ReadOnlyNotice(parts: StoredValue<Vec<SubscriptionPart>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice notice--warning" role="status" data-testid="chats-read-only">
            {move || {
                let parts = parts.with_value(|parts| parts_text(i18n, parts));
                t_string!(i18n, chats_read_only, parts).to_string()
            }}
        </p>
    }
}
