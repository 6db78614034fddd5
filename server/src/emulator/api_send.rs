//! `POST messages`: validate, queue after the send delay, track delivery,
//! then answer (unless an accept-then-fail fault breaks the answer).
use super::conversations::{chat_for, normalise_phone, person_for_phone, PHONE_MAX_LEN};
use super::envelope::{authorise, check_length, ok, parse_body, ApiFailure, ApiResult};
use super::records::SentMessage;
use super::world::{api_time, precise_time, Organisation, StoredMessage, World};
use super::Emulator;
use app::ssr::intellectdialog::model::{Provider, SendResult, OUTGOING};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Deserialize)]
struct SendBody {
    provider_id: Option<String>,
    phone: Option<String>,
    text: Option<String>,
    template: Option<String>,
    mark: Option<String>,
    employee_id: Option<String>,
}

/// What a valid send asks for, checked against the organisation.
struct Checked {
    provider: Provider,
    phone: String,
    text: String,
}

/// The refusals of the real API, in its order: provider, phone, template,
/// text, mark, employee.
fn check(organisation: &Organisation, body: &SendBody) -> Result<Checked, ApiFailure> {
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
    let health = world_health(organisation, &provider.id);
    if let Some(status) = health {
        return Err(ApiFailure::new(
            axum::http::StatusCode::CONFLICT,
            match status.as_str() {
                "blocked" => "Provider is blocked by WhatsApp",
                _ => "Provider is disconnected: WhatsApp Web is logged out",
            },
        ));
    }
    let raw_phone = body
        .phone
        .as_deref()
        .filter(|phone| !phone.is_empty())
        .ok_or_else(|| ApiFailure::invalid("The phone field is required"))?;
    check_length("phone", raw_phone, PHONE_MAX_LEN)?;
    let phone =
        normalise_phone(raw_phone).ok_or_else(|| ApiFailure::invalid("The phone is invalid"))?;
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
    Ok(Checked {
        provider,
        phone,
        text: text.to_owned(),
    })
}

/// The provider's status when it cannot send (`disconnected`, `blocked`).
fn world_health(organisation: &Organisation, provider_id: &str) -> Option<String> {
    organisation
        .providers
        .iter()
        .find(|provider| provider.id == provider_id)
        .and_then(|provider| provider.status.clone())
        .filter(|status| status != "active")
}

/// A stored send: the answer, and what delivery tracking needs.
struct Stored {
    result: SendResult,
    organisation_id: String,
    message_id: String,
    provider_id: String,
    left_at: OffsetDateTime,
}

/// Checks the send and stores it in the chat and the sent log, its slot one
/// send delay after the previous one.
fn store(world: &mut World, headers: &HeaderMap, body: SendBody) -> Result<Stored, ApiFailure> {
    let requested = world.now();
    let index = authorise(world, headers)?;
    let organisation = &mut world.organisations[index];
    let Checked {
        provider,
        phone,
        text,
    } = check(organisation, &body)?;
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
        super::conversations::new_message(Some(&chat), OUTGOING, &text, &api_time(requested));
    message.marker = body.mark.clone();
    message.employee_id = body.employee_id.clone();
    message.transfer_to = organisation.assignments.get(&chat.id).cloned();
    organisation.add_message(StoredMessage {
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
        text: Some(text.clone()),
        stack_id: Some(super::world::new_id()),
        employee_id: body.employee_id.clone(),
    };
    let organisation_id = organisation.id.clone();
    let provider_id_sent = provider.id.clone();
    world.sent.push(SentMessage {
        organisation_id: organisation_id.clone(),
        message_id: message.id.clone(),
        provider_id: provider.id,
        phone,
        text,
        mark: body.mark,
        employee_id: body.employee_id,
        requested_at: precise_time(requested),
        left_at: precise_time(left_at),
    });
    Ok(Stored {
        result,
        organisation_id,
        message_id: message.id,
        provider_id: provider_id_sent,
        left_at,
    })
}

/// Queues a message: it leaves after the organisation's send delay, then moves
/// through sent → delivered → read, each announced by a `new_status` webhook.
pub async fn send(State(emulator): State<Emulator>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body: SendBody = parse_body(&body)?;
    let stored = emulator.with_world(|world| store(world, &headers, body))?;
    super::delivery::track_outgoing(
        emulator.clone(),
        stored.organisation_id,
        (stored.message_id, stored.provider_id),
        stored.left_at,
    );
    // Stored and on its way: only the answer may still fail (a fault).
    let accepted = ok(stored.result)?;
    Ok(super::faults::after_accept(&emulator, accepted).await)
}
