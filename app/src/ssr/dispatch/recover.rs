//! Step 5 for one dispatch in doubt (left `sending` after its lease): was it
//! sent? Its key is looked up among the number's outgoing messages; it is
//! sent again (through the throttle) only when IntellectDialog never got it.
use super::send::{attempts, backoff, MAX_ATTEMPTS};
use crate::domain::{FailureReason, RetryReason};
use crate::ssr::db::claimed::ClaimedDispatch;
use crate::ssr::db::dispatch_outcomes::Outcome;
use crate::ssr::intellectdialog::conversations::{api_time, Direction, MessageFilter};
use crate::ssr::intellectdialog::Client;
use std::collections::HashSet;

/// Looks the dispatch key up among the sender's outgoing messages since
/// shortly before the attempt (`wall_now` bounds it when the clock is virtual).
#[tracing::instrument(skip_all, fields(dispatch_id = %claimed.id, property_id = %claimed.property_id))]
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
                    reason: RetryReason::InDoubt {
                        class: error.class(),
                    },
                    detail: Some(error.to_string()),
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
            return never_left(claimed, now);
        }
        filter.offset = Some(seen);
    }
}

/// It never left: safe to send again, through the sender's throttle —
/// unless it has been tried enough.
fn never_left(claimed: &ClaimedDispatch, now: i64) -> Outcome {
    if claimed.attempts >= MAX_ATTEMPTS {
        return Outcome::Failed {
            reason: FailureReason::NeverReceived {
                attempts: attempts(claimed),
            },
            detail: None,
        };
    }
    Outcome::Retry {
        at: now,
        reason: RetryReason::NotReceived,
        detail: None,
        sender_wait: false,
    }
}

/// The phones on the organisation's stop list (empty when it cannot be read:
/// IntellectDialog refuses such phones itself).
pub async fn stop_list(client: &Client) -> HashSet<String> {
    let mut phones = HashSet::new();
    let mut offset = 0;
    while let Ok(page) = client.stop_list(Some(500), Some(offset)).await {
        let count = page.items.len() as u32;
        // Compared with bookings' phones, which are stored in E.164.
        phones.extend(
            page.items
                .into_iter()
                .filter_map(|entry| entry.person_phone)
                .map(|phone| crate::domain::Phone::normalized(&phone)),
        );
        offset += count;
        if count == 0 || u64::from(offset) >= page.pagin.total {
            break;
        }
    }
    phones
}
