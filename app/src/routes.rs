//! Screens, one per file.
pub mod chats;
pub mod contact_center;
pub mod guests_layout;
pub mod integration_settings;
pub mod login;
pub mod mailing;
pub mod mailings;
pub mod not_found;
