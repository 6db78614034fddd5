//! One message of a dialog: who, when, the text, and how far a reply got
//! (with the reason and a retry when it failed).
use crate::components::format::local_short_time;
use crate::domain::chat::{ChatMessageView, MessageState};
use crate::i18n::*;
use leptos::prelude::*;

/// A time in the browser's zone, filled in after hydration (the server does
/// not know the zone).
#[component]
pub fn LocalTime(at: i64) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! { <time>{move || if mounted.get() { local_short_time(at) } else { String::new() }}</time> }
}

/// Why a reply failed, in words.
fn failure_text(i18n: leptos_i18n::I18nContext<Locale>, code: Option<&str>) -> String {
    match code {
        Some("recipient") => t_string!(i18n, chats_failure_recipient).to_string(),
        Some("rate_limited") => t_string!(i18n, chats_failure_rate_limited).to_string(),
        Some("unreachable") => t_string!(i18n, chats_failure_unreachable).to_string(),
        Some("key") => t_string!(i18n, chats_failure_key).to_string(),
        Some("provider") => t_string!(i18n, chats_failure_provider).to_string(),
        Some("undelivered") => t_string!(i18n, chats_failure_undelivered).to_string(),
        _ => t_string!(i18n, chats_failure_refused).to_string(),
    }
}

#[component]
pub fn ChatMessage(
    message: ChatMessageView,
    /// The replying employee's name, when known.
    author: Option<String>,
    /// Resends a failed reply; `None` while the chats are read-only.
    on_retry: Option<Callback<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = message.id;
    let class = if message.incoming {
        "message message--in"
    } else {
        "message message--out"
    };
    let state = message.state;
    let error = message.error.clone();
    let retrying = RwSignal::new(false);
    let status = (!message.incoming).then(|| {
        let text = move || match state {
            MessageState::Sending => t_string!(i18n, chats_state_sending).to_string(),
            MessageState::Sent => t_string!(i18n, chats_state_sent).to_string(),
            MessageState::Delivered => t_string!(i18n, chats_state_delivered).to_string(),
            MessageState::Read => t_string!(i18n, chats_state_read).to_string(),
            MessageState::Failed => format!(
                "{}: {}",
                t_string!(i18n, chats_state_failed),
                failure_text(i18n, error.as_deref())
            ),
            MessageState::Received => String::new(),
        };
        view! {
            <span class="message__state" data-state=state.as_str()>{text}</span>
            {on_retry.filter(|_| state == MessageState::Failed).map(|on_retry| view! {
                <button
                    type="button"
                    class="button button--small"
                    disabled=move || retrying.get()
                    on:click=move |_| {
                        retrying.set(true);
                        on_retry.run(id);
                    }
                >
                    {t!(i18n, chats_retry)}
                </button>
            })}
        }
    });
    view! {
        <li class=class data-testid="message" data-message-id=id.to_string() data-state=state.as_str()>
            {author.map(|author| view! { <span class="message__author">{author}</span> })}
            <p class="message__text">{message.text}</p>
            <span class="message__meta">
                <LocalTime at=message.at />
                {status}
            </span>
        </li>
    }
}
