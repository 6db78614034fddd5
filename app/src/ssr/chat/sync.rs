//! Keeping the stored chats in step with IntellectDialog: the employees, the
//! first read of the dialogs, a dialog's history on first open, and a
//! reconcile that picks up messages whose webhook never arrived.
use super::convert::{chat_record, to_new_message};
use crate::domain::PropertyId;
use crate::ssr::db::chat_store::{self, Stored};
use crate::ssr::db::chats;
use crate::ssr::db::employees::{self, EmployeeRow};
use crate::ssr::intellectdialog::conversations::{ChatFilter, Direction, MessageFilter};
use crate::ssr::intellectdialog::model::Message;
use crate::ssr::intellectdialog::{ApiError, Client};
use crate::ssr::AppState;
use std::collections::HashSet;

pub use super::convert::parse_api_time;

/// The employees are read again when older than this.
pub const EMPLOYEES_FRESH_MS: i64 = 60_000;
/// Messages are reconciled with the API at most this often per property.
pub const RECONCILE_EVERY_MS: i64 = 15_000;
/// How far back the first read of the chats goes.
const FIRST_SYNC_DAYS: i64 = 30;
/// A reconcile re-reads this much before the newest message seen, for
/// messages stamped in the same second or arriving late.
const OVERLAP_MS: i64 = 120_000;
/// The most messages one read takes from the API (pages of 500).
const MAX_READ: u32 = 5_000;

/// Why the stored chats could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("storing chats: {0}")]
    Db(#[from] sqlx::Error),
}

/// Reads the organisation's employees and stores them.
pub async fn refresh_employees(
    state: &AppState,
    property_id: PropertyId,
    client: &Client,
    now: i64,
) -> Result<(), ApiError> {
    let rows: Vec<EmployeeRow> = client
        .all_employees()
        .await?
        .into_iter()
        .map(|employee| EmployeeRow {
            name: match employee.display_name() {
                name if name.is_empty() => employee.id.clone(),
                name => name,
            },
            employee_id: employee.id,
            department_id: employee.department_id,
            department_name: employee.department_name,
            is_admin: employee.admin,
            assigned_only: employee.dialogs,
            present: true,
        })
        .collect();
    if let Err(error) = employees::replace(&state.db, property_id, &rows, now).await {
        tracing::error!(%error, "storing the employees");
    }
    Ok(())
}

/// Reads the employees when they are older than [`EMPLOYEES_FRESH_MS`];
/// false when IntellectDialog could not be reached (the stored ones stay).
pub async fn employees_fresh(
    state: &AppState,
    property_id: PropertyId,
    client: &Client,
    now: i64,
) -> bool {
    let refreshed = employees::refreshed_at(&state.db, property_id)
        .await
        .ok()
        .flatten();
    if refreshed.is_some_and(|at| now - at < EMPLOYEES_FRESH_MS) {
        return true;
    }
    match refresh_employees(state, property_id, client, now).await {
        Ok(()) => true,
        Err(error) => {
            tracing::warn!(%error, %property_id, "could not read the employees");
            false
        }
    }
}

/// Every message matching `filter`, page by page (up to [`MAX_READ`]).
async fn read_all(client: &Client, mut filter: MessageFilter) -> Result<Vec<Message>, ApiError> {
    let mut messages = Vec::new();
    filter.limit = Some(500);
    loop {
        filter.offset = Some(messages.len() as u32);
        let page = client.messages(&filter).await?;
        let got = page.items.len();
        messages.extend(page.items);
        if got == 0
            || messages.len() as u64 >= page.pagin.total
            || messages.len() as u32 >= MAX_READ
        {
            return Ok(messages);
        }
    }
}

/// Stores `messages`, announcing the new ones created at or after
/// `announce_from` (older ones are history nobody is waiting for). True when
/// anything was announced.
async fn store(
    state: &AppState,
    property_id: PropertyId,
    messages: &[Message],
    unread: &HashSet<String>,
    announce_from: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut announced = false;
    for message in messages {
        let Some(new) = to_new_message(message, unread.contains(&message.id), now) else {
            continue;
        };
        let announce = new.created_at >= announce_from;
        match chat_store::record(&state.db, property_id, &new, announce, now).await? {
            Stored::New { event: Some(_), .. } => {
                announced = true;
                // A «стоп» the webhooks missed (or sent while they were off) counts too.
                super::inbound::check_opt_out(state, property_id, &new, message, now).await;
            }
            Stored::Adopted { .. } => announced = true,
            Stored::New { event: None, .. } | Stored::Duplicate => {}
        }
    }
    Ok(announced)
}

/// Brings the stored chats up to date: everything of the last
/// [`FIRST_SYNC_DAYS`] the first time, then whatever arrived since the
/// newest message seen, announcing what the webhooks missed. At most one
/// read per property every [`RECONCILE_EVERY_MS`], however many ask.
pub async fn reconcile(
    state: &AppState,
    property_id: PropertyId,
    client: &Client,
    now: i64,
) -> Result<(), SyncError> {
    let previous = chats::sync_state(&state.db, property_id).await?;
    if !chats::claim_sync(&state.db, property_id, now, RECONCILE_EVERY_MS).await? {
        return Ok(());
    }
    let first = previous.is_none();
    let result = read_since(state, property_id, client, previous, now).await;
    if result.is_err() && first {
        // Start from scratch next time rather than from a read that never was.
        chats::forget_sync(&state.db, property_id).await?;
    }
    result
}

async fn read_since(
    state: &AppState,
    property_id: PropertyId,
    client: &Client,
    previous: Option<(i64, Option<String>)>,
    now: i64,
) -> Result<(), SyncError> {
    let since = match &previous {
        Some((synced_at, newest)) => {
            let newest = newest
                .as_deref()
                .and_then(parse_api_time)
                .unwrap_or(*synced_at);
            newest.min(*synced_at) - OVERLAP_MS
        }
        None => now - FIRST_SYNC_DAYS * 86_400_000,
    };
    if previous.is_none() {
        store_every_chat(state, property_id, client).await?;
    }
    let after = crate::ssr::intellectdialog::conversations::api_time(since);
    let unread: HashSet<String> = read_all(
        client,
        MessageFilter {
            direction: Some(Direction::FromClient),
            read: Some(false),
            created_after: Some(after.clone()),
            ..MessageFilter::default()
        },
    )
    .await?
    .into_iter()
    .map(|message| message.id)
    .collect();
    let messages = read_all(
        client,
        MessageFilter {
            created_after: Some(after),
            ..MessageFilter::default()
        },
    )
    .await?;
    let newest = messages
        .iter()
        .filter_map(|message| message.created_at.clone())
        .max();
    // The first read announces only the last minutes (a webhook of those may
    // have found them stored already); later reads announce every new one.
    let announce_from = if previous.is_none() {
        now - OVERLAP_MS
    } else {
        i64::MIN
    };
    let announced = store(state, property_id, &messages, &unread, announce_from, now).await?;
    chats::set_sync_state(&state.db, property_id, now, newest.as_deref()).await?;
    if announced {
        tracing::info!(
            %property_id,
            "reading IntellectDialog found messages the webhooks missed"
        );
        state.chat_hub.wake(property_id);
    }
    Ok(())
}

/// The first read: every dialog of the organisation (up to `MAX_READ`).
async fn store_every_chat(
    state: &AppState,
    property_id: PropertyId,
    client: &Client,
) -> Result<(), SyncError> {
    let mut offset = 0;
    loop {
        let filter = ChatFilter {
            limit: Some(500),
            offset: Some(offset),
            ..ChatFilter::default()
        };
        let page = client.chats(&filter).await?;
        for chat in &page.items {
            chat_store::upsert_chat(&state.db, property_id, &chat_record(chat)).await?;
        }
        offset += page.items.len() as u32;
        if page.items.is_empty() || u64::from(offset) >= page.pagin.total || offset >= MAX_READ {
            return Ok(());
        }
    }
}

/// Reads a dialog's whole history the first time it is opened.
pub async fn backfill(
    state: &AppState,
    property_id: PropertyId,
    client: &Client,
    chat_id: &str,
    now: i64,
) -> Result<(), SyncError> {
    // Anything newer than what the dialog showed before is news.
    let known_until = chats::find(&state.db, property_id, chat_id)
        .await?
        .map_or(i64::MIN, |chat| chat.last_at);
    let filter = MessageFilter {
        chat_id: Some(chat_id.to_owned()),
        ..MessageFilter::default()
    };
    let unread_filter = MessageFilter {
        direction: Some(Direction::FromClient),
        read: Some(false),
        ..filter.clone()
    };
    let unread: HashSet<String> = read_all(client, unread_filter)
        .await?
        .into_iter()
        .map(|message| message.id)
        .collect();
    let messages = read_all(client, filter).await?;
    if store(state, property_id, &messages, &unread, known_until, now).await? {
        state.chat_hub.wake(property_id);
    }
    chats::set_backfilled(&state.db, property_id, chat_id).await?;
    Ok(())
}
