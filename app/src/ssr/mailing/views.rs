//! Stored mailings and dispatches as the «Рассылки» pages show them, with
//! times in the property's zone.
use crate::domain::local_time::local_time;
use crate::domain::mailing::{Counters, DispatchView, MailingKind, MailingView, WHATSAPP_WEB};
use crate::domain::DispatchState;
use crate::ssr::db::dispatch_rows::DispatchRow;
use crate::ssr::db::plan_store::MailingRow;

/// A mailing in the list, with its counters.
pub fn mailing_view(
    row: &MailingRow,
    counters: &[(MailingKind, DispatchState, i64)],
    zone: &str,
    can_edit: bool,
) -> MailingView {
    let mut totals = Counters::default();
    for (_, state, count) in counters.iter().filter(|(kind, ..)| *kind == row.kind) {
        match state {
            DispatchState::Planned | DispatchState::Sending => totals.planned += count,
            DispatchState::Sent => totals.sent += count,
            DispatchState::Delivered => totals.delivered += count,
            DispatchState::Read => totals.read += count,
            DispatchState::Failed => totals.failed += count,
            DispatchState::Skipped | DispatchState::Cancelled => {}
        }
    }
    // Delivered and read messages were sent too.
    totals.sent += totals.delivered + totals.read;
    totals.delivered += totals.read;
    MailingView {
        kind: row.kind,
        active: row.active,
        delivery_method: WHATSAPP_WEB.to_owned(),
        activated_at: row.activated_at.map(|at| local_time(at, zone)),
        counters: totals,
        can_edit,
        subscription_missing: Vec::new(),
    }
}

/// A dispatch in a queue or a timeline; `estimated_at` is shown while it is pending.
pub fn dispatch_view(row: DispatchRow, zone: &str, estimated_at: Option<i64>) -> DispatchView {
    DispatchView {
        id: row.id,
        kind: row.kind,
        booking_number: row.number,
        guest_name: row.guest_name,
        due_at: (row.due_at > 0).then(|| local_time(row.due_at, zone)),
        estimated_at: estimated_at
            .filter(|_| row.state.is_pending())
            .map(|at| local_time(at, zone)),
        sent_at: row.sent_at.map(|at| local_time(at, zone)),
        attempts: row.attempts,
        reason_at: row
            .reason
            .and_then(|reason| reason.instant())
            .map(|at| local_time(at, zone)),
        reason: row.reason,
        detail: row.detail,
        state: row.state,
    }
}
