//! The dispatch lifecycle (one planned send of one mailing for one booking):
//! its states, the delivery reports that move it on, and the one mapping of
//! each state to the text stored in `dispatches.state`.
//!
//! ```text
//! planned ──claim──▶ sending ──▶ sent ──▶ delivered ──▶ read
//!    ▲ │                │  └──────────────────┴──────▶ failed
//!    │ └─▶ skipped /    └─▶ planned (retry), skipped, failed
//!    │     cancelled
//!    └── re-planned while nothing has left
//! ```
use serde::{Deserialize, Serialize};

/// A stored value this version does not know: a newer version wrote it, or
/// the row was edited by hand. Never read as some other value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// Where a dispatch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchState {
    /// Waiting for its moment (or for a retry after a failed attempt).
    Planned,
    /// Claimed by a worker under a lease; maybe already sent (in doubt).
    Sending,
    /// IntellectDialog accepted the message.
    Sent,
    Delivered,
    Read,
    /// Will not be sent: the attempts failed or IntellectDialog refused it.
    Failed,
    /// Will not be sent: the booking or the settings rule it out.
    Skipped,
    /// Will not be sent: the booking was cancelled or the mailing switched off.
    Cancelled,
}

impl DispatchState {
    pub const ALL: [Self; 8] = [
        Self::Planned,
        Self::Sending,
        Self::Sent,
        Self::Delivered,
        Self::Read,
        Self::Failed,
        Self::Skipped,
        Self::Cancelled,
    ];

    /// States planning may still rewrite: nothing has left for them.
    pub const REPLANNABLE: [Self; 3] = [Self::Planned, Self::Skipped, Self::Cancelled];

    /// The text stored in `dispatches.state`: the only place it is spelled.
    pub const fn column_value(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Cancelled => "cancelled",
        }
    }

    /// The state a stored text names.
    pub fn from_column(raw: &str) -> Result<Self, UnknownValue> {
        Self::ALL
            .into_iter()
            .find(|state| state.column_value() == raw)
            .ok_or_else(|| UnknownValue {
                kind: "dispatch state",
                value: raw.to_owned(),
            })
    }

    /// Still ahead: waiting or being sent.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Planned | Self::Sending)
    }

    /// IntellectDialog has the message (whatever happened after).
    pub fn has_left(self) -> bool {
        matches!(self, Self::Sent | Self::Delivered | Self::Read)
    }

    /// The state a delivery report moves this one to, if any: reports only
    /// move a dispatch forward, never back (a late "delivered" after "read"
    /// changes nothing).
    pub fn after(self, outcome: DeliveryOutcome) -> Option<Self> {
        outcome
            .moves_from()
            .contains(&self)
            .then(|| outcome.state())
    }
}

crate::stored_text!(DispatchState, column_value, from_column);

/// What IntellectDialog reported about a message that left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    Delivered,
    Read,
    /// It could not be delivered.
    Failed,
}

impl DeliveryOutcome {
    /// The state the report stands for.
    pub fn state(self) -> DispatchState {
        match self {
            Self::Delivered => DispatchState::Delivered,
            Self::Read => DispatchState::Read,
            Self::Failed => DispatchState::Failed,
        }
    }

    /// The states this report may move a dispatch on from. `sending` is
    /// among them: a report may outrun the recording of "sent".
    pub fn moves_from(self) -> &'static [DispatchState] {
        use DispatchState::{Delivered, Sending, Sent};
        match self {
            Self::Delivered | Self::Failed => &[Sending, Sent],
            Self::Read => &[Sending, Sent, Delivered],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_column_value() {
        for state in DispatchState::ALL {
            assert_eq!(DispatchState::from_column(state.column_value()), Ok(state));
        }
        let unknown = DispatchState::from_column("queued").err();
        assert_eq!(
            unknown.map(|error| error.to_string()),
            Some("unknown dispatch state `queued`".to_owned())
        );
    }

    #[test]
    fn delivery_reports_only_move_a_dispatch_forward() {
        use DeliveryOutcome as Report;
        use DispatchState::*;
        assert_eq!(Sent.after(Report::Delivered), Some(Delivered));
        assert_eq!(Sending.after(Report::Read), Some(Read));
        assert_eq!(Delivered.after(Report::Read), Some(Read));
        assert_eq!(Read.after(Report::Delivered), None);
        assert_eq!(Delivered.after(Report::Failed), None);
        assert_eq!(Planned.after(Report::Delivered), None);
        assert_eq!(Skipped.after(Report::Failed), None);
    }
}
