//! The dialog list: «Все» / «Мои», a search, and each dialog's guest, last
//! message, time and unread count.
use crate::components::chat_message::LocalTime;
use crate::domain::chat::{ChatSummary, EmployeeOption};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// Does `chat` match the search `needle` (lower case)?
pub fn matches(chat: &ChatSummary, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
    chat.title.to_lowercase().contains(needle)
        || chat
            .last_text
            .as_deref()
            .is_some_and(|text| text.to_lowercase().contains(needle))
        || (!digits.is_empty()
            && chat
                .phone
                .as_deref()
                .is_some_and(|phone| phone.contains(digits.as_str())))
}

#[component]
pub fn ChatList(
    chats: RwSignal<Vec<ChatSummary>>,
    me: EmployeeOption,
    open: Memo<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mine_only = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let me = StoredValue::new(me.id);
    let shown = move || {
        let needle = search.get().trim().to_lowercase();
        let mine_only = mine_only.get();
        chats.with(|list| {
            list.iter()
                .filter(|chat| {
                    !mine_only
                        || me.with_value(|me| chat.assigned_to.as_deref() == Some(me.as_str()))
                })
                .filter(|chat| matches(chat, &needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <aside class="chat-list">
            <div class="chat-list__filters" role="group" aria-label=move || t_string!(i18n, chats_filter_label)>
                <button type="button" class="chip" aria-pressed=move || (!mine_only.get()).to_string() on:click=move |_| mine_only.set(false)>
                    {t!(i18n, chats_filter_all)}
                </button>
                <button type="button" class="chip" aria-pressed=move || mine_only.get().to_string() on:click=move |_| mine_only.set(true)>
                    {t!(i18n, chats_filter_mine)}
                </button>
            </div>
            <input
                type="search"
                class="chat-list__search"
                aria-label=move || t_string!(i18n, chats_search)
                placeholder=move || t_string!(i18n, chats_search)
                prop:value=move || search.get()
                on:input=move |event| search.set(event_target_value(&event))
            />
            <ul class="chat-list__items" data-testid="chat-list">
                <For each=shown key=|chat| (chat.chat_id.clone(), chat.last_at, chat.unread, chat.last_text.clone()) let:chat>
                    <ChatListItem chat open />
                </For>
            </ul>
            <Show when=move || chats.with(Vec::is_empty)>
                <p class="chat-list__empty">{t!(i18n, chats_none)}</p>
            </Show>
        </aside>
    }
}

#[component]
fn ChatListItem(chat: ChatSummary, open: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = chat.chat_id.clone();
    let current = {
        let id = id.clone();
        move || open.get().as_deref() == Some(id.as_str())
    };
    let unread = chat.unread;
    view! {
        <li class="chat-list__item" class:chat-list__item--open=current data-testid="chat" data-chat-id=id.clone()>
            <A href=format!("/guests/chats?chat={id}")>
                <span class="chat-list__title">{chat.title.clone()}</span>
                <LocalTime at=chat.last_at />
                <span class="chat-list__last">{chat.last_text.clone().unwrap_or_default()}</span>
                {(unread > 0).then(|| view! {
                    <span class="badge badge--count" data-testid="chat-unread" aria-label=move || t_string!(i18n, chats_unread_label, count = unread).to_string()>{unread}</span>
                })}
            </A>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat() -> ChatSummary {
        ChatSummary {
            chat_id: "c1".into(),
            title: "Алексей Иванов".into(),
            phone: Some("+79161234567".into()),
            provider_name: None,
            last_text: Some("Можно трансфер?".into()),
            last_at: 0,
            unread: 0,
            assigned_to: None,
        }
    }

    #[test]
    fn search_matches_name_text_and_phone_digits() {
        assert!(matches(&chat(), ""));
        assert!(matches(&chat(), "иванов"));
        assert!(matches(&chat(), "трансфер"));
        assert!(matches(&chat(), "916 123"));
        assert!(!matches(&chat(), "петров"));
        assert!(!matches(&chat(), "555"));
    }
}
