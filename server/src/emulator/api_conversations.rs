//! `chats` and `messages`: list, read, send, mark, transfer.
use super::conversations::normalise_phone;
use super::envelope::{ack, ok, page, parse_body, ApiFailure, ApiResult};
use super::Emulator;
use app::ssr::intellectdialog::model::{TransferResult, INCOMING, OUTGOING};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use std::collections::HashMap;

pub async fn chats(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let phone = query
            .get("phone")
            .map(|phone| normalise_phone(phone).unwrap_or_else(|| phone.clone()));
        let chats = organisation
            .chats
            .iter()
            .filter(|chat| {
                query
                    .get("provider")
                    .is_none_or(|wanted| chat.provider_id.as_ref() == Some(wanted))
            })
            .filter(|chat| {
                phone
                    .as_ref()
                    .is_none_or(|wanted| chat.person_phone.as_ref() == Some(wanted))
            })
            .filter(|chat| {
                query
                    .get("email")
                    .is_none_or(|wanted| chat.person_email.as_ref() == Some(wanted))
            })
            .cloned()
            .collect();
        page(chats, |chat| chat.created_at.as_deref(), &query)
    })
}

pub async fn chat(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        ok(organisation
            .chats
            .iter()
            .find(|chat| chat.id == id)
            .ok_or_else(|| ApiFailure::not_found("Chat"))?)
    })
}

pub async fn messages(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let direction = match query.get("type").map(String::as_str) {
        None => None,
        Some("to_client") => Some(OUTGOING),
        Some("from_client") => Some(INCOMING),
        Some(_) => {
            return Err(ApiFailure::invalid(
                "The type must be to_client or from_client",
            ))
        }
    };
    let read = match query.get("read").map(String::as_str) {
        None => None,
        Some("1") => Some(true),
        Some("0") => Some(false),
        Some(_) => return Err(ApiFailure::invalid("The read must be 0 or 1")),
    };
    emulator.with_organisation(&headers, |organisation| {
        let matches = |name: &str, value: &Option<String>| {
            query
                .get(name)
                .is_none_or(|wanted| value.as_ref() == Some(wanted))
        };
        let messages = organisation
            .messages
            .iter()
            .filter(|stored| read.is_none_or(|read| stored.read == read))
            .map(|stored| &stored.message)
            .filter(|message| {
                direction.is_none_or(|direction| message.type_name.as_deref() == Some(direction))
            })
            .filter(|message| {
                matches("chat_id", &message.chat_id) && matches("person_id", &message.person_id)
            })
            .filter(|message| {
                matches("provider_id", &message.provider_id) && matches("ex_id", &message.ex_id)
            })
            .filter(|message| matches("transfer_to", &message.transfer_to))
            .cloned()
            .collect();
        page(messages, |message| message.created_at.as_deref(), &query)
    })
}

pub async fn message(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let stored = organisation.message_mut(&id);
        ok(&stored
            .ok_or_else(|| ApiFailure::not_found("Message"))?
            .message)
    })
}

pub async fn mark_read(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    set_read(&emulator, &headers, &id, true)
}

pub async fn mark_unread(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    set_read(&emulator, &headers, &id, false)
}

fn set_read(emulator: &Emulator, headers: &HeaderMap, id: &str, read: bool) -> ApiResult {
    emulator.with_organisation(headers, |organisation| {
        let stored = organisation.message_mut(id);
        stored.ok_or_else(|| ApiFailure::not_found("Message"))?.read = read;
        ack()
    })
}

#[derive(Deserialize)]
struct TransferBody {
    employee_id: Option<String>,
    department_id: Option<String>,
}

/// Assigns the message and its dialog to an employee or a department.
pub async fn transfer(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body: TransferBody = parse_body(&body)?;
    emulator.with_organisation(&headers, |organisation| {
        let (target_type, target) = match (body.employee_id, body.department_id) {
            (Some(employee), _)
                if organisation
                    .employees
                    .iter()
                    .any(|known| known.id == employee) =>
            {
                ("employee", employee)
            }
            (Some(_), _) => {
                return Err(ApiFailure::invalid(
                    "The employee_id is not an employee of this organisation",
                ))
            }
            (None, Some(department))
                if organisation
                    .departments
                    .iter()
                    .any(|known| known.id == department) =>
            {
                ("department", department)
            }
            (None, Some(_)) => {
                return Err(ApiFailure::invalid(
                    "The department_id is not a department of this organisation",
                ))
            }
            (None, None) => {
                return Err(ApiFailure::invalid(
                    "The employee_id or department_id field is required",
                ))
            }
        };
        let stored = organisation
            .message_mut(&id)
            .ok_or_else(|| ApiFailure::not_found("Message"))?;
        stored.message.transfer_to = Some(target.clone());
        if let Some(chat_id) = stored.message.chat_id.clone() {
            organisation.assignments.insert(chat_id, target.clone());
        }
        ok(TransferResult {
            message_id: id,
            target_type: target_type.to_owned(),
            id: target,
        })
    })
}
