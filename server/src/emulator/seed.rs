//! The demo organisations the emulator starts with (and returns to on reset).
//!
//! «Волна» has two providers, two departments, four employees with different
//! rights and three guest chats with history; «Север» is a second account so
//! that keys can be told apart.
use super::world::{api_time, Department, Organisation, Person, StoredMessage, World};
use app::ssr::intellectdialog::model::{
    Employee, Message, Provider, INCOMING, OUTGOING, WHATSAPP_WEB_TYPE,
};
use std::time::Duration;
use time::OffsetDateTime;

/// The demo organisation's API key (printed in the README).
pub const DEMO_API_KEY: &str = "idk-demo-volna-6f1d2c9a8b7e4f30";
/// A second organisation's key.
pub const SECOND_API_KEY: &str = "idk-demo-sever-0a9b8c7d6e5f4321";
/// The demo WhatsApp Web provider.
pub const DEMO_WHATSAPP_PROVIDER: &str = "b6f8a0c2-0001-4000-8000-0000a0000001";

fn fixed_id(kind: &str, number: u32) -> String {
    format!("b6f8a0c2-0001-4000-8000-{kind}{number:07}")
}

fn provider(number: u32, name: &str, type_id: &str, type_name: &str, created_at: &str) -> Provider {
    Provider {
        id: fixed_id("0000a", number),
        name: name.to_owned(),
        type_id: Some(type_id.to_owned()),
        type_name: Some(type_name.to_owned()),
        status: Some("active".to_owned()),
        created_at: Some(created_at.to_owned()),
        updated_at: Some(created_at.to_owned()),
    }
}

struct Staff(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    bool,
    bool,
);

const VOLNA_STAFF: [Staff; 4] = [
    Staff(
        "Ольга",
        "Смирнова",
        "Викторовна",
        "+79180000001",
        0,
        true,
        false,
    ),
    Staff(
        "Анна",
        "Кузнецова",
        "Сергеевна",
        "+79180000002",
        0,
        false,
        false,
    ),
    Staff(
        "Иван",
        "Петров",
        "Алексеевич",
        "+79180000003",
        1,
        false,
        true,
    ),
    Staff(
        "Мария",
        "Соколова",
        "Игоревна",
        "+79180000004",
        1,
        false,
        true,
    ),
];

/// A fresh world with the demo organisations.
pub fn demo_world() -> World {
    let now = OffsetDateTime::now_utc();
    World {
        organisations: vec![volna(now), sever(now)],
        ..World::default()
    }
}

fn volna(now: OffsetDateTime) -> Organisation {
    let created = api_time(now - Duration::from_secs(90 * 24 * 3600));
    let departments = vec![
        Department {
            id: fixed_id("0000d", 1),
            name: "Ресепшен".to_owned(),
        },
        Department {
            id: fixed_id("0000d", 2),
            name: "Отдел бронирования".to_owned(),
        },
    ];
    let employees = VOLNA_STAFF
        .iter()
        .enumerate()
        .map(
            |(index, Staff(name, surname, lastname, phone, department, admin, dialogs))| Employee {
                id: fixed_id("0000e", index as u32 + 1),
                department_id: Some(departments[*department].id.clone()),
                department_name: Some(departments[*department].name.clone()),
                person_id: Some(fixed_id("0000f", index as u32 + 1)),
                person_name: Some((*name).to_owned()),
                person_surname: Some((*surname).to_owned()),
                person_lastname: Some((*lastname).to_owned()),
                person_phone: Some((*phone).to_owned()),
                person_email: Some(format!("employee{}@volna.example", index + 1)),
                admin: *admin,
                dialogs: *dialogs,
                created_at: Some(created.clone()),
                updated_at: Some(created.clone()),
            },
        )
        .collect();
    let providers = vec![
        provider(
            1,
            "WhatsApp +7 (862) 555-01-23",
            "3",
            WHATSAPP_WEB_TYPE,
            &created,
        ),
        provider(2, "Telegram @volna_hotel_bot", "5", "Telegram", &created),
    ];
    let mut organisation = Organisation {
        departments,
        providers,
        employees,
        ..Organisation::new(
            fixed_id("0000c", 1),
            "ООО «Отель Волна»",
            DEMO_API_KEY,
            created,
        )
    };
    let guests = [
        (
            "Алексей",
            "Иванов",
            "+79161234567",
            &[
                "Добрый день! Можно заказать трансфер из аэропорта на завтра?",
                "Здравствуйте, Алексей! Да, во сколько прилёт?",
                "В 14:20, рейс SU 1126.",
            ][..],
            None,
        ),
        (
            "Екатерина",
            "Морозова",
            "+79035556677",
            &[
                "Здравствуйте! Подскажите, завтрак входит в стоимость?",
                "Добрый вечер! Да, завтрак «шведский стол» с 7:00 до 10:30.",
            ][..],
            Some(3),
        ),
        (
            "John",
            "Smith",
            "+447700900123",
            &["Hello, is late check-out possible on Sunday?"][..],
            None,
        ),
    ];
    for (index, (name, surname, phone, texts, transferred_to)) in guests.into_iter().enumerate() {
        let start = now - Duration::from_secs(3600 * (index as u64 + 2));
        let chat_id = add_guest_chat(&mut organisation, name, surname, phone, start);
        if let Some(employee) = transferred_to {
            organisation
                .assignments
                .insert(chat_id.clone(), fixed_id("0000e", employee));
        }
        for (turn, text) in texts.iter().enumerate() {
            let at = api_time(start + Duration::from_secs(120 * turn as u64));
            let direction = if turn % 2 == 0 { INCOMING } else { OUTGOING };
            let transfer_to = transferred_to.map(|employee: u32| fixed_id("0000e", employee));
            let message =
                seeded_message(&organisation, &chat_id, direction, text, &at, transfer_to);
            organisation.add_message(StoredMessage {
                message,
                read: turn + 1 < texts.len(),
            });
        }
    }
    organisation
}

fn sever(now: OffsetDateTime) -> Organisation {
    let created = api_time(now - Duration::from_secs(30 * 24 * 3600));
    Organisation {
        departments: vec![Department {
            id: fixed_id("0000d", 3),
            name: "Администрация".to_owned(),
        }],
        providers: vec![provider(
            3,
            "WhatsApp +7 (8152) 44-00-11",
            "3",
            WHATSAPP_WEB_TYPE,
            &created,
        )],
        ..Organisation::new(
            fixed_id("0000c", 2),
            "ИП Волков (Гостиница «Север»)",
            SECOND_API_KEY,
            created,
        )
    }
}

/// Adds a guest and their WhatsApp chat; returns the chat id.
pub fn add_guest_chat(
    organisation: &mut Organisation,
    name: &str,
    surname: &str,
    phone: &str,
    at: OffsetDateTime,
) -> String {
    let person = Person {
        id: super::world::new_id(),
        name: name.to_owned(),
        surname: Some(surname.to_owned()),
        phone: phone.to_owned(),
    };
    let provider = organisation.providers[0].clone();
    let chat = super::conversations::new_chat(&person, &provider, &api_time(at));
    let chat_id = chat.id.clone();
    organisation.add_person(person);
    organisation.add_chat(chat);
    chat_id
}

fn seeded_message(
    organisation: &Organisation,
    chat_id: &str,
    direction: &str,
    text: &str,
    at: &str,
    transfer_to: Option<String>,
) -> Message {
    let chat = organisation.chats.iter().find(|chat| chat.id == chat_id);
    let mut message = super::conversations::new_message(chat, direction, text, at);
    message.transfer_to = transfer_to;
    message
}
