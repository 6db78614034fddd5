//! `chats` and `messages`: list, read, send, mark, transfer.
use super::api::{ack, authorise, check_length, ok, page, parse_body, ApiFailure, ApiResult};
use super::conversations::{chat_for, normalise_phone, person_for_phone, PHONE_MAX_LEN};
use super::world::{api_time, precise_time, SentMessage, StoredMessage};
use super::Emulator;
use app::ssr::intellectdialog::model::{SendResult, TransferResult, INCOMING, OUTGOING};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use std::collections::HashMap;
use time::OffsetDateTime;

pub async fn chats(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    emulator.with_world(|world| {
        let organisation = &world.organisations[authorise(world, &headers)?];
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
    emulator.with_world(|world| {
        let organisation = &world.organisations[authorise(world, &headers)?];
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
    emulator.with_world(|world| {
        let organisation = &world.organisations[authorise(world, &headers)?];
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
    emulator.with_world(|world| {
        let organisation = &world.organisations[authorise(world, &headers)?];
        let stored = organisation
            .messages
            .iter()
            .find(|stored| stored.message.id == id);
        ok(&stored
            .ok_or_else(|| ApiFailure::not_found("Message"))?
            .message)
    })
}

#[derive(Deserialize)]
struct SendBody {
    provider_id: Option<String>,
    phone: Option<String>,
    text: Option<String>,
    template: Option<String>,
    mark: Option<String>,
    employee_id: Option<String>,
}

/// Queues a message: it leaves after the organisation's send delay, then moves
/// through sent → delivered → read, each announced by a `new_status` webhook.
pub async fn send(State(emulator): State<Emulator>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body: SendBody = parse_body(&body)?;
    let requested = OffsetDateTime::now_utc();
    let (result, organisation_id, message_id, left_at) = emulator.with_world(|world| {
        let index = authorise(world, &headers)?;
        let organisation = &mut world.organisations[index];
        let provider_id = body
            .provider_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| ApiFailure::invalid("The provider_id field is required"))?;
        let provider = organisation
            .providers
            .iter()
            .find(|provider| provider.id == provider_id)
            .cloned()
            .ok_or_else(|| {
                ApiFailure::invalid("The provider_id is not a provider of this organisation")
            })?;
        let raw_phone = body
            .phone
            .as_deref()
            .filter(|phone| !phone.is_empty())
            .ok_or_else(|| ApiFailure::invalid("The phone field is required"))?;
        check_length("phone", raw_phone, PHONE_MAX_LEN)?;
        let phone = normalise_phone(raw_phone)
            .ok_or_else(|| ApiFailure::invalid("The phone is invalid"))?;
        if body.template.is_some() {
            return Err(ApiFailure::invalid(
                "WhatsApp templates are not supported by the emulator; send text",
            ));
        }
        let text = body
            .text
            .as_deref()
            .filter(|text| !text.trim().is_empty())
            .ok_or_else(|| ApiFailure::invalid("The text field is required"))?;
        check_length("text", text, 10_000)?;
        if let Some(mark) = &body.mark {
            check_length("mark", mark, 36)?;
        }
        if let Some(employee_id) = &body.employee_id {
            if !organisation
                .employees
                .iter()
                .any(|employee| &employee.id == employee_id)
            {
                return Err(ApiFailure::invalid(
                    "The employee_id is not an employee of this organisation",
                ));
            }
        }
        let person = person_for_phone(organisation, &phone, None);
        if organisation
            .stop_list
            .iter()
            .any(|entry| entry.person_id == person.id)
        {
            return Err(ApiFailure::invalid("The recipient is in the stop list"));
        }
        let chat = chat_for(organisation, &person, &provider, requested);
        // «Фильтр» → «Задержка отправки»: messages leave one delay apart.
        let left_at = organisation
            .next_send_at
            .map_or(requested, |next| next.max(requested));
        organisation.next_send_at = Some(left_at + organisation.send_delay);
        let mut message =
            super::conversations::new_message(Some(&chat), OUTGOING, text, &api_time(requested));
        message.marker = body.mark.clone();
        message.employee_id = body.employee_id.clone();
        message.transfer_to = organisation.assignments.get(&chat.id).cloned();
        organisation.messages.push(StoredMessage {
            message: message.clone(),
            read: true,
        });
        let result = SendResult {
            message_id: Some(message.id.clone()),
            chat_id: Some(chat.id.clone()),
            person_id: Some(person.id.clone()),
            provider_id: Some(provider.id.clone()),
            provider_name: Some(provider.name.clone()),
            direction: Some("to_client".to_owned()),
            text: Some(text.to_owned()),
            stack_id: Some(super::world::new_id()),
            employee_id: body.employee_id.clone(),
        };
        let organisation_id = organisation.id.clone();
        world.sent.push(SentMessage {
            organisation_id: organisation_id.clone(),
            message_id: message.id.clone(),
            provider_id: provider.id,
            phone,
            text: text.to_owned(),
            mark: body.mark,
            employee_id: body.employee_id,
            requested_at: precise_time(requested),
            left_at: precise_time(left_at),
        });
        Ok((result, organisation_id, message.id, left_at))
    })?;
    super::delivery::track_outgoing(emulator, organisation_id, message_id, left_at);
    ok(result)
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
    emulator.with_world(|world| {
        let index = authorise(world, headers)?;
        let stored = world.organisations[index]
            .messages
            .iter_mut()
            .find(|stored| stored.message.id == id);
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
    emulator.with_world(|world| {
        let index = authorise(world, &headers)?;
        let organisation = &mut world.organisations[index];
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
            .messages
            .iter_mut()
            .find(|stored| stored.message.id == id)
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
