//! The dispatch scheduler (DESIGN.md "Dispatch scheduler"): plan, claim with
//! a lease, throttle per sender number, send exactly once, recover, track.
pub mod batch;
pub mod clock;
pub mod forecast;
pub mod plan;
pub mod planning;
pub mod recover;
pub mod send;
pub mod sender_guard;
pub mod worker;

pub use clock::{Clock, ManualClock, SystemClock};
pub use worker::{Dispatcher, TickReport};
