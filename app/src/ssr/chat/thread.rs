//! «Чаты с гостями»: the dialog list, a dialog's history, reading and
//! transferring — each only for dialogs the user's employee may see.
use super::access::{require_agent, standing, Agent};
use super::sync;
use crate::domain::chat::{ChatAccess, ChatsOverview, ThreadPage, THREAD_PAGE};
use crate::domain::chat_rights::may_transfer;
use crate::domain::PropertyId;
use crate::error::{AppError, FieldProblem};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::chats::{self, ChatRow};
use crate::ssr::db::{audit, chat_dialogs, employees, integrations};
use crate::ssr::integration::{client_for, explain};
use crate::ssr::intellectdialog::conversations::TransferTarget;
use crate::ssr::AppState;

/// A reply still "sending" after two minutes (or twice the HTTP timeout to
/// IntellectDialog, if longer) was cut off mid-send; it becomes failed.
fn stale_sending_ms(state: &AppState) -> i64 {
    let timeout_ms =
        i64::try_from(state.settings.intellectdialog.timeout_secs).unwrap_or(300) * 1000;
    (2 * timeout_ms).max(120_000)
}

/// Fails the property's replies cut off mid-send, so they can be retried.
pub async fn fail_stale_replies(
    state: &AppState,
    property_id: PropertyId,
    now: i64,
) -> Result<(), AppError> {
    let before = now - stale_sending_ms(state);
    let events = chat_dialogs::fail_stale_replies(&state.db, property_id, before, now).await?;
    if !events.is_empty() {
        tracing::warn!(
            %property_id,
            count = events.len(),
            "replies cut off mid-send are marked failed"
        );
        state.chat_hub.wake(property_id);
    }
    Ok(())
}

/// A dialog the agent may see, or `NotFound` (whether it exists elsewhere is
/// not told).
pub async fn visible_chat(
    state: &AppState,
    agent: &Agent,
    chat_id: &str,
) -> Result<ChatRow, AppError> {
    chats::find(&state.db, agent.property_id, chat_id)
        .await?
        .filter(|chat| agent.sees(chat))
        .ok_or(AppError::NotFound)
}

/// The page: access, the visible dialogs (brought up to date with the API
/// first), whom dialogs may be transferred to.
pub async fn overview(
    state: &AppState,
    user: CurrentUser,
    now: i64,
) -> Result<ChatsOverview, AppError> {
    let (access, _) = standing(state, user).await?;
    let mut stale = false;
    if access != ChatAccess::NotConnected {
        let integration = integrations::find(&state.db, user.property_id).await?;
        let client = client_for(state, &integration)?;
        stale = !sync::employees_fresh(state, user.property_id, &client, now).await;
        if matches!(access, ChatAccess::Ready { .. }) {
            if let Err(error) = sync::reconcile(state, user.property_id, &client, now).await {
                tracing::warn!(%error, "could not reconcile the chats");
                stale = true;
            }
        }
    }
    // The employees may have just changed: decide again.
    let (access, agent) = standing(state, user).await?;
    if agent.is_some() {
        fail_stale_replies(state, user.property_id, now).await?;
    }
    let Some(agent) = agent else {
        return Ok(ChatsOverview {
            access,
            chats: Vec::new(),
            employees: Vec::new(),
            stale,
        });
    };
    let chats = chats::list(&state.db, agent.property_id)
        .await?
        .iter()
        .filter(|chat| agent.sees(chat))
        .map(ChatRow::summary)
        .collect();
    let employees = if may_transfer(&agent.rights) {
        employees::list(&state.db, agent.property_id)
            .await?
            .iter()
            .filter(|employee| employee.present)
            .map(|employee| employee.option())
            .collect()
    } else {
        Vec::new()
    };
    Ok(ChatsOverview {
        access,
        chats,
        employees,
        stale,
    })
}

/// A page of a dialog's history before row `before` (the newest without);
/// the whole history is read from the API the first time.
pub async fn thread(
    state: &AppState,
    user: CurrentUser,
    chat_id: &str,
    before: Option<chats::Cursor>,
    now: i64,
) -> Result<ThreadPage, AppError> {
    let agent = require_agent(state, user).await?;
    let mut chat = visible_chat(state, &agent, chat_id).await?;
    if !chat.backfilled && before.is_none() {
        let client = client_for(state, &agent.integration)?;
        match sync::backfill(state, agent.property_id, &client, chat_id, now).await {
            Ok(()) => chat = visible_chat(state, &agent, chat_id).await?,
            Err(error) => tracing::warn!(%error, "could not read a chat's history"),
        }
    }
    let mut rows = chats::history(
        &state.db,
        agent.property_id,
        chat_id,
        before,
        THREAD_PAGE + 1,
    )
    .await?;
    let has_more = rows.len() as i64 > THREAD_PAGE;
    if has_more {
        rows.remove(0);
    }
    Ok(ThreadPage {
        chat: chat.summary(),
        messages: rows.iter().map(|row| row.view()).collect(),
        has_more,
    })
}

/// The dialog was opened: its guest messages are read, here and in IntellectDialog.
pub async fn mark_read(
    state: &AppState,
    user: CurrentUser,
    chat_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let agent = require_agent(state, user).await?;
    visible_chat(state, &agent, chat_id).await?;
    let unread = chats::unread_ids(&state.db, agent.property_id, chat_id).await?;
    if chat_dialogs::mark_read(&state.db, agent.property_id, chat_id, now)
        .await?
        .is_some()
    {
        state.chat_hub.wake(agent.property_id);
    }
    let client = client_for(state, &agent.integration)?;
    for message_id in unread {
        if let Err(error) = client.mark_read(&message_id).await {
            // Read here; IntellectDialog catches up the next time it is opened there.
            tracing::warn!(%error, "could not mark a message read in IntellectDialog");
            break;
        }
    }
    Ok(())
}

/// Transfers the dialog to another employee (employees with the admin right).
pub async fn transfer(
    state: &AppState,
    user: CurrentUser,
    chat_id: &str,
    employee_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let agent = require_agent(state, user).await?;
    agent.require_writable()?;
    if !may_transfer(&agent.rights) {
        return Err(AppError::Forbidden {
            reason: "only IntellectDialog administrators transfer dialogs".to_owned(),
        });
    }
    let chat = visible_chat(state, &agent, chat_id).await?;
    let target = employees::list(&state.db, agent.property_id)
        .await?
        .into_iter()
        .find(|employee| employee.employee_id == employee_id && employee.present)
        .ok_or_else(|| AppError::invalid("employee", FieldProblem::Unknown))?;
    let last = chats::history(&state.db, agent.property_id, chat_id, None, THREAD_PAGE).await?;
    let Some(message_id) = last.iter().rev().find_map(|row| row.message_id.clone()) else {
        return Err(AppError::invalid("chat", FieldProblem::Unsupported));
    };
    let client = client_for(state, &agent.integration)?;
    client
        .transfer(
            &message_id,
            &TransferTarget::EmployeeId(target.employee_id.clone()),
        )
        .await
        .map_err(explain)?;
    if chat_dialogs::transfer(
        &state.db,
        agent.property_id,
        chat_id,
        &target.employee_id,
        now,
    )
    .await?
    .is_some()
    {
        state.chat_hub.wake(agent.property_id);
    }
    let detail = format!("«{}» → {}", chat.title, target.name);
    audit::record(
        &state.db,
        agent.property_id,
        Some(agent.staff_user_id),
        "chat.transferred",
        &detail,
        now,
    )
    .await?;
    Ok(())
}
