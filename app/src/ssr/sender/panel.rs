//! The number panel: today's sends against its caps, its warm-up stage, its
//! window, whether it paused itself, and the 48-hour forecast — and the
//! expected send time of every planned dispatch, for the queue and the
//! booking timeline (computed here only, so every page agrees).
use crate::domain::local_time::local_time;
use crate::domain::send_budget::{self, Budget, SenderFacts};
use crate::domain::sender::{
    Forecast, ForecastFate, ForecastHour, ForecastItem, PauseView, SenderPanel,
};
use crate::domain::{DispatchId, Phone, PropertyId, Role};
use crate::error::AppError;
use crate::ssr::auth::session::user_and_property;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::dispatch_rows::{self, DispatchRow};
use crate::ssr::db::{integrations, senders, Db};
use crate::ssr::dispatch::forecast::{self, Expected, NumberState, Pending, HORIZON_MS};
use crate::ssr::AppState;
use std::collections::HashMap;

const HOUR_MS: i64 = 3_600_000;
/// Planned dispatches the forecast reads at most.
const FORECAST_ROWS: i64 = 20_000;
/// Items the panel lists under the chart.
const ITEMS_SHOWN: usize = 200;

/// A number and what is planned on it, read once.
pub struct Snapshot {
    pub number: NumberState,
    pub provider_id: String,
    pub provider_name: String,
    pub rows: Vec<DispatchRow>,
    pub expected: Vec<Expected>,
    pub paused: Option<PauseView>,
}

impl Snapshot {
    /// When each planned dispatch is expected to leave.
    pub fn expected_at(&self) -> HashMap<DispatchId, Option<i64>> {
        self.expected.iter().map(|e| (e.id, e.at)).collect()
    }
}

/// Reads the property's current number and simulates its next 48 hours;
/// `None` while no number is chosen.
pub async fn snapshot(
    db: &Db,
    property_id: PropertyId,
    zone: &str,
    now: i64,
) -> sqlx::Result<Option<Snapshot>> {
    let integration = integrations::find(db, property_id).await?;
    let Some(provider_id) = integration.provider_id.clone() else {
        return Ok(None);
    };
    let row = senders::find(db, property_id, &provider_id)
        .await?
        .unwrap_or_default();
    let since = (now - HOUR_MS).min(send_budget::day_start(zone, now));
    let sends = senders::sends_since_db(db, property_id, &provider_id, since).await?;
    let number = NumberState {
        policy: row.policy.clone(),
        zone: zone.to_owned(),
        interval_ms: integration.send_interval_secs.max(0) * 1000,
        next_allowed_at: row.next_allowed_at,
        first_sent_at: row.first_sent_at,
        paused: row.paused_at.is_some(),
        sends,
    };
    let rows =
        dispatch_rows::planned_until(db, property_id, now + HORIZON_MS, FORECAST_ROWS).await?;
    let pending: Vec<Pending> = rows
        .iter()
        .map(|row| Pending {
            id: row.id,
            ready_at: row.next_attempt_at,
            deadline_at: row.deadline_at,
        })
        .collect();
    let expected = forecast::simulate(&number, &pending, now);
    let paused = match (row.paused_at, row.pause) {
        (Some(at), Some(reason)) => Some(PauseView {
            reason,
            since: local_time(at, zone),
            detail: row.pause_detail.clone(),
        }),
        _ => None,
    };
    Ok(Some(Snapshot {
        number,
        provider_name: integration.provider_name.unwrap_or_default(),
        provider_id,
        rows,
        expected,
        paused,
    }))
}

/// The facts the budget reads, of a snapshot's number.
fn facts_of<'a>(number: &'a NumberState) -> SenderFacts<'a> {
    SenderFacts {
        policy: &number.policy,
        zone: &number.zone,
        next_allowed_at: number.next_allowed_at,
        first_sent_at: number.first_sent_at,
        paused: number.paused,
        sends: &number.sends,
    }
}

/// When the number may next send (`None`: paused, or its window never opens).
pub fn next_free(snapshot: &Snapshot, now: i64) -> Option<i64> {
    match send_budget::budget(&facts_of(&snapshot.number), now) {
        Budget::Open { .. } => Some(now),
        Budget::Wait { until, .. } => until,
    }
}

/// The number's sends since the start of its local day.
pub fn sent_today(snapshot: &Snapshot, now: i64) -> u32 {
    let start = send_budget::day_start(&snapshot.number.zone, now);
    snapshot
        .number
        .sends
        .iter()
        .filter(|&&at| at >= start)
        .count() as u32
}

/// The panel of the property's current number, `None` while none is chosen.
pub async fn panel(
    state: &AppState,
    user: CurrentUser,
    now: i64,
) -> Result<Option<SenderPanel>, AppError> {
    let (staff, property) = user_and_property(state, user).await?;
    let can_edit = staff.role() == Role::Admin && property.subscription().allows_integrations();
    let zone = property.time_zone.clone();
    let Some(snapshot) = snapshot(&state.db, user.property_id, &zone, now).await? else {
        return Ok(None);
    };
    let number = &snapshot.number;
    let facts = facts_of(number);
    let day_number = send_budget::day_number(&facts, now);
    let (waiting, next_free) = match send_budget::budget(&facts, now) {
        Budget::Open { .. } => (None, Some(now)),
        Budget::Wait { why, until } => (Some(why), until),
    };
    let last_hour = number
        .sends
        .iter()
        .filter(|&&at| at >= now - HOUR_MS)
        .count() as u32;
    Ok(Some(SenderPanel {
        phone: phone_in(&snapshot.provider_name),
        provider_id: snapshot.provider_id.clone(),
        provider_name: snapshot.provider_name.clone(),
        policy: number.policy.clone(),
        interval_secs: number.interval_ms / 1000,
        sent_last_hour: last_hour,
        sent_today: sent_today(&snapshot, now),
        cap_today: number.policy.cap_for_day(day_number),
        warmup: number.policy.warmup_stage(day_number),
        paused: snapshot.paused.clone(),
        window_open: send_budget::window_open(&number.policy, &zone, now),
        waiting,
        next_free_at: next_free.map(|at| local_time(at, &zone)),
        forecast: forecast_view(&snapshot, &zone, now),
        time_zone: zone,
        can_edit,
    }))
}

/// The chart's hours and the list under it.
fn forecast_view(snapshot: &Snapshot, zone: &str, now: i64) -> Forecast {
    let planned = forecast::per_hour(&snapshot.expected, now);
    let capacity = forecast::capacity(&snapshot.number, now, &planned);
    let first = forecast::hour_start(now);
    let hours = capacity
        .iter()
        .zip(&planned)
        .enumerate()
        .map(|(hour, (capacity, planned))| ForecastHour {
            label: local_time(first + hour as i64 * HOUR_MS, zone),
            planned: *planned,
            capacity: *capacity,
        })
        .collect();
    let rows: HashMap<DispatchId, &DispatchRow> =
        snapshot.rows.iter().map(|row| (row.id, row)).collect();
    let mut expected: Vec<&Expected> = snapshot.expected.iter().collect();
    expected.sort_by_key(|e| (e.at.is_none(), e.at, e.id));
    let count = |fate| snapshot.expected.iter().filter(|e| e.fate == fate).count() as u32;
    Forecast {
        hours,
        items: expected
            .into_iter()
            .filter(|e| e.at.is_some() || e.fate == ForecastFate::MissesDeadline)
            .take(ITEMS_SHOWN)
            .filter_map(|e| {
                let row = rows.get(&e.id)?;
                Some(ForecastItem {
                    dispatch_id: e.id,
                    kind: row.kind,
                    booking_number: row.number.clone(),
                    guest_name: row.guest_name.clone(),
                    due_at: local_time(row.next_attempt_at, zone),
                    expected_at: e.at.map(|at| local_time(at, zone)),
                    deadline_at: row.deadline_at.map(|at| local_time(at, zone)),
                    fate: e.fate,
                })
            })
            .collect(),
        total: snapshot.expected.len() as u32,
        spills: count(ForecastFate::Spills),
        misses: count(ForecastFate::MissesDeadline),
    }
}

/// The phone number a provider's name carries (IntellectDialog's providers
/// have no phone field; WhatsApp numbers are usually named by their number).
pub fn phone_in(name: &str) -> Option<String> {
    let mut best: Option<String> = None;
    let mut run = String::new();
    for c in name.chars().chain(std::iter::once('|')) {
        if c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')') {
            run.push(c);
        } else {
            let digits = run.chars().filter(char::is_ascii_digit).count();
            if (10..=15).contains(&digits) && best.is_none() {
                best = Phone::parse(run.trim())
                    .ok()
                    .map(|phone| phone.as_str().to_owned());
            }
            run.clear();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::phone_in;

    #[test]
    fn a_providers_number_is_read_from_its_name() {
        assert_eq!(
            phone_in("WhatsApp +7 (900) 123-45-67").as_deref(),
            Some("+79001234567")
        );
        assert_eq!(
            phone_in("Ресепшн 8 900 123 45 67").as_deref(),
            Some("+79001234567")
        );
        assert_eq!(phone_in("Telegram-бот отеля"), None);
    }
}
