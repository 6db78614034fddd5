//! Properties as the host PMS provisions them (the platform API): a hotel,
//! its time zone and language, and its subscription, checked field by field
//! and stored in one upsert; deactivation ends its sessions and holds its
//! sending while keeping its data.
use crate::domain::booking_input::{field_error, FieldError};
use crate::domain::subscription::BASIC_TARIFF;
use crate::ssr::db::properties::ProvisionedProperty;
use serde::Deserialize;

/// The longest name accepted.
const MAX_NAME: usize = 200;
/// The longest external id accepted.
pub const MAX_EXTERNAL_ID: usize = 100;

/// A property as the PMS sends it (`PUT /api/v1/platform/properties/{id}`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyBody {
    pub name: String,
    /// The name in English messages; absent: the name.
    pub name_en: Option<String>,
    /// An IANA time zone, e.g. `Europe/Moscow`.
    pub time_zone: String,
    /// `ru` or `en`; absent: `ru`.
    pub locale: Option<String>,
    pub subscription: SubscriptionBody,
}

/// What the property pays for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionBody {
    /// TL: Guest Management System.
    pub gms: bool,
    /// The module «Контакт-центр».
    pub contact_center: bool,
    /// `basic` («Базовый») or absent.
    pub tariff: Option<String>,
    /// The last day paid for, `YYYY-MM-DD` in the property's zone; absent: no end.
    pub paid_until: Option<String>,
}

/// Checks every field (all that are wrong at once) into what is stored.
pub fn validate<'a>(
    external_id: &'a str,
    body: &'a PropertyBody,
) -> Result<ProvisionedProperty<'a>, Vec<FieldError>> {
    let mut problems = Vec::new();
    let external_id = external_id.trim();
    if external_id.is_empty() || external_id.chars().count() > MAX_EXTERNAL_ID {
        problems.push(field_error(
            "external_id",
            format!("must be 1 to {MAX_EXTERNAL_ID} characters"),
        ));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        problems.push(field_error(
            "name",
            format!("must be 1 to {MAX_NAME} characters"),
        ));
    }
    let name_en = body.name_en.as_deref().map(str::trim);
    if name_en.is_some_and(|name| name.is_empty() || name.chars().count() > MAX_NAME) {
        problems.push(field_error(
            "name_en",
            format!("must be 1 to {MAX_NAME} characters when given"),
        ));
    }
    let time_zone = body.time_zone.trim();
    if jiff::tz::TimeZone::get(time_zone).is_err() {
        problems.push(field_error(
            "time_zone",
            "must be an IANA time zone such as Europe/Moscow",
        ));
    }
    let locale = body.locale.as_deref().unwrap_or("ru");
    if !matches!(locale, "ru" | "en") {
        problems.push(field_error("locale", "must be `ru` or `en`"));
    }
    let subscription = &body.subscription;
    if subscription
        .tariff
        .as_deref()
        .is_some_and(|tariff| tariff != BASIC_TARIFF)
    {
        problems.push(field_error(
            "subscription.tariff",
            format!("must be `{BASIC_TARIFF}` or absent"),
        ));
    }
    let paid_until = subscription.paid_until.as_deref().map(str::trim);
    if paid_until.is_some_and(|date| date.parse::<jiff::civil::Date>().is_err() || date.len() != 10)
    {
        problems.push(field_error(
            "subscription.paid_until",
            "must be a date, YYYY-MM-DD",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ProvisionedProperty {
        external_id,
        name,
        name_en,
        time_zone,
        locale,
        gms: subscription.gms,
        contact_center: subscription.contact_center,
        tariff: subscription.tariff.as_deref(),
        paid_until,
    })
}
