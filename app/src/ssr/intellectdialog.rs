//! The IntellectDialog API client: typed operations, envelope, errors, webhooks.
//!
//! See `reference/intellectdialog-api.md` for what is known of the real API; the
//! emulator in `server::emulator` implements the same contract.
pub mod client;
pub mod conversations;
pub mod directory;
pub mod envelope;
pub mod error;
pub mod model;
pub mod provider_kind;
pub mod subscriptions;
pub mod webhook;

pub use client::{http_client, Client, DEFAULT_BASE_URL};
pub use error::ApiError;
