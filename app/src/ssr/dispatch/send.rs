//! Steps 4 and 5 for one dispatch: re-check eligibility, render, send with
//! the dispatch key as `mark`; or, for one in doubt, look the key up first.
use super::plan::{deadline, guest_date, plan, reason, BookingFacts, Plan};
use crate::domain::mailing::MailingKind;
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::template::{render, TemplateValues};
use crate::ssr::db::dispatches::{ClaimedDispatch, Outcome};
use crate::ssr::db::integrations::IntegrationRow;
use crate::ssr::intellectdialog::conversations::{Direction, MessageFilter, SendMessage};
use crate::ssr::intellectdialog::{ApiError, Client};
use crate::ssr::AppState;
use rand::Rng;
use std::collections::HashSet;

/// Attempts before a dispatch fails for good.
pub const MAX_ATTEMPTS: i64 = 8;

/// The text a dispatch sends.
pub fn message_text(claimed: &ClaimedDispatch, settings: &MailingSettings) -> String {
    let language = claimed.guest_language.as_str();
    let values = TemplateValues {
        guest_name: claimed.guest_name.clone(),
        property_name: claimed.property_name.clone(),
        arrival_date: guest_date(&claimed.arrival_local, language),
        departure_date: guest_date(&claimed.departure_local, language),
        booking_number: claimed.number.clone(),
        payment_link: claimed.payment_link.clone().unwrap_or_default(),
    };
    render(settings.template_for(language), &values)
}

fn facts(claimed: &ClaimedDispatch) -> BookingFacts {
    BookingFacts::from_row(
        &claimed.status,
        &claimed.source,
        claimed.guaranteed,
        (&claimed.arrival_local, &claimed.departure_local),
        claimed.booked_at,
        claimed.guest_phone.as_deref(),
    )
}

/// Whether the dispatch should still go now, re-checked at send time.
pub fn recheck(claimed: &ClaimedDispatch, now: i64) -> Result<MailingSettings, Outcome> {
    let skipped = |why: &str| Outcome::Skipped {
        reason: why.to_owned(),
    };
    let kind = MailingKind::parse(&claimed.kind).ok_or_else(|| skipped(reason::MAILING_OFF))?;
    let settings: MailingSettings = serde_json::from_str(&claimed.settings)
        .unwrap_or_else(|_| MailingSettings::default_for(kind));
    if !claimed.mailing_active {
        return Err(skipped(reason::MAILING_OFF));
    }
    if claimed.integration_active != Some(true) {
        return Err(skipped(reason::INTEGRATION_OFF));
    }
    match plan(
        kind,
        &settings,
        &facts(claimed),
        &claimed.time_zone,
        claimed.activated_at.unwrap_or(0),
    ) {
        Plan::Skip(why) => Err(skipped(why)),
        Plan::Due(due) if due > now + 1_000 => Err(Outcome::Replanned { due }),
        // Retries or an outage carried it past the point where it makes sense.
        Plan::Due(_)
            if deadline(&settings, &facts(claimed), &claimed.time_zone)
                .is_some_and(|deadline| now >= deadline) =>
        {
            Err(skipped(reason::TOO_LATE))
        }
        Plan::Due(_) => Ok(settings),
    }
}

/// The client for the dispatch's property, or why there is none.
pub fn client(state: &AppState, claimed: &ClaimedDispatch) -> Option<Client> {
    let row = IntegrationRow {
        property_id: claimed.property_id,
        api_key_sealed: claimed.api_key_sealed.clone(),
        ..IntegrationRow::default()
    };
    crate::ssr::integration::client_for(state, &row).ok()
}

/// Sends a re-checked dispatch and says what happened.
pub async fn send(client: &Client, claimed: &ClaimedDispatch, text: String, now: i64) -> Outcome {
    let (Some(provider_id), Some(phone)) =
        (claimed.provider_id.clone(), claimed.guest_phone.clone())
    else {
        return Outcome::Skipped {
            reason: reason::NO_PHONE.to_owned(),
        };
    };
    let message = SendMessage {
        provider_id,
        phone,
        text,
        mark: Some(claimed.dispatch_key.clone()),
        employee_id: None,
    };
    match client.send_message(&message).await {
        Ok(result) => Outcome::Sent {
            message_id: result.message_id.unwrap_or_default(),
        },
        Err(error) => after_error(claimed, &error, now),
    }
}

/// What to do after a failed send. A timeout or 5xx may hide a message that
/// left: such a dispatch stays in doubt and is looked up before any resend.
pub fn after_error(claimed: &ClaimedDispatch, error: &ApiError, now: i64) -> Outcome {
    let reason = error.to_string();
    match error {
        // Maybe it left (timeout, 5xx), or it was accepted with an unreadable
        // answer: in doubt, looked up before anything else happens to it.
        ApiError::Transient { .. }
        | ApiError::Other {
            status: 200..=299, ..
        } => Outcome::InDoubt {
            at: now + backoff(claimed.attempts),
            reason,
        },
        ApiError::InvalidRecipient { detail } => Outcome::Failed {
            reason: format!("invalid_recipient: {detail}"),
        },
        ApiError::Other {
            status: 400..=499, ..
        } => Outcome::Failed { reason },
        _ if claimed.attempts >= MAX_ATTEMPTS => Outcome::Failed {
            reason: format!("gave up after {MAX_ATTEMPTS} attempts: {reason}"),
        },
        ApiError::RateLimited { retry_after, .. } => Outcome::Retry {
            at: now + retry_after.map_or(60_000, |wait| wait.as_millis() as i64),
            reason,
            sender_wait: true,
        },
        _ => Outcome::Retry {
            at: now + backoff(claimed.attempts),
            reason,
            sender_wait: false,
        },
    }
}

/// 30 s doubling per attempt up to an hour, ±20 % jitter.
pub fn backoff(attempts: i64) -> i64 {
    let base = 30_000_i64
        .saturating_mul(1 << attempts.clamp(1, 20).saturating_sub(1))
        .min(3_600_000);
    let jitter = rand::thread_rng().gen_range(-base / 5..=base / 5);
    base + jitter
}

/// Step 5: was the in-doubt message sent? Looks the dispatch key up among
/// the sender's outgoing messages since shortly before the attempt.
pub async fn recover(
    client: &Client,
    claimed: &ClaimedDispatch,
    now: i64,
    wall_now: i64,
) -> Outcome {
    let since = claimed.sending_at.unwrap_or(wall_now).min(wall_now) - 15 * 60_000;
    let mut filter = MessageFilter {
        provider_id: claimed.provider_id.clone(),
        direction: Some(Direction::ToClient),
        created_after: Some(api_time(since)),
        limit: Some(500),
        offset: Some(0),
        ..MessageFilter::default()
    };
    loop {
        let page = match client.messages(&filter).await {
            Ok(page) => page,
            Err(error) => {
                return Outcome::InDoubt {
                    at: now + backoff(claimed.attempts),
                    reason: error.to_string(),
                }
            }
        };
        if let Some(found) = page
            .items
            .iter()
            .find(|message| message.marker.as_deref() == Some(claimed.dispatch_key.as_str()))
        {
            return Outcome::Sent {
                message_id: found.id.clone(),
            };
        }
        let seen = filter.offset.unwrap_or(0) + page.items.len() as u32;
        if page.items.is_empty() || u64::from(seen) >= page.pagin.total {
            // Never left: safe to send again, through the sender's throttle —
            // unless it has been tried enough.
            if claimed.attempts >= MAX_ATTEMPTS {
                return Outcome::Failed {
                    reason: format!(
                        "gave up after {MAX_ATTEMPTS} attempts; IntellectDialog never received it"
                    ),
                };
            }
            return Outcome::Retry {
                at: now,
                reason: "the earlier attempt did not reach IntellectDialog".to_owned(),
                sender_wait: false,
            };
        }
        filter.offset = Some(seen);
    }
}

/// `YYYY-MM-DD HH:MM:SS` (UTC), the API's time format.
pub fn api_time(at_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|at| at.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// The phones on the organisation's stop list (empty when it cannot be read:
/// IntellectDialog refuses such phones itself).
pub async fn stop_list(client: &Client) -> HashSet<String> {
    let mut phones = HashSet::new();
    let mut offset = 0;
    while let Ok(page) = client.stop_list(Some(500), Some(offset)).await {
        let count = page.items.len() as u32;
        phones.extend(
            page.items
                .into_iter()
                .filter_map(|entry| entry.person_phone),
        );
        offset += count;
        if count == 0 || u64::from(offset) >= page.pagin.total {
            break;
        }
    }
    phones
}
