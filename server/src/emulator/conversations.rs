//! Persons, chats and messages inside one organisation: finding, creating,
//! and the phone rule the emulator enforces.
use super::world::{api_time, new_id, Organisation, Person, StoredMessage};
use app::ssr::intellectdialog::model::{Chat, Message, Provider, INCOMING};
use time::OffsetDateTime;

/// The longest phone the API takes.
pub use app::domain::phone::PHONE_MAX_LEN;

/// The phone in E.164, or `None` when it could not be a WhatsApp number. The
/// real API's rule is not documented; this one is the product's own.
pub fn normalise_phone(raw: &str) -> Option<String> {
    app::domain::Phone::parse(raw)
        .ok()
        .map(|phone| phone.as_str().to_owned())
}

/// A chat of `person` on `provider`.
pub fn new_chat(person: &Person, provider: &Provider, at: &str) -> Chat {
    let title = [Some(person.name.as_str()), person.surname.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Chat {
        id: new_id(),
        title: Some(title),
        provider_id: Some(provider.id.clone()),
        provider_type_id: provider.type_id.clone(),
        provider_type_name: provider.type_name.clone(),
        provider_name: Some(provider.name.clone()),
        person_id: Some(person.id.clone()),
        person_name: Some(person.name.clone()),
        person_surname: person.surname.clone(),
        person_lastname: None,
        person_phone: Some(person.phone.clone()),
        person_email: None,
        created_at: Some(at.to_owned()),
        updated_at: Some(at.to_owned()),
    }
}

/// A message in `chat` (or outside any chat), `direction` being
/// `INCOMING` or `OUTGOING`.
pub fn new_message(chat: Option<&Chat>, direction: &str, text: &str, at: &str) -> Message {
    let id = new_id();
    Message {
        ex_id: Some(format!("wamid.{}", id.replace('-', ""))),
        id,
        provider_id: chat.and_then(|chat| chat.provider_id.clone()),
        provider_name: chat.and_then(|chat| chat.provider_name.clone()),
        chat_id: chat.map(|chat| chat.id.clone()),
        chat_title: chat.and_then(|chat| chat.title.clone()),
        person_id: chat.and_then(|chat| chat.person_id.clone()),
        person_name: chat.and_then(|chat| chat.person_name.clone()),
        person_phone: chat.and_then(|chat| chat.person_phone.clone()),
        type_id: Some(if direction == INCOMING { "1" } else { "2" }.to_owned()),
        type_name: Some(direction.to_owned()),
        text: Some(text.to_owned()),
        employee_id: None,
        marker: None,
        transfer_to: None,
        delivered_at: None,
        viewed_at: None,
        error: None,
        created_at: Some(at.to_owned()),
        updated_at: Some(at.to_owned()),
    }
}

/// The person with this (normalised) phone, created when new.
pub fn person_for_phone(
    organisation: &mut Organisation,
    phone: &str,
    name: Option<&str>,
) -> Person {
    if let Some(person) = organisation
        .person_index
        .get(phone)
        .and_then(|index| organisation.persons.get(*index))
    {
        return person.clone();
    }
    let person = Person {
        id: new_id(),
        name: name.unwrap_or(phone).to_owned(),
        surname: None,
        phone: phone.to_owned(),
    };
    organisation.add_person(person.clone());
    person
}

/// The chat of `person` on `provider`, created when new.
pub fn chat_for(
    organisation: &mut Organisation,
    person: &Person,
    provider: &Provider,
    now: OffsetDateTime,
) -> Chat {
    let existing = organisation
        .chat_index
        .get(&(person.id.clone(), provider.id.clone()))
        .and_then(|index| organisation.chats.get(*index));
    if let Some(chat) = existing {
        return chat.clone();
    }
    let chat = new_chat(person, provider, &api_time(now));
    organisation.add_chat(chat.clone());
    chat
}

/// Stores a guest's message in their chat and returns it.
pub fn receive(
    organisation: &mut Organisation,
    chat: &Chat,
    text: &str,
    now: OffsetDateTime,
    (created_at, transfer_to): (Option<&str>, Option<&str>),
) -> Message {
    let created_at = created_at.map_or_else(|| api_time(now), str::to_owned);
    let mut message = new_message(Some(chat), INCOMING, text, &created_at);
    message.transfer_to = transfer_to
        .map(str::to_owned)
        .or_else(|| organisation.assignments.get(&chat.id).cloned());
    organisation.add_message(StoredMessage {
        message: message.clone(),
        read: false,
    });
    message
}
