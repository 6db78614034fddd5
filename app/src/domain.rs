//! Shared domain types: validated values and views exchanged with the UI.
pub mod account_request;
pub mod booking;
#[cfg(feature = "ssr")]
pub mod booking_input;
pub mod chat;
pub mod chat_rights;
pub mod dispatch;
pub mod dispatch_reason;
pub mod email;
pub mod field_text;
pub mod ids;
pub mod integration;
#[cfg(feature = "ssr")]
pub mod local_time;
pub mod mailing;
pub mod mailing_kind;
pub mod mailing_settings;
pub mod navigation;
pub mod opt_out;
pub mod phone;
pub mod pms_token;
pub mod role;
#[cfg(feature = "ssr")]
pub mod send_budget;
pub mod sender;
pub mod sender_policy;
pub mod session;
pub mod stored_text;
pub mod subscription;
pub mod tagged;
pub mod template;

pub use dispatch::{DeliveryOutcome, DispatchState, UnknownValue};
pub use dispatch_reason::{
    ApiErrorClass, DispatchReason, FailureReason, RetryReason, SkipReason, WaitReason,
};
pub use email::Email;
pub use ids::{BookingId, DispatchId, MailingId, PropertyId, StaffUserId};
pub use integration::{AuditEntry, IntegrationView, ProviderOption};
pub use phone::Phone;
pub use role::Role;
pub use session::SessionView;
pub use subscription::{Subscription, SubscriptionPart};
