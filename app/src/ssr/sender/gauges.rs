//! Per-number gauges for `/metrics`: sent today, today's cap, paused,
//! window open, queue depth and how long the oldest due dispatch has waited.
use crate::domain::send_budget::{self, SenderFacts};
use crate::domain::DispatchState;
use crate::on_db;
use crate::ssr::db::{senders, Db};

/// One number's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberGauges {
    pub property: String,
    pub provider_id: String,
    pub sent_today: i64,
    /// -1: no cap.
    pub cap_today: i64,
    pub paused: bool,
    pub window_open: bool,
    pub queue_depth: i64,
    pub oldest_due_seconds: i64,
}

/// The figures of every property's current number.
pub async fn read(db: &Db, now: i64) -> sqlx::Result<Vec<NumberGauges>> {
    const SQL: &str = "SELECT p.id, p.external_id, p.time_zone, i.provider_id, \
         (SELECT COUNT(*) FROM dispatches d WHERE d.property_id = p.id AND d.state = $2), \
         (SELECT MIN(d.next_attempt_at) FROM dispatches d WHERE d.property_id = p.id AND d.state = $2 \
          AND d.next_attempt_at <= $1) \
         FROM properties p JOIN integrations i ON i.property_id = p.id WHERE i.provider_id IS NOT NULL \
         ORDER BY p.id";
    type Row = (
        crate::domain::PropertyId,
        String,
        String,
        String,
        i64,
        Option<i64>,
    );
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(SQL).bind(now).bind(DispatchState::Planned).fetch_all(pool).await)?;
    let mut gauges = Vec::with_capacity(rows.len());
    for (property_id, property, zone, provider_id, queue_depth, oldest_due) in rows {
        let row = senders::find(db, property_id, &provider_id)
            .await?
            .unwrap_or_default();
        let start = send_budget::day_start(&zone, now);
        let sends = senders::sends_since_db(db, property_id, &provider_id, start).await?;
        let facts = SenderFacts {
            policy: &row.policy,
            zone: &zone,
            next_allowed_at: row.next_allowed_at,
            first_sent_at: row.first_sent_at,
            paused: row.paused_at.is_some(),
            sends: &sends,
        };
        let day = send_budget::day_number(&facts, now);
        gauges.push(NumberGauges {
            property,
            provider_id,
            sent_today: sends.len() as i64,
            cap_today: row.policy.cap_for_day(day).map_or(-1, i64::from),
            paused: row.paused_at.is_some(),
            window_open: send_budget::window_open(&row.policy, &zone, now),
            queue_depth,
            oldest_due_seconds: oldest_due.map_or(0, |due| (now - due).max(0) / 1000),
        });
    }
    Ok(gauges)
}

/// A gauge's name, help and how to read it off one number.
type Series = (&'static str, &'static str, fn(&NumberGauges) -> i64);

/// The gauges in Prometheus' text format.
pub fn render(gauges: &[NumberGauges]) -> String {
    let series: [Series; 6] = [
        (
            "cc_sender_sent_today",
            "Messages the number sent in its property's local day.",
            |g| g.sent_today,
        ),
        (
            "cc_sender_cap_today",
            "Today's cap of the number after its warm-up (-1: none).",
            |g| g.cap_today,
        ),
        (
            "cc_sender_paused",
            "1 when the number paused itself.",
            |g| i64::from(g.paused),
        ),
        (
            "cc_sender_window_open",
            "1 while the number's send window is open.",
            |g| i64::from(g.window_open),
        ),
        (
            "cc_sender_queue_depth",
            "Planned dispatches of the number's property.",
            |g| g.queue_depth,
        ),
        (
            "cc_sender_oldest_due_seconds",
            "How long the oldest due dispatch has waited.",
            |g| g.oldest_due_seconds,
        ),
    ];
    let mut text = String::new();
    for (name, help, value) in series {
        text.push_str(&format!("# HELP {name} {help}\n# TYPE {name} gauge\n"));
        for gauge in gauges {
            text.push_str(&format!(
                "{name}{{property=\"{}\",provider=\"{}\"}} {}\n",
                escape(&gauge.property),
                escape(&gauge.provider_id),
                value(gauge)
            ));
        }
    }
    text
}

/// A label value as Prometheus reads it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
