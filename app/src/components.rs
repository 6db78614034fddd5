//! Reusable pieces of UI.
pub mod account_request_form;
pub mod audit_list;
pub mod card_switch;
pub mod dispatch_table;
pub mod dispatch_text;
pub mod error_text;
pub mod format;
pub mod host_bridge;
pub mod integration_card;
pub mod integration_form;
pub mod integration_notice;
pub mod language_switch;
pub mod mailing_settings_form;
pub mod modal;
pub mod provider_select;
