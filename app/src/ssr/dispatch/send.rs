//! Step 4 for one dispatch: re-check eligibility, render, send with the
//! dispatch key as `mark`, and classify what came back. A send whose answer
//! is lost stays in doubt; recover.rs looks it up before anything else.
use super::plan::{guest_date, plan_in, Plan, PlanContext};
use crate::domain::mailing_settings::MailingSettings;
use crate::domain::template::{render, TemplateValues};
use crate::domain::{FailureReason, RetryReason, SkipReason};
use crate::ssr::db::claimed::ClaimedDispatch;
use crate::ssr::db::dispatch_outcomes::Outcome;
use crate::ssr::db::integrations::IntegrationRow;
use crate::ssr::intellectdialog::conversations::SendMessage;
use crate::ssr::intellectdialog::{ApiError, Client};
use crate::ssr::AppState;
use rand::Rng;

/// Attempts before a dispatch fails for good.
pub const MAX_ATTEMPTS: i64 = 8;

/// The text a dispatch sends.
pub fn message_text(claimed: &ClaimedDispatch, settings: &MailingSettings) -> String {
    let language = claimed.guest_language.as_str();
    let values = TemplateValues {
        guest_name: claimed.guest_name.clone(),
        property_name: claimed.property_name.clone(),
        arrival_date: guest_date(&claimed.booking.arrival_local, language),
        departure_date: guest_date(&claimed.booking.departure_local, language),
        booking_number: claimed.number.clone(),
        payment_link: claimed.payment_link.clone().unwrap_or_default(),
    };
    render(settings.template_for(language), &values)
}

/// Whether the dispatch should still go now, re-checked at send time.
pub fn recheck(claimed: &ClaimedDispatch, now: i64) -> Result<&MailingSettings, Outcome> {
    let skipped = |reason| Outcome::Skipped { reason };
    if !claimed.mailing_active {
        return Err(skipped(SkipReason::MailingOff));
    }
    if claimed.integration_active != Some(true) {
        return Err(skipped(SkipReason::IntegrationOff));
    }
    let settings = &claimed.settings;
    let context = PlanContext {
        zone: &claimed.time_zone,
        activated_at: claimed.activated_at.unwrap_or(0),
        policy: Some(&claimed.policy),
    };
    match plan_in(claimed.kind, settings, &claimed.booking, &context) {
        Plan::Skip(why) => Err(skipped(why)),
        Plan::Due(due) if due.at > now + 1_000 => Err(Outcome::Replanned {
            due: due.at,
            deadline_at: due.deadline_at,
            moved_from: due.moved_from,
        }),
        // Retries or an outage carried it past the point where it makes sense.
        Plan::Due(due) if now >= due.deadline_at => Err(skipped(SkipReason::TooLate {
            deadline_at: due.deadline_at,
        })),
        Plan::Due(_) => Ok(settings),
    }
}

/// The client for the dispatch's property, or `None` when its stored key
/// cannot be read.
pub fn client(state: &AppState, claimed: &ClaimedDispatch) -> Option<Client> {
    let row = IntegrationRow {
        property_id: claimed.property_id,
        api_key_sealed: claimed.api_key_sealed.clone(),
        ..IntegrationRow::default()
    };
    crate::ssr::api_key::client_for(state, &row).ok()
}

/// Sends a re-checked dispatch and says what happened.
pub async fn send(client: &Client, claimed: &ClaimedDispatch, text: String, now: i64) -> Outcome {
    let (Some(provider_id), Some(phone)) =
        (claimed.provider_id.clone(), claimed.guest_phone.clone())
    else {
        return Outcome::Skipped {
            reason: SkipReason::NoPhone,
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
    let detail = Some(error.to_string());
    let class = error.class();
    match error {
        // Maybe it left (timeout, 5xx), or it was accepted with an unreadable
        // answer: in doubt, looked up before anything else happens to it.
        ApiError::Transient { .. }
        | ApiError::Other {
            status: 200..=299, ..
        } => Outcome::InDoubt {
            at: now + backoff(claimed.attempts),
            reason: RetryReason::InDoubt { class },
            detail,
        },
        ApiError::InvalidRecipient { .. } => Outcome::Failed {
            reason: FailureReason::InvalidRecipient,
            detail,
        },
        ApiError::Other {
            status: 400..=499, ..
        } => Outcome::Failed {
            reason: FailureReason::Refused { class },
            detail,
        },
        _ if claimed.attempts >= MAX_ATTEMPTS => Outcome::Failed {
            reason: FailureReason::GaveUp {
                attempts: attempts(claimed),
                last: class,
            },
            detail,
        },
        ApiError::RateLimited { retry_after, .. } => Outcome::Retry {
            at: now + retry_after.map_or(60_000, |wait| wait.as_millis() as i64),
            reason: RetryReason::ApiError { class },
            detail,
            sender_wait: true,
        },
        _ => Outcome::Retry {
            at: now + backoff(claimed.attempts),
            reason: RetryReason::ApiError { class },
            detail,
            sender_wait: false,
        },
    }
}

/// The attempts made, as reasons count them.
pub fn attempts(claimed: &ClaimedDispatch) -> u32 {
    u32::try_from(claimed.attempts.max(0)).unwrap_or(u32::MAX)
}

/// 30 s doubling per attempt up to an hour, ±20 % jitter.
pub fn backoff(attempts: i64) -> i64 {
    let base = 30_000_i64
        .saturating_mul(1 << attempts.clamp(1, 20).saturating_sub(1))
        .min(3_600_000);
    let jitter = rand::thread_rng().gen_range(-base / 5..=base / 5);
    base + jitter
}
