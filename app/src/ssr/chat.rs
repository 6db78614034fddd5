//! Live guest chats (F7, F8): user mapping, the dialog list and history kept
//! in step with IntellectDialog, replies, and the event sequence browsers
//! follow over SSE.
pub mod access;
pub mod chores;
pub mod convert;
pub mod inbound;
pub mod mapping;
pub mod reply;
pub mod sync;
pub mod thread;

pub use crate::ssr::events::ChatHub;
pub use access::{require_agent, Agent};
