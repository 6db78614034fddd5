//! Demo bookings around "today" for the demo properties, so activating a
//! mailing shows something at once. Created once; existing ones are kept.
use super::db::{bookings, properties, Db};
use super::dispatch::planning;
use crate::domain::booking::{BookingSource, BookingStatus};
use crate::domain::booking_input::BookingInput;
use crate::domain::local_time::local_to_ms;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

const GUESTS: [(&str, &str); 12] = [
    ("Анна Иванова", "ru"),
    ("Сергей Петров", "ru"),
    ("Мария Соколова", "ru"),
    ("John Smith", "en"),
    ("Екатерина Волкова", "ru"),
    ("Дмитрий Орлов", "ru"),
    ("Emma Brown", "en"),
    ("Алексей Морозов", "ru"),
    ("Ольга Лебедева", "ru"),
    ("Игорь Кузнецов", "ru"),
    ("Наталья Попова", "ru"),
    ("Павел Васильев", "ru"),
];

/// Creates 18 bookings per demo property: arrivals from five days ago to
/// twelve days ahead, every source, some not guaranteed, one without a phone,
/// one cancelled.
pub async fn seed(db: &Db, now: i64) -> anyhow::Result<()> {
    for (external_id, prefix) in [("demo-volna", "VOL"), ("demo-briz", "BRZ")] {
        let Some(property) = properties::find_by_external_id(db, external_id).await? else {
            continue;
        };
        let zone = TimeZone::get(&property.time_zone)?;
        let today = Timestamp::from_millisecond(now)?.to_zoned(zone).date();
        for index in 0..18_i64 {
            let number = format!("{prefix}-{}", 1001 + index);
            if bookings::find(db, property.id, &number).await?.is_some() {
                continue;
            }
            let arrival = today.checked_add(Span::new().days(index - 5))?;
            let departure = arrival.checked_add(Span::new().days(1 + index % 4))?;
            let arrival_local = format!("{arrival}T14:00");
            let departure_local = format!("{departure}T12:00");
            let (name, language) = GUESTS[index as usize % GUESTS.len()];
            let source = [
                BookingSource::Site,
                BookingSource::Channel,
                BookingSource::Pms,
            ][index as usize % 3];
            let guaranteed = index % 4 != 1;
            let booked_at = now - (20 - index) * 3_600_000 * 24 / 2;
            let input = BookingInput {
                number: number.clone(),
                status: if index == 13 {
                    BookingStatus::Cancelled
                } else {
                    BookingStatus::Active
                },
                source,
                guaranteed,
                prepaid_amount: if guaranteed { 450_000 } else { 0 },
                payment_due_at: (!guaranteed).then_some(now + 2 * 24 * 3_600_000),
                payment_link: (!guaranteed).then(|| format!("https://pay.example/{number}")),
                arrival_at: local_to_ms(&arrival_local, &property.time_zone).unwrap_or(now),
                departure_at: local_to_ms(&departure_local, &property.time_zone).unwrap_or(now),
                arrival_local,
                departure_local,
                guest_name: name.to_owned(),
                guest_phone: (index != 9).then(|| {
                    format!(
                        "+7912555{:04}",
                        1000 + index + if prefix == "BRZ" { 100 } else { 0 }
                    )
                }),
                guest_email: None,
                guest_language: language.to_owned(),
                booked_at,
                modified_at: booked_at,
            };
            planning::upsert_booking(db, property.id, &input, now).await?;
        }
    }
    Ok(())
}
