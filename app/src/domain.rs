//! Shared domain types: validated values and views exchanged with the UI.
pub mod account_request;
pub mod booking;
pub mod chat;
pub mod chat_rights;
pub mod email;
pub mod integration;
pub mod mailing;
pub mod mailing_settings;
pub mod phone;
pub mod role;
pub mod session;
pub mod subscription;
pub mod template;

pub use email::Email;
pub use integration::{AuditEntry, IntegrationView, ProviderOption};
pub use phone::Phone;
pub use role::Role;
pub use session::SessionView;
pub use subscription::{Subscription, SubscriptionPart};
