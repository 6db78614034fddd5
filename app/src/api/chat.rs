//! «Чаты с гостями» and «Аккаунты пользователей»: the live chats and the
//! mapping of staff users to IntellectDialog employees.
use crate::domain::chat::{ChatMessageView, ChatsOverview, MappingsView, ThreadPage};
use crate::domain::StaffUserId;
use crate::error::AppError;
use leptos::prelude::*;

/// Staff users with their mapped employees, and the employees to choose from.
#[server(prefix = "/rpc", endpoint = "user_mappings")]
pub async fn user_mappings() -> Result<MappingsView, AppError> {
    use crate::ssr::{auth::require_user, chat::mapping, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mapping::view(&state, user, now_ms()).await
        }
        .await,
    )
}

/// Maps a staff user to an employee, or clears it (administrators).
#[server(prefix = "/rpc", endpoint = "set_user_mapping")]
pub async fn set_user_mapping(
    staff_user_id: StaffUserId,
    employee_id: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{auth::require_user, chat::mapping, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            mapping::set(&state, user, staff_user_id, employee_id, now_ms()).await
        }
        .await,
    )
}

/// The dialogs the user may see, and whether they may work in the chats.
#[server(prefix = "/rpc", endpoint = "chats_overview", name = ChatsOverviewCall)]
pub async fn chats_overview() -> Result<ChatsOverview, AppError> {
    use crate::ssr::{auth::require_user, chat::thread, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            thread::overview(&state, user, now_ms()).await
        }
        .await,
    )
}

/// A page of a dialog's history: the messages shown before the one at
/// `before_at` with id `before_id` (both, or neither for the newest).
#[server(prefix = "/rpc", endpoint = "chat_thread")]
pub async fn chat_thread(
    chat_id: String,
    before_at: Option<i64>,
    before_id: Option<i64>,
) -> Result<ThreadPage, AppError> {
    use crate::ssr::{auth::require_user, chat::thread, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            let before = match (before_at, before_id) {
                (Some(at), Some(id)) => Some((at, id)),
                (None, None) => None,
                (None, Some(_)) => {
                    return Err(AppError::invalid(
                        "before_at",
                        crate::error::FieldProblem::Required,
                    ))
                }
                (Some(_), None) => {
                    return Err(AppError::invalid(
                        "before_id",
                        crate::error::FieldProblem::Required,
                    ))
                }
            };
            thread::thread(&state, user, &chat_id, before, now_ms()).await
        }
        .await,
    )
}

/// The dialog was opened: its guest messages are read.
#[server(prefix = "/rpc", endpoint = "mark_chat_read")]
pub async fn mark_chat_read(chat_id: String) -> Result<(), AppError> {
    use crate::ssr::{auth::require_user, chat::thread, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            thread::mark_read(&state, user, &chat_id, now_ms()).await
        }
        .await,
    )
}

/// Replies to the guest as the mapped employee.
#[server(prefix = "/rpc", endpoint = "send_reply")]
pub async fn send_reply(chat_id: String, text: String) -> Result<ChatMessageView, AppError> {
    use crate::ssr::{auth::require_user, chat::reply, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            reply::send(&state, user, &chat_id, &text, now_ms()).await
        }
        .await,
    )
}

/// Sends a failed reply again.
#[server(prefix = "/rpc", endpoint = "retry_reply")]
pub async fn retry_reply(message: i64) -> Result<ChatMessageView, AppError> {
    use crate::ssr::{auth::require_user, chat::reply, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            reply::retry(&state, user, message, now_ms()).await
        }
        .await,
    )
}

/// Transfers a dialog to another employee (IntellectDialog administrators).
#[server(prefix = "/rpc", endpoint = "transfer_chat")]
pub async fn transfer_chat(chat_id: String, employee_id: String) -> Result<(), AppError> {
    use crate::ssr::{auth::require_user, chat::thread, clock::now_ms};
    super::reply(
        async move {
            let (state, user) = require_user().await?;
            thread::transfer(&state, user, &chat_id, &employee_id, now_ms()).await
        }
        .await,
    )
}
